"""The metric functions, on hand-made inputs and on real provisions of the corpus."""

from __future__ import annotations

import pytest

from assistant.events import CitedProvision
from evals.checks import check_answer, citation_problem, text_citation_problems
from evals.metrics import (
    band_steps,
    bigram_recall,
    cn_number,
    fine_range,
    percentile,
    precision_recall,
    quantities,
    same_ref,
    string_covered,
    unsupported_quantities,
)
from knowledge.citations import resolve_reference
from knowledge.statutes.store import load_store

BUNDLED = load_store()  # the bundled corpus: what these checks are written against


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("二百", 200),
        ("三千", 3000),
        ("十五", 15),
        ("2万", 20000),
        ("五十", 50),
        ("一万五千", 15000),
        ("1.5", 1.5),
    ],
)
def test_numbers_in_chinese_and_digits(text, value):
    assert cn_number(text) == value


def test_quantities_normalise_units_and_skip_article_numbers():
    got = quantities("依据第五十一条，对公民处二百元以下罚款，十五天内缴纳，或者2万元；听证五个工作日")
    assert got == {(200.0, "元"), (15.0, "日"), (20000.0, "元"), (5.0, "工作日")}


def test_unsupported_numbers_against_a_real_provision():
    (res,) = resolve_reference("《中华人民共和国行政处罚法》第五十一条", store=BUNDLED)
    assert res.found and res.text
    answer = "当场处罚对公民罚款上限200元，对单位3000元，十五日内缴纳。"
    assert unsupported_quantities(answer, [res.text]) == ["十五日"]
    assert unsupported_quantities("对公民处二百元以下罚款", [res.text]) == []
    # 某一天 / 哪一天 state no quantity (as the product's own check, assistant.numbers, reads them); 一天 does
    assert unsupported_quantities("从违法行为终了的某一天起算，哪一天都可以。", [res.text]) == []
    assert unsupported_quantities("一天之内缴纳。", [res.text]) == ["一天"]


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("50–500元", (50, 500)),
        ("2000元以下", (None, 2000)),
        ("每日50元", (50, None)),
        ("5000元", (5000, 5000)),
        ("（不罚款或无固定金额）", (None, None)),
        ("工程造价百分之一以上百分之三以下（无固定金额）", (None, None)),
    ],
)
def test_fine_labels(label, expected):
    assert fine_range(label) == expected


def test_band_steps():
    assert band_steps("一般", "一般") == 0
    assert band_steps("轻微", "较重") == 2
    assert band_steps("不予处罚", "轻微") == 1
    assert band_steps("not_applicable", "一般") is None
    assert band_steps("一般", None) is None


def test_same_ref_item_and_paragraph_rules():
    want = {"law": "L", "article": "第十八条", "item": "（三）", "paragraph": "第一款"}
    assert same_ref(
        want, {"law": "L", "article": "第十八条", "item": "(三)", "paragraph": None}, item="equal"
    )
    assert not same_ref(want, {"law": "L", "article": "第十八条", "item": "（一）"}, item="equal")
    assert same_ref(want, {"law": "L", "article": "第十八条", "item": "（一）"})  # article level
    assert not same_ref(
        want,
        {"law": "L", "article": "第十八条", "item": "（三）", "paragraph": "第二款"},
        item="equal",
        paragraph=True,
    )
    assert not same_ref(want, {"law": "M", "article": "第十八条"})


def test_point_coverage_by_string():
    answer = "简易程序：对公民处二百元以下罚款，对法人或者其他组织处三千元以下罚款或者警告。"
    assert string_covered("对公民处二百元以下罚款", answer)
    assert string_covered("对法人或者其他组织处三千元以下罚款", answer)
    assert not string_covered("当事人应当在行政机关告知后五日内提出", answer)
    assert 0 < bigram_recall("对公民处五百元以下罚款", answer) < 1


def test_percentile_and_precision_recall():
    assert percentile([3.0, 1.0, 2.0, None], 50) == 2.0
    assert percentile([1.0] * 19 + [10.0], 95) == 1.0
    assert percentile([1.0] * 18 + [10.0, 10.0], 95) == 10.0
    assert percentile([], 50) is None
    assert precision_recall(3, 1, 0) == (0.75, 1.0)
    assert precision_recall(0, 0, 0) == (None, None)


def test_citation_validity_against_the_corpus():
    (res,) = resolve_reference("《中华人民共和国行政处罚法》第五十一条", store=BUNDLED)
    good = CitedProvision(
        id=str(res.id), law=str(res.law_title), label="第五十一条", text=str(res.text), verified=True
    )
    assert citation_problem(good, store=BUNDLED) is None
    tampered = good.model_copy(update={"text": str(res.text).replace("二百元", "五百元")})
    assert "不符" in str(citation_problem(tampered, store=BUNDLED))
    assert "未核实" in str(citation_problem(good.model_copy(update={"verified": False}), store=BUNDLED))
    invented = good.model_copy(update={"id": "xingzhengchufafa:999"})
    assert "没有" in str(citation_problem(invented, store=BUNDLED))
    assert text_citation_problems("依据《中华人民共和国行政处罚法》第九百条处理。", None, store=BUNDLED)
    report = check_answer("依据《中华人民共和国行政处罚法》第九百条，罚款1000元。", [good], store=BUNDLED)
    assert report["citations_invalid"] == 1 and report["unsupported_numbers"] == ["1000元"]


def test_a_refusal_naming_the_missing_article_is_not_an_invalid_citation():
    refusal = "未找到：《中华人民共和国行政处罚法》没有第九十九条（共86条）\n法规库中没有找到可以回答这个问题的规定。"
    assert text_citation_problems(refusal, None, store=BUNDLED) == []
    assert text_citation_problems(
        "依照《中华人民共和国行政处罚法》第九十九条，应当着装。", None, store=BUNDLED
    )


def test_english_words_read_numbers_either_way():
    from evals.suites.media import english_words

    assert english_words("one two three") == english_words("1, 2, 3.") == ["1", "2", "3"]
