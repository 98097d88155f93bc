"""`zhifa review …` and `zhifa duty watch --once` on a seeded demo district."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from case_api import db
from case_api.demo.seed import seed
from case_api.sqltypes import utcnow
from channels.cli import duty_cmds, review_cmds
from core.settings import Settings, get_settings


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[typer.Typer]:
    url = f"sqlite:///{tmp_path / 'zhifa.db'}"
    monkeypatch.setenv("ZHIFA_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("ZHIFA_DATABASE_URL", url)
    monkeypatch.setenv("ZHIFA_ENVIRONMENT", "development")
    monkeypatch.setenv("ZHIFA_LOAD_MODELS_ON_START", "false")
    get_settings.cache_clear()  # the commands read the process settings: these, not an earlier test's
    settings = Settings()
    db.upgrade(settings)
    with db.session_for(settings) as session:
        seed(session, settings=settings, now=utcnow())
        session.commit()
    app = typer.Typer()
    review_cmds.register(app)
    duty_cmds.register(app)
    yield app
    db.dispose_engine(url)
    get_settings.cache_clear()


def test_review_commands(cli: typer.Typer) -> None:
    runner = CliRunner()
    demo = runner.invoke(cli, ["review", "demo"])
    assert demo.exit_code == 0, demo.output
    for rule in ("DOC-PRIOR-NOTICE", "TIME-LIMITS", "FINE-RANGE", "LAW-PENALTY", "EVIDENCE-INTACT"):
        assert f"[{rule}]" in demo.output
    assert "得分 100　等级 优" in demo.output
    every = runner.invoke(cli, ["review", "all"])
    assert every.exit_code == 0 and "共评查" in every.output
    summary = runner.invoke(cli, ["review", "summary", "--by", "officer", "--json"])
    rows = json.loads(summary.output)["rows"]
    assert summary.exit_code == 0 and {r["key"] for r in rows} >= {"李建国", "王晓东"}
    assert runner.invoke(cli, ["review", "summary", "--by", "x"]).exit_code == 2
    assert runner.invoke(cli, ["review", "case", "999999"]).exit_code == 1
    assert "LAW-PENALTY" in runner.invoke(cli, ["review", "checklist"]).output


def test_duty_watch_once(cli: typer.Typer) -> None:
    result = CliRunner().invoke(cli, ["duty", "watch", "--once"])
    assert result.exit_code == 0 and "在岗班次" in result.output


def test_warnings_evaluate(cli: typer.Typer) -> None:
    result = CliRunner().invoke(cli, ["warnings", "evaluate", "--week", "2026-03-04"])
    assert result.exit_code == 0 and "2026-03-02 起一周：新预警 0" in result.output
