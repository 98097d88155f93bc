"""The statute store holds every article of every bundled law, counted independently of the parser."""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path

import pytest

from knowledge.statutes.numerals import article_label, cn_to_int, int_to_cn
from knowledge.statutes.parser import parse_statute
from knowledge.statutes.sources import read_sources
from knowledge.statutes.store import BUNDLED_DIR, load_store

SHARED = (
    Path(os.environ.get("ZHIFA_SHARED_DIR") or Path(__file__).resolve().parents[3] / "shared")
    / "corpus"
    / "statutes"
)
LAW_FILES = sorted(p for p in BUNDLED_DIR.glob("*.md") if p.name != "SOURCES.md")


def count_article_lines(path: Path) -> int:
    """Lines starting 第X条 outside the 沿革 section — a count that shares no code with the parser."""
    count, in_history = 0, False
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            in_history = "沿革" in line
            continue
        if re.match(r"^第[一二三四五六七八九十百零〇]+条(之[一二三四五六七八九十]+)?[ 　]", line):
            # some files go straight from the 沿革 lines to 第一条 without a heading
            in_history = in_history and not line.startswith("第一条")
            count += 0 if in_history else 1
    return count


def test_bundled_copy_matches_shared_corpus():
    assert SHARED.is_dir(), (
        f"{SHARED}: set ZHIFA_SHARED_DIR (make does) to the shared data beside the checkout"
    )
    for path in SHARED.iterdir():
        assert (BUNDLED_DIR / path.name).read_bytes() == path.read_bytes(), path.name


def test_every_law_file_is_loaded():
    store = load_store()
    assert len(LAW_FILES) == 40
    assert sorted(law.title for law in store.laws.values()) == sorted(p.stem for p in LAW_FILES)


@pytest.mark.parametrize("path", LAW_FILES, ids=lambda p: p.stem)
def test_article_count_matches_file_and_sources(path: Path):
    store = load_store()
    law = next(law for law in store.laws.values() if law.title == path.stem)
    rows = read_sources(BUNDLED_DIR / "SOURCES.md")
    assert len(law.articles) == count_article_lines(path) == rows[path.name].article_count
    assert [a.number for a in law.articles] == list(range(1, len(law.articles) + 1))
    assert all(a.paragraphs and a.text for a in law.articles)


def test_total_articles():
    assert sum(len(law.articles) for law in load_store().laws.values()) == 2673


def test_levels_regions_and_dates_from_sources():
    store = load_store()
    cf = store.law("xingzhengchufafa")
    assert cf is not None
    assert (cf.level, cf.region, cf.meta.revised, cf.meta.effective) == (
        "法律",
        "全国",
        date(2021, 1, 22),
        date(2021, 7, 15),
    )
    assert cf.in_force(date(2022, 1, 1)) and not cf.in_force(date(2021, 1, 1))
    cq = store.law("cq-shironghuanjingweishengguanlitiaoli")
    assert cq is not None and (cq.level, cq.region) == ("地方性法规", "重庆")
    assert {law.level for law in store.laws.values()} == {"法律", "行政法规", "地方性法规"}


def test_paragraphs_and_items_full_and_half_width():
    store = load_store()
    a58 = store.article("xingzhengchufafa:58")
    assert a58 is not None and a58.label == "第五十八条"
    assert (a58.chapter, a58.section) == ("第五章 行政处罚的决定", "第三节 普通程序")
    assert [len(p.items) for p in a58.paragraphs] == [4, 0]
    assert a58.paragraphs[0].items[2].text.startswith("（三）")
    # 无证无照经营查处办法 prints items as (一)
    a3 = store.article("wuzhengwuzhaojingyingchachubanfa:3")
    assert a3 is not None and [it.number for it in a3.paragraphs[0].items] == [1, 2]
    assert a3.paragraphs[0].items[0].text.startswith("(一)")


def test_history_lines_are_not_articles():
    law = load_store().law("wuzhengwuzhaojingyingchachubanfa")
    assert law is not None
    assert law.history == ["2017年8月6日 中华人民共和国国务院令第684号公布", "2017年10月1日 施行"]
    assert law.articles[0].text.startswith("为了维护社会主义市场经济秩序")


def test_sections_inside_chapter_heading_with_arrow():
    a = load_store().article("zhianguanlichufafa:30")
    assert a is not None
    assert a.chapter == "第三章 违反治安管理的行为和处罚"
    assert a.section == "第一节 扰乱公共秩序的行为和处罚"


def test_names_short_curated_and_ambiguity():
    store = load_store()
    for name in ("中华人民共和国行政处罚法", "行政处罚法", "处罚法"):
        found = store.find_law(name)
        assert found is not None and found.law_ids == ("xingzhengchufafa",)
    found = store.find_law("市容条例")
    assert found is not None and found.law_ids == ("cq-shironghuanjingweishengguanlitiaoli",)
    # a title always beats a derived name: the national 行政执法监督条例 vs 重庆市行政执法监督条例
    found = store.find_law("行政执法监督条例")
    assert found is not None and found.law_ids == ("xingzhengzhifajiandutiaoli",)
    assert store.find_law("重庆市户外广告管理条例") is None


def test_numerals_round_trip():
    for n in [1, 10, 11, 20, 99, 100, 101, 110, 118, 1000, 1010]:
        assert cn_to_int(int_to_cn(n)) == n
    assert int_to_cn(118) == "一百一十八"
    assert cn_to_int("51") == 51
    assert article_label(10, 1) == "第十条之一"


def test_parser_traps_quoted_articles_insertions_gaps_duplicates():
    text = "\n".join(
        [
            "# 某某市示范条例",
            "## 制定及修订沿革",
            "2020年1月1日 通过，第三条修改",
            "第一章 总则",
            "第一条 为了示范，制定本条例。",
            "第二条 本条例所称事项如下：",
            "（一）甲；",
            "(二)乙。",
            "第二十条规定的情形除外。",
            "第二条之一 新增的条文。",
            "第三条 引用“第九条 不应成为条文”。",
            "第五条 缺了第四条。",
            "第五条 重复的第五条。",
        ]
    )
    parsed = parse_statute(text, law_id="demo")
    assert parsed.title == "某某市示范条例"
    assert [a.label for a in parsed.articles] == [
        "第一条",
        "第二条",
        "第二条之一",
        "第三条",
        "第五条",
        "第五条",
    ]
    second = parsed.articles[1]
    assert len(second.paragraphs) == 2 and [i.number for i in second.paragraphs[0].items] == [1, 2]
    assert second.paragraphs[1].text == "第二十条规定的情形除外。"
    assert parsed.articles[2].id == "demo:2-1"
    assert parsed.history == ["2020年1月1日 通过，第三条修改"]
    assert any("缺少第四条" in p for p in parsed.problems)
    assert any("第五条 重复" in p for p in parsed.problems)
