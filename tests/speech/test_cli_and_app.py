"""`zhifa transcribe` prints the text last; `zhifa worker` needs a Redis URL; the server mounts the speech routes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from channels.cli.main import app as cli
from channels.components import Components
from core.settings import Settings
from speech.asr import char_error_rate
from tests.speech.conftest import PADDLE, PADDLE_TEXT


@pytest.fixture
def env(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    from core.settings import get_settings

    monkeypatch.setenv("ZHIFA_DATA_DIR", str(settings.data_dir))
    monkeypatch.delenv("ZHIFA_REDIS_URL", raising=False)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def test_transcribe_prints_the_final_text_last(env: None, components: Components) -> None:
    result = CliRunner().invoke(cli, ["transcribe", str(PADDLE)], obj=components)  # the session's Whisper
    assert result.exit_code == 0, result.output
    last = result.output.strip().splitlines()[-1]
    assert char_error_rate(last, PADDLE_TEXT) <= 0.05 and last.endswith("。")


def test_transcribe_reports_bad_files_in_chinese(env: None, components: Components, tmp_path: Path) -> None:
    bad = tmp_path / "bad.amr"
    bad.write_bytes(b"#!AMR\n" + b"\x00" * 7)
    result = CliRunner().invoke(cli, ["transcribe", str(bad)], obj=components)
    assert result.exit_code == 2 and "错误：" in result.output


def test_worker_without_redis_says_so(env: None) -> None:
    result = CliRunner().invoke(cli, ["worker", "--burst"])
    assert result.exit_code == 2 and "ZHIFA_REDIS_URL" in result.output


def test_the_server_mounts_speech_behind_a_login(app_settings: Settings) -> None:
    from channels.server import create_app

    app = create_app(app_settings)
    paths = set(app.openapi()["paths"])
    assert {"/api/speech/jobs", "/api/speech/jobs/{job_id}", "/api/speech/ask"} <= paths
    with TestClient(app) as client:
        r = client.get("/api/speech/jobs/abc")
        assert r.status_code == 401 and r.json()["code"] == "unauthenticated"
