"""`zhifa doctor` and `zhifa models assemble`, run for real with every non-loopback connection blocked."""

from __future__ import annotations

import json
import socket

import pytest
from typer.testing import CliRunner

from channels.cli import model_cmds
from channels.cli.main import app
from channels.cli.setup_steps import STEPS

pytestmark = pytest.mark.models
MODELS = ["llm", "asr", "embedder", "detector", "ocr"]


def test_the_guard_blocks_outside_addresses_and_allows_loopback(guard):
    before = len(guard.attempts)
    with pytest.raises(OSError, match="network blocked"):
        socket.getaddrinfo("pypi.org", 443)
    with socket.socket() as s, pytest.raises(OSError, match="network blocked"):
        s.connect(("203.0.113.7", 443))  # TEST-NET-3: refused before any packet leaves
    assert len(guard.attempts) == before + 2
    del guard.attempts[before:]
    assert socket.getaddrinfo("127.0.0.1", 80)


def test_every_model_check_passes_offline(settings, guard, llm, asr, embedder, detector, ocr):
    results = {r.component: r for r in model_cmds.run_checks(settings)}
    for name in MODELS:
        assert results[name].status == "ok", (name, results[name].detail)
        assert results[name].run_seconds is not None
    assert results["data_dir"].status in ("ok", "warn")
    assert results["database"].status in ("ok", "failed", "skipped")  # owned by case_api; reported either way
    assert "渝F·12345" in results["ocr"].detail and "4" in results["detector"].detail
    assert guard.attempts == [], guard.attempts  # nothing even tried to reach the network


def test_doctor_json_and_exit_code(settings, monkeypatch):
    monkeypatch.setattr(model_cmds, "get_settings", lambda: settings)
    result = CliRunner().invoke(app, ["doctor", "--json", "--only", "ocr", "--only", "embedder"])
    payload = json.loads(result.stdout)
    checks = {c["component"]: c for c in payload["checks"]}
    assert set(checks) == {"data_dir", "database", "ocr", "embedder"}
    assert checks["ocr"]["status"] == "ok" and checks["embedder"]["status"] == "ok"
    assert result.exit_code == (0 if payload["ok"] else 1)
    assert payload["ok"] == all(c["status"] != "failed" for c in checks.values())


def test_a_broken_required_model_fails_the_doctor_with_advice(settings, monkeypatch, tmp_path):
    broken = settings.model_copy(
        update={"detector": settings.detector.model_copy(update={"weights": tmp_path / "x.pt"})}
    )
    monkeypatch.setattr(model_cmds, "get_settings", lambda: broken)
    result = CliRunner().invoke(app, ["doctor", "--only", "detector"])
    assert result.exit_code == 1
    assert (
        "detector" in result.stdout
        and "failed" in result.stdout
        and "ZHIFA_DETECTOR__WEIGHTS" in result.stdout
    )


def test_assemble_is_instant_when_cached_and_is_a_setup_step(settings, monkeypatch):
    monkeypatch.setattr(model_cmds, "get_settings", lambda: settings)
    result = CliRunner().invoke(app, ["models", "assemble"])
    assert result.exit_code == 0, result.stdout
    assert result.stdout.count("已是最新") == 2
    assert any(s.order == 10 and "assemble" in s.label for s in STEPS)
