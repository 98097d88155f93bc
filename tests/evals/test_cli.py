"""`zhifa eval run | report | compare | gate | suites` through the real command-line app."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from channels.cli import eval_cmds
from channels.cli.main import app
from channels.components import Components
from core.settings import Settings

runner = CliRunner()


@pytest.fixture
def use_settings(kb_settings: Settings, components: Components) -> Components:
    """The container the commands ask (``app(obj=…)``): the session's settings and models."""
    return components


def test_run_report_compare_gate(use_settings: Components, tmp_path: Path):
    out = tmp_path / "run"
    ran = runner.invoke(
        app, ["eval", "run", "--suite", "offence", "--limit", "2", "--out", str(out)], obj=use_settings
    )
    assert ran.exit_code == 0, ran.output
    assert "违法行为 top-1：1.000" in ran.output and "[offence] 2/2 dev-off-002 通过" in ran.output
    assert {p.name for p in out.iterdir()} >= {
        "report.json",
        "report.md",
        "report.html",
        "offence.results.jsonl",
    }
    again = runner.invoke(
        app, ["eval", "run", "--suite", "offence", "--limit", "2", "--out", str(out)], obj=use_settings
    )
    assert again.exit_code == 0 and "已完成（续跑跳过）" in again.output
    rebuilt = runner.invoke(app, ["eval", "report", str(out)], obj=use_settings)
    assert rebuilt.exit_code == 0 and "report.html" in rebuilt.output
    same = runner.invoke(app, ["eval", "compare", str(out), str(out / "report.json")], obj=use_settings)
    assert same.exit_code == 0 and "没有变化" in same.output
    assert (
        runner.invoke(app, ["eval", "gate", str(out), "--baseline", str(out)], obj=use_settings).exit_code
        == 0
    )
    worse = json.loads((out / "report.json").read_text(encoding="utf-8"))
    worse["suites"]["offence"]["summary"]["top1"] = 0.5
    (tmp_path / "worse.json").write_text(json.dumps(worse, ensure_ascii=False), encoding="utf-8")
    gated = runner.invoke(
        app, ["eval", "gate", str(tmp_path / "worse.json"), "--baseline", str(out)], obj=use_settings
    )
    assert gated.exit_code == 1 and "offence.top1" in gated.output
    other = runner.invoke(
        app,
        ["eval", "run", "--suite", "offence", "--mode", "auto", "--limit", "1", "--out", str(out)],
        obj=use_settings,
    )
    assert other.exit_code == 2 and "--fresh" in other.output


def test_bad_arguments_are_clear(use_settings: Components, tmp_path: Path):
    unknown = runner.invoke(
        app, ["eval", "run", "--suite", "poetry", "--out", str(tmp_path)], obj=use_settings
    )
    assert unknown.exit_code != 0 and "未知的评测套件" in str(unknown.exception or unknown.output)
    no_llm = runner.invoke(
        app, ["eval", "run", "--suite", "legal_qa", "--llm", "none", "--out", str(tmp_path)], obj=use_settings
    )
    assert no_llm.exit_code == 2 and "需要大模型" in no_llm.output
    local = runner.invoke(
        app,
        [
            "eval",
            "run",
            "--suite",
            "retrieval",
            "--url",
            "http://127.0.0.1:9",
            "--token",
            "t",
            "--out",
            str(tmp_path),
        ],
        obj=use_settings,
    )
    assert local.exit_code == 2 and "只能在本机进程内运行" in local.output
    listed = runner.invoke(app, ["eval", "suites"], obj=use_settings)
    assert listed.exit_code == 0 and "offence" in listed.output and "retrieval" in listed.output


def test_llm_option_selects_the_model(settings: Settings, tmp_path: Path):
    assert eval_cmds.with_llm(settings, None) is settings and eval_cmds.with_llm(settings, "none") is settings
    served = eval_cmds.with_llm(settings, "openai:http://127.0.0.1:8080/v1#qwen")
    assert (served.llm.backend, served.llm.openai_base_url, served.llm.openai_model) == (
        "openai",
        "http://127.0.0.1:8080/v1",
        "qwen",
    )
    gguf = tmp_path / "other.gguf"
    gguf.write_bytes(b"GGUF")
    assert eval_cmds.with_llm(settings, str(gguf)).llm.model_path == gguf.resolve()
    assert settings.llm.model_path != gguf.resolve()  # the process's settings are untouched
    import typer

    with pytest.raises(typer.BadParameter, match="找不到模型文件"):
        eval_cmds.with_llm(settings, str(tmp_path / "missing.gguf"))
