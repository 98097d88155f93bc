"""`zhifa db upgrade`, `zhifa users create`, `zhifa audit verify` (non-zero exit on tampering)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from case_api import db
from case_api.users import security
from channels.cli.main import app
from channels.cli.setup_steps import STEPS
from core.settings import get_settings


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("ZHIFA_DATA_DIR", str(tmp_path / "var"))
    monkeypatch.delenv("ZHIFA_DATABASE_URL", raising=False)
    monkeypatch.setattr(security, "BCRYPT_ROUNDS", 4)
    get_settings.cache_clear()
    yield tmp_path / "var"
    db.dispose_engine(get_settings().sqlalchemy_url)
    get_settings.cache_clear()


def test_upgrade_create_verify_and_detect_tampering(data_dir: Path) -> None:
    runner = CliRunner()
    r = runner.invoke(app, ["db", "upgrade"])
    assert r.exit_code == 0, r.output
    r = runner.invoke(app, ["users", "create", "o1", "--role", "officer", "--name", "李", "--badge-no", "5001",
                            "--password", "secret-pass-1"])  # fmt: skip
    assert r.exit_code == 0, r.output
    r = runner.invoke(
        app, ["users", "create", "o2", "--role", "officer", "--name", "王", "--password", "secret-pass-1"]
    )
    assert r.exit_code == 1 and "执法证号" in r.output
    r = runner.invoke(app, ["audit", "verify"])
    assert r.exit_code == 0 and "审计链完整" in r.output
    with sqlite3.connect(data_dir / "zhifa.db") as conn:
        conn.execute("UPDATE audit_entry SET payload = '{}' WHERE seq = 1")
    r = runner.invoke(app, ["audit", "verify"])
    assert r.exit_code == 1 and "hash_mismatch" in r.output


def test_setup_step_is_registered() -> None:
    step = next(s for s in STEPS if s.order == 20)
    assert step.label == "数据库迁移 / migrate the database"
