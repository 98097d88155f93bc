"""`zhifa kb offences` (channels/cli/offence_cmds.py), keyword mode: no model is loaded."""

from __future__ import annotations

import json

import typer
from typer.testing import CliRunner

from channels.cli import offence_cmds


def _app() -> typer.Typer:
    app = typer.Typer()

    @app.callback()
    def _root() -> None:
        """root"""

    app.add_typer(offence_cmds.kb_app, name="kb")
    return app


def test_lists_the_catalogue_as_json() -> None:
    result = CliRunner().invoke(_app(), ["kb", "offences", "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert len(rows) >= 60
    assert {"id", "name", "violated", "penalty", "fines"} <= set(rows[0])


def test_lists_the_catalogue_as_a_table() -> None:
    result = CliRunner().invoke(_app(), ["kb", "offences"])
    assert result.exit_code == 0, result.output
    assert "违法行为目录" in result.output


def test_match_prints_ranked_hits() -> None:
    text = "凌晨一点一辆渣土车没盖篷布，一路掉土，车辆登记在某运输有限公司名下"
    result = CliRunner().invoke(_app(), ["kb", "offences", "--match", text, "--k", "3", "--keywords-only"])
    assert result.exit_code == 0, result.output
    assert "违则" in result.output and "罚则" in result.output and "裁量建议" in result.output
    assert "第六十七条" in result.output


def test_match_json_with_party() -> None:
    args = [
        "kb",
        "offences",
        "-m",
        "路边有人随地吐痰",
        "--party",
        "organisation",
        "--json",
        "--k",
        "2",
        "--keywords-only",
    ]
    result = CliRunner().invoke(_app(), args)
    assert result.exit_code == 0, result.output
    hits = json.loads(result.output)
    assert len(hits) == 2
    top = hits[0]
    assert top["id"] == "spitting" and top["party"] == "organisation"
    assert (top["fine_min"], top["fine_max"]) == (200, 2000)
    assert top["penalty_primary"] == {"law": "重庆市市容环境卫生管理条例", "article": "第四十五条"}


def test_bad_party_is_refused() -> None:
    result = CliRunner().invoke(_app(), ["kb", "offences", "-m", "摆摊", "--party", "company"])
    assert result.exit_code != 0
