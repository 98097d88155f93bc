"""Hybrid retrieval on the real corpus with the real embedder (index built once per session)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from channels.components import Components
from core.errors import UserError
from core.settings import Settings
from evals.kb_eval import DEFAULT_DATA, evaluate, load
from knowledge.base import KnowledgeBase
from knowledge.retrieval import BuildReport, Searcher, build

pytestmark = pytest.mark.models


def refs(searcher: Searcher, query: str, **kw: object) -> list[str]:
    return [h.ref for h in searcher.search(query, **kw).hits]  # type: ignore[arg-type]


def test_index_holds_every_article_and_rebuild_is_instant(
    kb_settings: Settings, kb_build: tuple[BuildReport, float], components: Components
):
    report, _ = kb_build
    assert report.kinds["article"] >= 2673
    again = build(kb_settings, embedder=components.embedder())  # the session's embedder
    assert again.unchanged and again.embedded == 0 and again.seconds < 10
    assert (kb_settings.index_dir / "kb" / "vectors.npy").exists()


def test_cases_are_indexed_incrementally(
    kb_settings: Settings, kb_build: tuple[BuildReport, float], searcher: Searcher, components: Components
):
    case = {
        "id": "2024-0001",
        "title": "万州区某水果店出店经营案",
        "facts": "当事人在店门外人行道上摆放水果货架经营，占道约三平方米，经责令改正后搬回。",
    }
    report = build(kb_settings, embedder=components.embedder(), cases=[case])
    assert report.embedded == 1 and report.kinds["case"] == 1
    fresh = KnowledgeBase(kb_settings, embedder=components.embedder).searcher  # reads the index as it is now
    assert "case:2024-0001" in refs(fresh, "水果店出店经营", k=5, kinds=("case",))
    kept = build(kb_settings, embedder=components.embedder())  # cases=None keeps the cases already indexed
    assert kept.kinds["case"] == 1 and kept.embedded == 0


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("占道经营怎么处罚", "cq-shironghuanjingweishengguanlitiaoli:18"),
        ("简易程序当场处罚罚款上限", "xingzhengchufafa:51"),
        ("当事人到期不缴纳罚款每日加处罚款", "xingzhengchufafa:72"),
        ("电子技术监控设备记录违法事实", "xingzhengchufafa:41"),
    ],
)
def test_typical_questions_find_their_article(searcher: Searcher, query: str, expected: str):
    assert expected in refs(searcher, query, k=5, kinds=("article",))


def test_a_cited_article_comes_first(searcher: Searcher):
    result = searcher.search("行政处罚法第五十一条怎么理解", k=5)
    assert result.hits[0].ref == "xingzhengchufafa:51" and result.hits[0].direct
    assert result.laws_detected[0] == "xingzhengchufafa"


def test_filters_law_level_region_and_date(searcher: Searcher):
    assert set(h.law_id for h in searcher.search("罚款", k=10, law="市容条例").hits) == {
        "cq-shironghuanjingweishengguanlitiaoli"
    }
    assert all(h.kind == "article" for h in searcher.search("罚款", k=10, level="法律").hits)
    levels = {
        searcher.store.laws[h.law_id].level for h in searcher.search("罚款", k=10, level="行政法规").hits
    }
    assert levels == {"行政法规"}
    regions = {
        searcher.store.laws[h.law_id].region for h in searcher.search("绿化", k=10, region="重庆").hits
    }
    assert regions == {"重庆"}
    # 治安管理处罚法 (2025 revision) is in force from 2026-01-01 only
    before = searcher.search("扰乱公共秩序 治安管理处罚", k=20, on=date(2025, 6, 1)).hits
    assert "zhianguanlichufafa" not in {h.law_id for h in before}
    after = searcher.search("扰乱公共秩序 治安管理处罚", k=20, on=date(2026, 6, 1)).hits
    assert "zhianguanlichufafa" in {h.law_id for h in after}


def test_bad_filters_are_clear_errors(searcher: Searcher):
    with pytest.raises(UserError) as info:
        searcher.search("罚款", law="重庆市户外广告管理条例")
    assert info.value.code == "unknown_law"
    with pytest.raises(UserError) as info:
        searcher.search("罚款", level="部门文件")
    assert info.value.code == "unknown_level"
    with pytest.raises(UserError):
        searcher.search("罚款", k=0)


@pytest.mark.parametrize("query", ["", "   ", "😀😀😀", "？？！！"])
def test_empty_or_symbol_only_queries_are_refused(searcher: Searcher, query: str):
    with pytest.raises(UserError) as info:
        searcher.search(query)
    assert info.value.code == "empty_query" and "请" in info.value.message


def test_odd_but_meaningful_queries_give_sane_results(searcher: Searcher):
    long = searcher.search("占道经营" * 2500, k=5)  # 10,000 characters
    assert long.truncated and long.hits
    assert "cq-shironghuanjingweishengguanlitiaoli:18" in refs(
        searcher, "佔道經營怎麼處罰", k=5
    )  # traditional
    assert refs(searcher, "🍉 占道经营 😀 罚款", k=5)
    mixed = refs(searcher, "city management 占道经营 fine how much", k=5)
    occupation = {
        f"cq-shironghuanjingweishengguanlitiaoli:{n}" for n in (18, 22, 25, 26)
    }  # 占道经营's articles
    assert occupation & set(mixed[:2])


def test_unknown_law_and_missing_article_are_flagged(searcher: Searcher):
    result = searcher.search("按《重庆市户外广告管理条例》未经许可设置户外广告罚多少", k=5)
    assert result.unknown_laws == ["重庆市户外广告管理条例"]
    result = searcher.search("《行政处罚法》第九十九条怎么规定", k=5)
    assert result.missing_articles and "没有第九十九条" in result.missing_articles[0]


def test_fused_recall_on_dev_set_and_fusion_helps(searcher: Searcher):
    assert DEFAULT_DATA.exists(), DEFAULT_DATA  # the repository's copy of the dev set
    report = evaluate(searcher, load(DEFAULT_DATA), k=5)
    fused = report["modes"]["fused"]["recall_micro"]
    assert (
        fused >= 0.90
    )  # measured 0.94 (47/50); 0.78 before the second stage (related provisions, question types)
    assert fused >= report["modes"]["keyword"]["recall_micro"]
    assert fused >= report["modes"]["dense"]["recall_micro"]


EXTRA_DATA = Path(__file__).parent / "data" / "legal_qa_extra.jsonl"


def test_fused_recall_on_held_out_questions(searcher: Searcher):
    """Questions written apart from the dev set (other topics and phrasings), so tuning cannot overfit dev alone."""
    report = evaluate(searcher, load(EXTRA_DATA), k=5)
    fused = report["modes"]["fused"]["recall_micro"]
    assert fused >= 0.90  # measured 0.967 (29/30); 0.833 (25/30) before the second stage
    assert fused >= report["modes"]["keyword"]["recall_micro"]
    assert fused >= report["modes"]["dense"]["recall_micro"]


def test_related_provisions_resolve(searcher: Searcher):
    import yaml

    from knowledge.retrieval.rerank import RELATED_FILE, load_rules

    entries = yaml.safe_load(RELATED_FILE.read_text(encoding="utf-8"))
    rules = load_rules(searcher.store)
    assert len(rules) == len(entries) and all(r.sources and r.why for r in rules)


def test_a_deadline_question_brings_the_working_day_rule(searcher: Searcher):
    hits = refs(searcher, "听证要求要在几天内提出", k=5, kinds=("article",))
    assert "xingzhengchufafa:64" in hits and "xingzhengchufafa:85" in hits
    # the same article without a deadline question does not drag the definition in
    assert "xingzhengchufafa:85" not in refs(searcher, "听证由谁主持", k=5, kinds=("article",))


def test_a_query_parsed_once_searches_as_the_text_does(searcher: Searcher):
    text = "当事人既不复议也不起诉，就是不交罚款，多久之内可以申请法院强制执行？"
    query = searcher.analyse(text)
    by_query = searcher.search(query, k=8, kinds=("article",)).hits
    by_text = searcher.search(text, k=8, kinds=("article",)).hits
    assert [(h.ref, h.score) for h in by_query] == [(h.ref, h.score) for h in by_text]
    assert query.words and set(query.words) <= set(query.tokens)


def test_hits_carry_the_cosine_of_their_dense_match(searcher: Searcher):
    hits = searcher.search("店招掉了几个字，城管怎么处理？", k=8, kinds=("article",)).hits
    dense = [h for h in hits if h.dense_rank is not None]
    assert dense and all(h.dense_score is not None and 0.5 < h.dense_score <= 1.0 for h in dense)
    best = min(dense, key=lambda h: h.dense_rank or 0)
    assert best.dense_score == max(h.dense_score or 0.0 for h in dense)
    assert all(h.dense_score is None for h in hits if h.dense_rank is None)


def test_unresolved_citations_are_kept_with_their_message(searcher: Searcher):
    query = searcher.analyse("行政处罚法第一百条规定了什么？")
    assert query.unresolved and "第一百条" in query.unresolved[0]
    assert not searcher.analyse("行政处罚法第五十一条规定了什么？").unresolved


def test_haojiu_asks_how_long_unless_it_tells_how_long_ago(searcher: Searcher):
    """Chongqing 好久 is 多久 in a question (扣好久, 好久之内) and "for a long time" in a report (好久没人管)."""
    from knowledge.retrieval.rerank import question_types

    assert "deadline" in question_types("暂扣的三轮车最多可以扣好久？")
    assert "deadline" in question_types("好久之内可以申请复议？")
    assert "deadline" not in question_types("那个摊子好久没人管了")
    asked = searcher.analyse("暂扣的三轮车最多可以扣好久？")
    told = searcher.analyse("那个摊子好久没人管了")
    assert "<期限>" in asked.tokens and "<期限>" not in told.tokens


def test_at_once_before_a_correction_is_no_on_the_spot_procedure() -> None:
    """当场就收了摊 says when the party put it right: neither its keyword nor its 简易程序 expansion goes into the
    query; 当场收了五十块 (当场收缴) and 什么情况下才能当场收 keep both."""
    from knowledge.retrieval.query import _AT_ONCE

    assert _AT_ONCE.sub("立即", "第一次被发现，当场就收了摊") == "第一次被发现，立即就收了摊"
    assert _AT_ONCE.sub("立即", "他当场撕了小广告") == "他立即撕了小广告"
    for kept in ("队员当场收了一个摊贩五十块", "什么情况下才能当场收？", "当场处罚的案子"):
        assert _AT_ONCE.sub("立即", kept) == kept


def test_an_officers_shorthand_for_a_law_before_its_article_is_the_law() -> None:
    """行诉第八十二条 / 行复第20条 name the laws; 进行诉讼 and 执行复议 hold the same two characters and stay as written."""
    from knowledge.retrieval.query import clean

    assert clean("行诉第八十二条讲什么")[0] == "行政诉讼法第八十二条讲什么"
    assert clean("看看行复第20条")[0] == "看看行政复议法第20条"
    assert clean("问：行诉法第46条")[0].endswith("行政诉讼法第46条")
    assert clean("进行诉讼第一步要做什么")[0] == "进行诉讼第一步要做什么"
    assert clean("执行复议第三十条的决定")[0] == "执行复议第三十条的决定"
    assert clean("行诉的事情")[0] == "行诉的事情"
    # 行 the end of another word before 诉 / 复 and an article (游行, 执行): no shorthand
    assert clean("游行诉第三条")[0] == "游行诉第三条"
    assert clean("执行复第3条")[0] == "执行复第3条"
    # (second review) 新行复, a space before the article, an article without 第
    assert clean("新行复第二十条怎么规定的")[0].startswith("新行政复议法第二十条")
    assert clean("行诉法 第82条")[0].startswith("行政诉讼法")
    assert clean("行诉八十二条讲的什么")[0].startswith("行政诉讼法八十二条")


def test_chongqing_how_much_after_paying_is_kept_apart_from_the_verb() -> None:
    """要多交好多？ / 每个月要交好多钱: 交 and 好多 are kept apart (no 交好 for the segmenter to cut out, and for a
    refusal to name); the words stay as said — 罚好多？ is how the articles' everyday questions say it."""
    from knowledge.retrieval.query import clean

    assert clean("要多交好多？")[0].startswith("要多交 好多")
    assert clean("要交好多罚款？")[0].startswith("要交 好多罚款")
    assert clean("每个月要交好多钱，负担重得很")[0].startswith("每个月要交 好多钱")
    assert clean("乱甩烟头罚好多？")[0].startswith("乱甩烟头罚好多")
    assert "交好" not in clean("罚款拖了四十天才交，要多交好多？")[0]
