"""The citation resolver/verifier on the real corpus: found, 未找到, 不明确, 不符 — never a guess."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from knowledge.citations import parse_id, resolve_reference, verify_quote, verify_text
from knowledge.statutes.store import load_store

BUNDLED = load_store()  # the bundled corpus: what these checks are written against

EVALS = Path(__file__).resolve().parents[2] / "evals" / "datasets"  # the repository's copies of the dev sets


@pytest.mark.parametrize(
    ("reference", "expected"),
    [
        ("《中华人民共和国行政处罚法》第三十二条第一款第（二）项", ["xingzhengchufafa:32:1:2"]),
        ("行政处罚法第51条", ["xingzhengchufafa:51"]),
        ("处罚法五十一条", ["xingzhengchufafa:51"]),
        ("《行政处罚法》第六十三、六十四条", ["xingzhengchufafa:63", "xingzhengchufafa:64"]),
        (
            "行政处罚法第六十三条至第六十五条",
            ["xingzhengchufafa:63", "xingzhengchufafa:64", "xingzhengchufafa:65"],
        ),
        ("行政处罚法第四十四条、第四十五条", ["xingzhengchufafa:44", "xingzhengchufafa:45"]),
        ("市容条例第十八条第二款", ["cq-shironghuanjingweishengguanlitiaoli:18:2"]),
        (
            "大气污染防治法第一百一十八条第一款、第二款",
            ["daqiwuranfangzhifa:118:1", "daqiwuranfangzhifa:118:2"],
        ),
        ("行政复议法实施条例第四十一条第一款第(一)项", ["xingzhengfuyifashishitiaoli:41:1:1"]),
        ("行政处罚法第五十八条第（三）项", ["xingzhengchufafa:58:1:3"]),
        ("xingzhengchufafa:58:1:3", ["xingzhengchufafa:58:1:3"]),
    ],
)
def test_references_resolve_to_canonical_ids(reference: str, expected: list[str]):
    results = resolve_reference(reference, store=BUNDLED)
    assert [r.id for r in results] == expected
    assert all(r.found and r.text for r in results)


def test_context_law_for_this_regulation():
    res = resolve_reference("本条例第十八条", context_law="重庆市市容环境卫生管理条例", store=BUNDLED)
    assert [r.id for r in res] == ["cq-shironghuanjingweishengguanlitiaoli:18"]
    missing = resolve_reference("本条例第十八条", store=BUNDLED)
    assert [r.status for r in missing] == ["law_missing"]


def test_article_text_is_returned():
    (res,) = resolve_reference("行政处罚法第五十一条", store=BUNDLED)
    assert res.label == "《中华人民共和国行政处罚法》第五十一条"
    assert res.text is not None and "对公民处以二百元以下" in res.text


@pytest.mark.parametrize(
    ("reference", "status", "words"),
    [
        ("《行政处罚法》第九十九条", "article_missing", "没有第九十九条（共86条）"),
        ("《重庆市户外广告管理条例》第十条", "law_unknown", "没有《重庆市户外广告管理条例》"),
        ("依据重庆市户外广告管理条例第十条处罚", "law_unknown", "没有《重庆市户外广告管理条例》"),
        ("成都市的市容条例第十条", "law_unknown", "没有《成都市市容条例》"),  # another city's own
        ("行政处罚法第五十八条第（五）项", "item_missing", "没有第（五）项"),
        ("行政处罚法第五十一条第三款", "paragraph_missing", "没有第三款"),
        ("第六十三、六十四条", "law_missing", "没有指明是哪部法规"),
    ],
)
def test_unknowns_are_reported_not_guessed(reference: str, status: str, words: str):
    results = resolve_reference(reference, store=BUNDLED)
    assert results and all(r.status == status and not r.ok for r in results)
    assert words in results[0].message
    assert results[0].message.startswith("未找到")


def test_quote_verified_with_punctuation_and_ellipsis_differences():
    text = (
        "根据《中华人民共和国行政处罚法》第五十一条规定：“违法事实确凿并有法定依据, 对公民处以二百元以下……"
        "可以当场作出行政处罚决定。”"
    )
    (res,) = verify_text(text, store=BUNDLED).citations
    assert res.quote_status == "verified" and res.ok


def test_misquote_is_reported_with_the_real_source():
    text = "“当事人应当自收到行政处罚决定书之日起十五日内，到指定的银行或者通过电子支付系统缴纳罚款”（《行政处罚法》第六十八条）"
    (res,) = verify_text(text, store=BUNDLED).citations
    assert res.found and res.quote_status == "mismatch" and not res.ok
    assert res.quote_found_in == "xingzhengchufafa:67"
    assert "不符" in res.message


def test_invented_quote_does_not_match():
    (res,) = verify_quote("行政处罚法第五十一条", "对公民处以五百元以下罚款", store=BUNDLED)
    assert res.quote_status == "mismatch" and "不符" in res.message


def test_extracts_every_citation_from_an_answer():
    answer = (
        "占道经营首次违法，依据《中华人民共和国行政处罚法》第三十三条第一款，可以不予处罚；"
        "否则按重庆市市容环境卫生管理条例第十八条处罚。听证见处罚法第六十三、六十四条。"
        "另据《城市管理执法办法》第十条，……。本法第十条不应被识别。"
    )
    report = verify_text(answer, store=BUNDLED)
    got = [(r.status, r.id) for r in report.citations]
    assert got == [
        ("found", "xingzhengchufafa:33:1"),
        ("found", "cq-shironghuanjingweishengguanlitiaoli:18"),
        ("found", "xingzhengchufafa:63"),
        ("found", "xingzhengchufafa:64"),
        ("law_unknown", None),
        ("law_missing", None),
    ]
    assert not report.ok and report.counts["found"] == 4


def test_references_inside_quotes_belong_to_the_quote():
    text = "第六十七条规定：“除依照本法第六十八条、第六十九条的规定当场收缴的罚款外……”"
    report = verify_text(text, context_law="xingzhengchufafa", store=BUNDLED)
    assert [r.id for r in report.citations] == ["xingzhengchufafa:67"]


def test_bare_reference_inherits_law_within_the_line():
    report = verify_text("《行政处罚法》第五十一条规定了简易程序；第六十八条规定了当场收缴。", store=BUNDLED)
    assert [(r.id, r.citation.law_source) for r in report.citations] == [
        ("xingzhengchufafa:51", "explicit"),
        ("xingzhengchufafa:68", "inherited"),
    ]


def test_parse_id():
    c = parse_id("xingzhengchufafa:32:1:2")
    assert c is not None and (c.article, c.paragraph, c.item) == (32, 1, 2)
    assert parse_id("not an id") is None


def test_every_eval_citation_resolves():
    path = EVALS / "legal_qa_dev.jsonl"
    assert path.exists(), path
    store = load_store()
    for line in path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        for cit in record["citations"]:
            (res,) = resolve_reference(f"《{cit['law']}》{cit['article']}", store=store)
            assert res.found, (record["id"], cit)


def test_question_words_before_a_law_name_are_no_part_of_it() -> None:
    from knowledge.citations.extract import find_mentions

    mentions = find_mentions("万州区算不算市容条例里说的主城区？", BUNDLED)
    assert [m.written for m in mentions] == ["市容条例"] and mentions[0].law_ids
    assert [m.written for m in find_mentions("重庆市的市容条例怎么规定", BUNDLED)] == ["市容条例"]
    # the city's own, pointed at (市里那部): no place glued to the name, so no law the corpus lacks
    mentions = find_mentions("市里那部市容环卫条例对万州城区有没有约束力？", BUNDLED)
    assert [m.written for m in mentions] == ["市容环卫条例"] and mentions[0].law_ids


def test_a_bare_article_after_the_one_law_named_on_its_line_is_that_laws() -> None:
    """条例第十八条 after 市容环卫条例 was named (not right before it) is that regulation's; a bare 第X条, another law
    named beside it (held or not), or none, and it stays unattributed."""
    res = resolve_reference(
        "市里那部市容环卫条例对万州城区有没有约束力？条例第十八条里头说的主干道，由哪一级来公布？",
        store=BUNDLED,
    )
    assert [(r.found, r.id) for r in res] == [(True, "cq-shironghuanjingweishengguanlitiaoli:18")]
    res = resolve_reference("市容条例和行政处罚法我都翻了，第十八条到底怎么说？", store=BUNDLED)
    assert [r.status for r in res] == ["law_missing"]
    res = resolve_reference("第十八条到底怎么说？", store=BUNDLED)
    assert [r.status for r in res] == ["law_missing"]
    res = resolve_reference("市容条例和民法典我都翻了，条例第十八条到底怎么说？", store=BUNDLED)
    assert [r.status for r in res] == ["law_missing"]
    res = resolve_reference("我看了行政处罚法，城管文书上写的依据是第三十二条，是哪个法的？", store=BUNDLED)
    assert [r.status for r in res] == ["law_missing"]
    # another place's own regulation pointed at keeps its place (成都市里那部市容条例 is a law the corpus lacks)
    assert [r.status for r in resolve_reference("成都市里那部市容条例第十条", store=BUNDLED)] == [
        "law_unknown"
    ]
    assert [r.status for r in resolve_reference("贵州省这个物业管理条例第十条", store=BUNDLED)] == [
        "law_unknown"
    ]
    # ours pointed at (本市这个, 我们区这个, 重庆市里那部), a district's, or a national law, stay the law we hold
    for text, ident in (
        ("本市这个市容环境卫生管理条例第十条是怎么规定的？", "cq-shironghuanjingweishengguanlitiaoli:10"),
        ("我们区这个市容环卫条例第三十二条说的是啥子？", "cq-shironghuanjingweishengguanlitiaoli:32"),
        ("重庆市里那部市容条例第十条", "cq-shironghuanjingweishengguanlitiaoli:10"),
        ("万州区这个市容条例第十条", "cq-shironghuanjingweishengguanlitiaoli:10"),
        ("成都市这个行政处罚法第十条", "xingzhengchufafa:10"),
        ("本市市容环境卫生管理条例第十条", "cq-shironghuanjingweishengguanlitiaoli:10"),
        ("今年市里这个市容条例第十条", "cq-shironghuanjingweishengguanlitiaoli:10"),
    ):
        assert [(r.found, r.id) for r in resolve_reference(text, store=BUNDLED)] == [(True, ident)], text
    # ours with a name we lack stays a law we lack
    assert [r.status for r in resolve_reference("本市户外广告管理条例第十条", store=BUNDLED)] == [
        "law_unknown"
    ]
    # 规定 / 法规 beside it are words, not another law; 这部条例 is the same law pointed at
    res = resolve_reference("市容环卫条例是地方性法规，对门店外摆有规定，条例第十八条怎么说？", store=BUNDLED)
    assert [r.id for r in res] == ["cq-shironghuanjingweishengguanlitiaoli:18"]
    res = resolve_reference("市容环卫条例，我翻了这部条例，条例第十八条怎么说？", store=BUNDLED)
    assert [r.id for r in res] == ["cq-shironghuanjingweishengguanlitiaoli:18"]


def test_a_code_the_corpus_lacks_is_named_as_a_law_it_lacks() -> None:
    """《生态环境法典》 is a law's title (法典), not a form: the question is refused as naming a law the corpus lacks,
    not answered from 大气污染防治法; a form in 《》 stays no law."""
    from knowledge.citations.extract import find_mentions

    mentions = find_mentions("听说《生态环境法典》出来了，里面对餐馆油烟超标罚多少？", BUNDLED)
    assert [(m.written, m.law_ids) for m in mentions] == [("生态环境法典", ())]
    assert find_mentions("给他开了《责令改正通知书》", BUNDLED) == []
