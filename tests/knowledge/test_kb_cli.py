"""`zhifa kb cite|verify|list|search|add|build` through the real command line app."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from channels.cli.main import app
from channels.components import Components, build_components
from core.settings import Settings
from knowledge.retrieval import Searcher

runner = CliRunner()


@pytest.fixture
def use_settings(kb_settings: Settings, components: Components) -> Components:
    """The container the commands ask (``app(obj=…)``): the session's settings and models."""
    return components


def test_cite_prints_text_or_fails(use_settings: Components):
    ok = runner.invoke(app, ["kb", "cite", "处罚法五十一条"], obj=use_settings)
    assert ok.exit_code == 0 and "对公民处以二百元以下" in ok.output
    missing = runner.invoke(app, ["kb", "cite", "《行政处罚法》第九十九条"], obj=use_settings)
    assert missing.exit_code == 1 and "未找到" in missing.output
    nothing = runner.invoke(app, ["kb", "cite", "没有引用"], obj=use_settings)
    assert nothing.exit_code == 1 and "未找到" in nothing.output


def test_verify_reads_stdin_and_reports_each(use_settings: Components):
    text = "依据《行政处罚法》第五十一条规定：“对公民处以五百元以下罚款”。另依市容条例第十八条处理。"
    result = runner.invoke(app, ["kb", "verify", "-", "--json"], input=text, obj=use_settings)
    assert result.exit_code == 1
    body = json.loads(result.output)
    assert [c["status"] for c in body["citations"]] == ["found", "found"]
    assert body["citations"][0]["quote_status"] == "mismatch"
    good = runner.invoke(app, ["kb", "verify", "行政处罚法第三十三条第二款"], obj=use_settings)
    assert good.exit_code == 0 and "已找到" in good.output


def test_list_shows_sources(use_settings: Components):
    result = runner.invoke(app, ["kb", "list", "--json"], obj=use_settings)
    rows = json.loads(result.output)
    assert len(rows) >= 40 and all(r["source"] for r in rows if r["origin"] == "bundled")


@pytest.mark.models
def test_search_json(use_settings: Components, searcher: Searcher):
    result = runner.invoke(
        app,
        ["kb", "search", "占道经营怎么处罚", "--json", "--k", "4", "--level", "地方性法规"],
        obj=use_settings,
    )
    assert result.exit_code == 0, result.output
    hits = json.loads(result.output)["hits"]
    # 第二十六条 (擅自占道经营: 拆除), 第二十二条, 第二十五条 (临时占道) and 第十八条 (摊点、出店: 罚款)
    assert len(hits) == 4 and "cq-shironghuanjingweishengguanlitiaoli:18" in [h["ref"] for h in hits]
    bad = runner.invoke(app, ["kb", "search", "罚款", "--law", "不存在的条例"], obj=use_settings)
    assert bad.exit_code == 2 and "unknown_law" in bad.output


@pytest.mark.models
def test_add_indexes_only_the_new_regulation(
    components: Components, kb_settings: Settings, searcher: Searcher, tmp_path: Path
):
    settings = Settings(_env_file=None, environment="test", data_dir=tmp_path / "data")
    shutil.copytree(kb_settings.index_dir, settings.index_dir)  # start from the session's built index
    own = build_components(settings, models=components)  # its own data dir, the session's embedder
    reg = tmp_path / "裁量规定.txt"
    reg.write_text(
        "万州区城市管理局占道经营裁量规定\n第一条 为规范占道经营裁量，制定本规定。\n"
        "第二条 首次占道经营且当场改正的，不予处罚。\n第三条 本规定自2024年4月1日起施行。\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["kb", "add", str(reg), "--alias", "占道裁量规定"], obj=own)
    assert result.exit_code == 0, result.output
    flat = "".join(result.output.split())  # rich wraps long lines
    assert "已添加" in flat and "新向量化3条" in flat
    listed = json.loads(runner.invoke(app, ["kb", "list", "--json"], obj=own).output)
    mine = [r for r in listed if r["origin"] == "user"]
    assert len(mine) == 1 and mine[0]["effective"] == "2024-04-01" and "裁量规定.txt" in mine[0]["source"]
    cite = runner.invoke(app, ["kb", "cite", "占道裁量规定第二条"], obj=own)
    assert cite.exit_code == 0 and "不予处罚" in cite.output
    bad = tmp_path / "bad.txt"
    bad.write_text("某规定\n第一条 甲。\n第三条 丙。\n", encoding="utf-8")
    refused = runner.invoke(app, ["kb", "add", str(bad)], obj=own)
    assert refused.exit_code == 2 and "缺少第二条" in "".join(refused.output.split())
