"""Legal Q&A from evidence, deterministic parts: sentence selection, the number/party check on the model's
conclusion, refusal by coverage, quotes without a model. Provisions come from the bundled statute store."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import pytest

from assistant.extract import (
    COVERAGE_MIN,
    SIMILARITY_FLOOR,
    SIMILARITY_SURE,
    question_kinds,
    select_from_store,
)
from assistant.legal_qa import LegalQA, Provision
from assistant.numbers import check_sentence, find_quantities, split_by_party
from core.errors import ModelError
from knowledge.statutes.store import load_store

A51 = "xingzhengchufafa:51"
A68 = "xingzhengchufafa:68"
A32 = "xingzhengchufafa:32"
A67 = "xingzhengchufafa:67"
QS25 = "xingzhengqiangzhifa:25"


def _provisions(*ids: str) -> list[Provision]:
    store = load_store()
    out = []
    for ident in ids:
        article = store.article(ident)
        law = store.law(ident.split(":")[0])
        assert article is not None and law is not None
        out.append(Provision(article.id, law.title, article.label, article.text))
    return out


def _fixed_retriever(*ids: str):
    provisions = _provisions(*ids)
    return lambda question, k: provisions[:k]


class ScriptedModel:
    """Speaks the LLMBackend interface and streams a given conclusion: it stands in for the bundled model where
    the test is about what the check does with a sentence, not about what the model writes."""

    name = "scripted"

    def __init__(self, text: str) -> None:
        self.text = text
        self.calls = 0

    def complete(self, messages: Sequence[object], **kw: object) -> str:
        self.calls += 1
        return self.text

    def stream(self, messages: Sequence[object], **kw: object) -> Iterator[str]:
        self.calls += 1
        for i in range(0, len(self.text), 3):
            yield self.text[i : i + 3]


def test_summary_procedure_ceiling_quotes_article_51_with_both_amounts():
    sel = select_from_store("简易程序当场罚款的上限是多少？", [A51, A68], load_store())
    assert sel.answered and sel.coverage >= COVERAGE_MIN
    first_article, units = sel.by_article()[0]
    assert first_article == A51
    quoted = "".join(u.text for u in units)
    assert "对公民处以二百元以下" in quoted and "对法人或者其他组织处以三千元以下" in quoted
    assert units[0].label == "第五十一条"


def test_list_question_quotes_the_lead_and_every_item():
    sel = select_from_store("当事人有哪些情形应当从轻或者减轻处罚？", [A32], load_store())
    labels = [u.label for u in sel.units]
    assert labels[0] == "第三十二条"
    assert [f"第三十二条第（{n}）项" for n in "一二三四五"] == labels[1:]
    assert "list" in question_kinds("当事人有哪些情形应当从轻或者减轻处罚？")
    # how often (多久来查一次) asks a frequency, not a time limit
    assert "time" not in question_kinds("燃气公司他们多久来查一次？")
    assert "time" not in question_kinds("你们多久来检查一次啊？")
    assert "time" in question_kinds("扣押的物品最多能扣多久？")
    assert "time" in question_kinds("申请材料不全，行政机关多久内要一次告知补正？")


def test_time_question_prefers_the_sentence_with_the_time_limit():
    sel = select_from_store("扣押的物品最多能扣多久？", [QS25], load_store())
    best = sel.units[0]
    assert best.label == "第二十五条第一款"
    assert "不得超过三十日" in best.text


def test_quantities_are_normalised_across_numerals_and_ranges():
    keys = {q.key for q in find_quantities("五十元至二百元，十五天内，2万元以下，三个月")}
    assert {(50.0, "元"), (200.0, "元"), (15.0, "日"), (20000.0, "元"), (3.0, "个月")} <= keys


def test_a_number_not_in_the_quotes_fails_the_check():
    quotes = ["当事人应当自收到行政处罚决定书之日起十五日内，到指定的银行或者通过电子支付系统缴纳罚款。"]
    assert check_sentence("应在十五天内缴纳罚款。", quotes).ok
    bad = check_sentence("应在三十日内缴纳罚款。", quotes)
    assert not bad.ok and "三十日" in bad.problems[0]


def test_a_number_another_quote_holds_is_not_stated_where_the_quotes_say_another():
    """行政处罚法第三十六条 says 二年; a food licence's term of 三年 quoted beside it (the question said 三年前) does not
    make 三年内未被发现 a quoted figure. The same 三年 where its own quote puts it stands, and so does the 二年."""
    quotes = [
        "违法行为在二年内未被发现的，不再给予行政处罚；涉及公民生命健康安全、金融安全且有危害后果的，上述期限延长至五年。",
        "食品生产许可的有效期为五年。小作坊登记证有效期为三年。",
    ]
    bad = check_sentence("违法行为在三年内未被发现的，不再给予行政处罚。", quotes)
    assert not bad.ok and "二年" in bad.problems[0] and "三年" in bad.problems[0]
    assert not check_sentence("三年内没被发现就不能再罚了。", quotes).ok  # said in everyday words
    assert not check_sentence("小作坊登记证的有效期为二年。", quotes).ok  # and the other way round
    assert check_sentence("违法行为在二年内未被发现的，不再给予行政处罚。", quotes).ok
    assert check_sentence("二年内没被发现就不能再罚了。", quotes).ok
    assert check_sentence("小作坊登记证的有效期为三年。", quotes).ok
    assert check_sentence("彩钢棚搭了三年。", quotes).ok  # in no quote's place: left to the other checks


def test_a_time_limit_swapped_within_one_provision_is_caught_and_neighbouring_limits_stand():
    """行政诉讼法第八十五条: 十五日 for a judgment, 十日 for a ruling; a ruling given the judgment's 十五日 is caught by the
    words that tell the two apart (裁定书, not 判决书). Limits of the review and the suit said side by side, in other
    clauses or in everyday words, stand."""
    store = load_store()
    quotes = [
        store.article(a).text  # type: ignore[union-attr]
        for a in (
            "xingzhengfuyifa:20",
            "xingzhengsusongfa:45",
            "xingzhengsusongfa:46",
            "xingzhengsusongfa:85",
        )
    ]
    assert not check_sentence("不服一审裁定的，可以在裁定书送达之日起十五日内上诉。", quotes).ok
    assert check_sentence("不服一审裁定的，可以在裁定书送达之日起十日内上诉。", quotes).ok
    assert check_sentence("不服判决的，可以在判决书送达之日起十五日内上诉。", quotes).ok
    assert check_sentence("先复议的话是六十天，复议决定书收到后十五天内可以起诉。", quotes).ok
    assert check_sentence("复议期限是六十天，起诉是六个月，复议后不服再起诉是十五天。", quotes).ok
    assert check_sentence("可以在六十日内申请复议，也可以在六个月内直接起诉。", quotes).ok


def test_both_ends_of_a_range_keep_their_places():
    """The second number of a range has no words of its own: the quote's first number beside it is its partner,
    not a rival (罚一百到五百元 against 处一百元以上五百元以下罚款)."""
    quotes = ["逾期未改正的，对个人处一百元以上五百元以下罚款。", "有效期三年。"]
    assert check_sentence("逾期未改的，对个人罚一百到五百元。", quotes).ok
    assert check_sentence("逾期未改正的，对个人处一百元以上五百元以下罚款。", quotes).ok


def test_an_amount_set_for_one_party_must_name_that_party():
    quotes = [load_store().article(A51).text]  # type: ignore[union-attr]
    assert split_by_party(quotes)
    assert not check_sentence("简易程序当场罚款的上限是3000元。", quotes).ok
    assert not check_sentence("上限是二百元，对法人或者其他组织是三千元。", quotes).ok
    assert check_sentence("对公民二百元以下，对法人或者其他组织三千元以下。", quotes).ok


def test_conclusion_with_an_unquoted_number_is_dropped_and_the_quotes_stand():
    model = ScriptedModel("当场罚款的上限是3000元。对公民可以处二百元以下罚款。")
    qa = LegalQA(model, _fixed_retriever(A51, A68), store=load_store())
    events = list(qa.stream("简易程序当场罚款的上限是多少？"))
    kinds = [e.type for e in events]
    assert kinds[0] == "citation"  # the provisions come before any text
    assert events[0].item.id == A51
    text = "".join(str(e.text) for e in events if e.type == "delta")
    assert "二百元" in text and "三千元" in text  # the quotes
    assert "3000元" not in text  # the unsupported sentence never reached the user
    assert "结论：对公民可以处二百元以下罚款。" in text  # the checked one did
    notices = [str(e.text) for e in events if e.type == "notice"]
    assert len(notices) == 1 and "3000元" in notices[0]
    assert model.calls == 1


def test_a_conclusion_naming_a_level_of_government_the_quotes_do_not_is_dropped():
    """重庆市燃放烟花爆竹管理条例第五条 leaves the banned areas to 区 / 区县（自治县）人民政府: a conclusion that the city
    draws them is dropped (the number and citation checks would let it through); one naming the district stands."""
    model = ScriptedModel("禁放区域由市级人民政府划定。具体由区县人民政府确定。")
    qa = LegalQA(model, _fixed_retriever("cq-ranfangyanhuabaozhuguanlitiaoli:5"), store=load_store())
    events = list(qa.stream("燃放烟花爆竹的禁放区域由哪一级政府划定？"))
    text = "".join(str(e.text) for e in events if e.type == "delta")
    assert "市级人民政府划定" not in text
    assert "结论：具体由区县人民政府确定。" in text
    notices = [str(e.text) for e in events if e.type == "notice"]
    assert any("市级人民政府" in n for n in notices)


def test_levels_of_government_are_read_from_the_words_before_政府():
    from assistant.claims import check_levels, government_levels

    assert government_levels("市、区县（自治县）人民政府") == {"city", "county"}
    assert government_levels("由当地人民政府公布") == set()
    assert government_levels("设区的市人民政府") == {"city"}
    # 县级以上 in a quote covers the district, the city and the province; the reverse is a wider claim
    assert check_levels("由区县人民政府决定。", ["县级以上地方人民政府应当加强管理。"]) == []
    assert check_levels("由县级以上人民政府决定。", ["由区县人民政府决定。"]) != []
    assert check_levels("报国务院批准。", ["报省人民政府批准。"]) != []


def test_one_verdict_for_two_ages_the_quote_treats_apart_fails_the_check():
    from assistant.claims import check_claims

    quotes = [
        "不满十四周岁的未成年人有违法行为的，不予行政处罚，责令监护人加以管教；已满十四周岁不满十八周岁的未成年人有违法"
        "行为的，应当从轻或者减轻行政处罚。"
    ]
    assert check_claims("不能罚。", quotes) != []
    assert check_claims("十三岁的不予处罚，十五岁的应当从轻或者减轻处罚。", quotes) == []
    assert check_claims("应当责令监护人加以管教。", quotes) == []  # no verdict on a penalty
    assert check_claims("不能罚。", ["违法行为轻微并及时改正，没有造成危害后果的，不予行政处罚。"]) == []


def test_the_partys_remedy_given_to_the_deciding_body_fails_the_check():
    """Review and suit are the party's: a conclusion that the bureau may sue (我们可以…提起行政诉讼) is dropped,
    whatever the quotes say; the party's own remedy, or the bureau telling the party of it, is not."""
    from assistant.claims import check_claims

    quotes = [
        "当事人在法定期限内不申请行政复议或者提起行政诉讼，又不拆除的，行政机关可以依法强制拆除。",
        "行政机关应当告知当事人依法享有的陈述权、申辩权，申请行政复议或者提起行政诉讼的途径和期限。",
    ]
    assert check_claims("我们可以向人民法院提起行政诉讼。", quotes) != []
    assert check_claims("城管部门也可以申请行政复议。", quotes) != []
    for fine in (
        "当事人可以申请行政复议或者提起行政诉讼。",
        "行政机关应当告知当事人申请行政复议、提起行政诉讼的途径和期限。",
        "当事人不服我们的决定可以提起行政诉讼。",
        "行政机关在当事人申请行政复议期间不得强制拆除。",
        "城管部门可以申请人民法院强制执行。",
        "城管局作出强拆决定后业主可以申请行政复议。",
        "不服城管部门的处罚可以申请复议。",
        "行政机关应当载明申请行政复议、提起行政诉讼的途径和期限。",
        "一审判决撤销处罚决定后，城管局不服可以在十五日内提起上诉。",  # an appeal is the body's too
    ):
        assert check_claims(fine, quotes) == [], fine


def test_a_level_of_court_the_quotes_do_not_name_fails_the_check():
    from assistant.claims import check_claims

    quotes = ["行政案件由最初作出行政行为的行政机关所在地人民法院管辖。"]
    assert check_claims("去北京的中级人民法院告。", quotes) == ["“中级人民法院”不在所引条文中"]
    assert check_claims("向行政机关所在地人民法院起诉。", quotes) == []
    assert (
        check_claims(
            "由中级人民法院管辖。",
            ["对县级以上地方人民政府所作的行政行为提起诉讼的案件，由中级人民法院管辖。"],
        )
        == []
    )


def test_city_management_named_as_the_acting_body_needs_a_quote_that_names_it():
    from assistant.claims import check_claims

    licence = [
        "未取得烟花爆竹零售许可，擅自经营烟花爆竹的，由应急管理部门责令停止非法经营活动，处二万元以上十万元以下的罚款。"
    ]
    assert check_claims("城管可以罚。", licence) == ["所引条文没有规定由城市管理部门处罚或管理"]
    assert check_claims("这种行为属于城管的管理范围。", licence) != []
    assert check_claims("城管不能罚，应移交应急管理部门。", licence) == []  # a denial is not this check's
    assert check_claims("应当由应急管理部门处罚。", licence) == []
    sanitation = ["违反前款规定的，由市容环境卫生主管部门责令改正，处五十元以上五百元以下罚款。"]
    assert check_claims("城管可以罚。", sanitation) == []


def test_a_conclusion_that_only_says_the_question_back_is_left_out():
    from assistant.claims import echoes_question

    question = "复议申请交上去了，要等好久才出结果？"
    assert echoes_question("复议申请交上去了，要等好久才出结果。", question)
    assert not echoes_question("复议机关应当自受理申请之日起六十日内作出决定。", question)
    assert not echoes_question("不能。", question)  # too short to say anything back
    # the question said back with its answer added stands
    assert not echoes_question(
        "城市管理执法人员调查取证时应当出示执法证件。", "城市管理执法人员调查取证时应当出示什么？"
    )
    model = ScriptedModel("简易程序当场罚款的上限是多少。对公民可以处二百元以下罚款。")
    qa = LegalQA(model, _fixed_retriever(A51), store=load_store())
    text = "".join(str(e.text) for e in qa.stream("简易程序当场罚款的上限是多少？") if e.type == "delta")
    assert "结论：对公民可以处二百元以下罚款。" in text and "上限是多少。" not in text


def test_a_heading_the_model_starts_ends_its_conclusion():
    """The prompt's sections are headed 【摘录】/【问题】/【结论】: the model may repeat 【结论】 before its answer (dropped)
    and may open a section of its own after it (【法律】…): the conclusion ends there, in the same sentence or the next."""
    for script in (
        "【结论】对公民可以处二百元以下罚款。\n【法律】《中华人民共和国行政处罚法》",
        "对公民可以处二百元以下罚款。【法律】对法人处三千元以下。",
        "对公民可以处二百元以下罚款【问题】对单位呢？",
    ):
        qa = LegalQA(ScriptedModel(script), _fixed_retriever(A51), store=load_store())
        events = list(qa.stream("简易程序当场罚款的上限是多少？"))
        text = "".join(str(e.text) for e in events if e.type == "delta")
        conclusion = text[text.index("结论：") :]
        assert conclusion.startswith("结论：对公民可以处二百元以下罚款"), script
        assert "【" not in text and "对单位呢" not in text and "对法人处三千元以下。" not in conclusion, (
            script
        )
    # a heading of its own wording (【结论：】, 【结论与依据】), or a title in brackets inside a sentence (helper-158)
    for script, shown in (
        ("【结论：】对公民可以处二百元以下罚款。", "结论：对公民可以处二百元以下罚款。"),
        ("【结论与依据】对公民可以处二百元以下罚款。", "结论：对公民可以处二百元以下罚款。"),
        ("【结论】：对公民可以处二百元以下罚款。", "结论：对公民可以处二百元以下罚款。"),
        (
            "依据【中华人民共和国行政处罚法】第五十一条，对公民可以处二百元以下罚款。",
            "对公民可以处二百元以下罚款。",
        ),
        ("结论：对公民可以处二百元以下罚款。", "结论：对公民可以处二百元以下罚款。"),
        (
            "对公民可以处二百元以下罚款。\n【相关规定】对法人处三千元以下罚款。",
            "结论：对公民可以处二百元以下罚款。",
        ),
    ):
        qa = LegalQA(ScriptedModel(script), _fixed_retriever(A51), store=load_store())
        text = "".join(str(e.text) for e in qa.stream("简易程序当场罚款的上限是多少？") if e.type == "delta")
        assert shown in text and "结论：结论" not in text and "相关规定" not in text, (script, text)


def test_a_flat_no_the_quotes_do_not_support_is_dropped():
    """行政强制法第五十条 lets the bureau have a third party do what the party will not (代履行): the small model's
    “不能找环卫公司来清” is dropped and the quotes stand (seen through POST /api/chat at the stop's end); a no that a
    quote's limit supports (当场罚款对公民只能处二百元以下) stands."""
    from assistant.claims import check_denial

    a50 = "xingzhengqiangzhifa:50"
    qa = LegalQA(
        ScriptedModel("不能找环卫公司来清，费用找装修公司出。"), _fixed_retriever(a50), store=load_store()
    )
    events = list(qa.stream("当事人责令清除硬是不清，我们能不能找环卫公司来清？"))
    text = "".join(str(e.text) for e in events if e.type == "delta")
    assert "不能找环卫公司来清" not in text and "代履行" in text
    assert any(e.type == "notice" and "否定了所引条文允许的事项" in str(e.text) for e in events)
    quote = load_store().article(A51)
    assert quote is not None
    assert check_denial("不能，当场罚款对公民只能处二百元以下。", [quote.text]) == []
    assert check_denial("可以委托第三人代履行。", [load_store().article(a50).text]) == []
    # a no that states the quote's condition, or a quote permitting only under one (helper-161)
    a50_text = load_store().article(a50).text
    assert check_denial("不能，须当事人逾期不履行、经催告仍不履行，行政机关才可以代履行。", [a50_text]) == []
    assert (
        check_denial(
            "不能，证据必须经查证属实，方可作为认定案件事实的根据。",
            ["证据必须经查证属实，方可作为认定案件事实的根据。"],
        )
        == []
    )
    assert (
        check_denial(
            "不可以。", ["需要延期或者分期缴纳罚款的，经当事人申请和行政机关批准，可以暂缓或者分期缴纳。"]
        )
        == []
    )
    # the 禁止 of another article retrieved beside it (市容条例第五十六条's car-wash places), the party's own inability
    # (行政强制法第五十二条: 当事人不能清除的) and a fine's cap beside a no to the fine itself support no no; a cap
    # beside a no about the amount, and a 禁止 about what the no denies, do
    store = load_store()
    a56 = store.article("cq-shironghuanjingweishengguanlitiaoli:56")
    a52 = store.article("xingzhengqiangzhifa:52")
    assert a56 is not None and a52 is not None
    assert check_denial("不能找环卫公司来清，费用找装修公司出。", [a50_text, a56.text]) != []
    assert check_denial("不能立即代为清除。", [a52.text]) != []
    assert check_denial("不能罚款。", [quote.text]) != []
    assert check_denial("不能超过二百元。", [quote.text]) == []
    assert check_denial("不能在人行道上设置洗车场所。", [a56.text, a50_text]) == []
    # the review of 6c2cab3 (helper-164): the leading article's 不得, 只能, 不再 or cap supports a no worded otherwise
    # (晚上 for 夜间, 停水 for 停止供水, 关起来 for 限制人身自由, 两年 for 二年)
    for no, ids in (
        ("不能晚上去强拆。", ("xingzhengqiangzhifa:43", "xingzhengqiangzhifa:44")),
        ("不能停水停电逼他搬走。", ("xingzhengqiangzhifa:43", "xingzhengqiangzhifa:44")),
        ("不能扣太久。", ("xingzhengqiangzhifa:25", "xingzhengqiangzhifa:24")),
        ("不能一直扣着不还。", ("xingzhengqiangzhifa:25", "xingzhengqiangzhifa:24")),
        ("不能把他关起来。", ("xingzhengchufafa:18", "xingzhengqiangzhifa:50")),
        ("不能当场罚五百。", ("xingzhengchufafa:51",)),
        ("不能罚，过了两年就不追究了。", ("xingzhengchufafa:36", "xingzhengchufafa:51")),
    ):
        texts = [t.text for t in (store.article(i) for i in ids) if t is not None]
        assert check_denial(no, texts) == [], no
    # (helper-165) a word with 一 in it is no amount (一般, 一定); a cap is no ban on the thing capped
    assert check_denial("不能当场处罚，要按一般程序立案调查。", [quote.text]) != []
    a45 = store.article("xingzhengqiangzhifa:45")
    assert a45 is not None
    assert check_denial("不能加处罚款。", [a45.text]) != []
    # …and the lead is the selection's first article where the skill passes it
    assert check_denial("不能找环卫公司来清。", [a56.text, a50_text], lead=[a50_text]) != []


def test_a_conclusion_citing_a_missing_article_is_dropped():
    qa = LegalQA(
        ScriptedModel("依照本法第九十九条，应当在十五日内缴纳。"), _fixed_retriever(A67), store=load_store()
    )
    events = list(qa.stream("罚款决定书收到后多少天内缴纳？"))
    text = "".join(str(e.text) for e in events if e.type == "delta")
    assert "第九十九条" not in text
    assert any(e.type == "notice" and "第九十九条" in str(e.text) for e in events)


def test_without_a_model_the_quotes_are_the_answer_and_a_notice_says_so():
    def unavailable():
        raise ModelError("模型文件缺失（测试）")

    qa = LegalQA(unavailable, _fixed_retriever(A67), store=load_store())
    events = list(qa.stream("罚款决定书收到后多少天内缴纳？"))
    assert [e.type for e in events] == ["citation", "delta", "notice"]
    assert "十五日" in str(events[1].text)
    assert "大模型暂不可用" in str(events[2].text)


def test_named_missing_law_is_refused_without_retrieval_or_model():
    model = ScriptedModel("不应被调用")
    qa = LegalQA(model, _fixed_retriever(A51), store=load_store())
    events = list(qa.stream("《重庆市户外广告管理条例》对未经许可设置户外广告罚多少？"))
    assert events[-1].type == "refused"
    assert "重庆市户外广告管理条例" in str(events[-1].reason)
    assert model.calls == 0


def test_question_the_retrieved_provisions_do_not_touch_is_refused_saying_what_is_missing():
    model = ScriptedModel("不应被调用")
    qa = LegalQA(model, _fixed_retriever(A51, A68), store=load_store())
    events = list(qa.stream("考驾照科目二要练多少个学时？"))
    assert events[-1].type == "refused"
    assert "最接近的是《中华人民共和国行政处罚法》第五十一条" in str(events[-1].reason)
    assert model.calls == 0


def test_a_refused_size_question_says_the_size_is_missing_not_the_story_words():
    qa = LegalQA(ScriptedModel("不应被调用"), _fixed_retriever(A51, A68), store=load_store())
    events = list(qa.stream("想在店门口装个灯箱招牌，有没有尺寸上的要求？"))
    assert events[-1].type == "refused"
    reason = str(events[-1].reason)
    assert reason.startswith("法规库中没有规定所问的尺寸或距离")
    assert "店门口" not in reason and "装个" not in reason


@pytest.mark.parametrize(
    ("question", "ids", "expected"),
    [
        ("当事人收到罚款决定书后多少天内要缴清？", [A67, A51], A67),
        ("简易程序对单位罚款最多多少？", [A68, A51], A51),
    ],
)
def test_the_article_that_answers_is_quoted(question: str, ids: list[str], expected: str):
    sel = select_from_store(question, ids, load_store())
    assert sel.answered
    assert expected in [a for a, _ in sel.by_article()]


def test_a_quotation_marks_the_sentences_it_leaves_out() -> None:
    """Two sentences of one 款 with one between them left out: the quotation says so ("……"), so that it still
    reads as the corpus's wording (the citation check splits at the ellipsis and finds each part in order)."""
    from assistant.extract import Unit
    from assistant.legal_qa import _quoted
    from knowledge.citations import quote_in

    text = "甲句。乙句。丙句。"
    units = [
        Unit(0, "x:1", "某法", "第一条", 1, 1, 0, order, sent)
        for order, sent in enumerate(["甲句。", "乙句。", "丙句。"])
    ]
    gapped = _quoted([units[2], units[0]])
    assert gapped == "甲句。……丙句。" and quote_in(gapped, text)
    assert _quoted(units[:2]) == "甲句。乙句。"  # neighbours join as written
    assert not quote_in("甲句。丙句。", text)  # what the answer showed before: not the corpus's wording


SIGNBOARD = "cq-shironghuanjingweishengguanlitiaoli:37"  # 牌匾和标识…无污损、无残缺


def _retriever_with_similarity(similarity: float | None, *ids: str):
    provisions = [Provision(p.id, p.law, p.label, p.text, similarity) for p in _provisions(*ids)]
    return lambda question, k: provisions[:k]


def test_closeness_in_meaning_answers_when_the_words_differ():
    """店招掉了几个字 shares no words with 牌匾…无残缺 (coverage 0): the searcher's cosine decides."""
    question = "店招掉了几个字，城管怎么处理？罚多少？"
    close = LegalQA(None, _retriever_with_similarity(SIMILARITY_SURE + 0.01, SIGNBOARD), store=load_store())
    refusal, sel = close.select(question)
    assert refusal is None and sel is not None and sel.coverage < COVERAGE_MIN
    assert sel.by_article()[0][0] == SIGNBOARD and sel.weak
    far = LegalQA(None, _retriever_with_similarity(SIMILARITY_SURE - 0.01, SIGNBOARD), store=load_store())
    refusal, _ = far.select(question)
    assert refusal is not None


def test_weak_words_and_weak_meaning_is_a_refusal_that_names_what_the_corpus_lacks():
    qa = LegalQA(None, _retriever_with_similarity(SIMILARITY_FLOOR - 0.01, A51, A68), store=load_store())
    events = list(qa.stream("个人所得税起征点是多少？"))
    assert [e.type for e in events] == ["delta", "refused"]
    reason = str(events[-1].reason)
    assert "法规库中没有关于“个人所得税" in reason and "最接近的是" in reason
    assert "城管" not in reason  # an everyday word the corpus says in its own words is not "missing"


def test_the_question_is_parsed_once_per_legal_question(monkeypatch: pytest.MonkeyPatch):
    """One parse (law names, citations, tokens) feeds the refusal check, retrieval and sentence selection."""
    import assistant.legal_qa as legal_qa

    calls: list[str] = []
    real = legal_qa.analyse

    def counting(text: str, *args: object, **kw: object):  # type: ignore[no-untyped-def]
        calls.append(text)
        return real(text, *args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(legal_qa, "analyse", counting)
    qa = LegalQA(None, _fixed_retriever(A51, A68), store=load_store())
    list(qa.stream("简易程序当场罚款的上限是多少？"))
    assert calls == ["简易程序当场罚款的上限是多少？"]
    calls.clear()
    list(qa.stream("《行政处罚法》第一百条规定了什么？"))  # refused from the same parse
    assert len(calls) == 1


def test_the_model_reads_the_best_quotes_up_to_a_budget_and_the_check_reads_them_all():
    from assistant.extract import Unit
    from assistant.legal_qa import CONCLUSION_CHARS, model_units

    long = "甲" * (CONCLUSION_CHARS - 10)
    units = [
        Unit(0, "x:1", "某法", "第一条", 1, 1, 0, n, t) for n, t in enumerate([long, "乙" * 20, "丙句。"])
    ]
    assert model_units(units) == units[:1]  # in order, while they fit
    assert model_units([Unit(0, "x:1", "某法", "第一条", 1, 1, 0, 0, "丁" * 900)])  # at least one
    qa = LegalQA(ScriptedModel(""), _fixed_retriever(A32, A51), store=load_store())
    _, sel = qa.select("当事人有哪些情形应当从轻或者减轻处罚？")
    assert sel is not None
    prompt = qa.conclusion_messages("当事人有哪些情形应当从轻或者减轻处罚？", sel)[1]["content"]
    shown = [u.text for u in model_units(sel.units)]
    assert all(t in prompt for t in shown) and sum(map(len, shown)) <= CONCLUSION_CHARS


def test_a_count_the_quotes_lack_is_caught_like_an_amount() -> None:
    quotes = ["区县（自治县）人民政府应当制定在非主干道两侧设置临时占道经营点的规划并予以公布。"]
    assert not check_sentence("万州区具体有三个临时占道经营点。", quotes).ok
    assert not check_sentence("现有10名在编执法人员、2名协管员。", quotes).ok
    assert check_sentence("规划由区县人民政府制定并公布，一个区县一份。", quotes).ok  # 一个 is no figure
    assert check_sentence("执法人员不得少于两人。", ["执法人员不得少于两人，法律另有规定的除外。"]).ok
    assert [q.written for q in find_quantities("依照第十八条、第二十条")] == []


def test_words_that_only_look_like_figures_are_not_checked() -> None:
    """哪一天, 下一周期, 第三年, 三元催化器, 元旦 hold no amount or time limit; 五十元以上二百元以下 and 十五日内 do."""
    for text in (
        "环境日是哪一天",
        "扣分转到下一周期",
        "从第三年起",
        "换了三元催化器",
        "元旦前后",
        "每一年都查",
    ):
        assert find_quantities(text) == [], text
    assert [q.written for q in find_quantities("处五十元以上二百元以下罚款，十五日内")] == [
        "五十元",
        "二百元",
        "十五日",
    ]
    assert not check_sentence("应在三年内改正。", ["责令限期改正。"]).ok
    # a day counted from an event is a time limit, checked like 二日内: a quote that states no such day drops it
    assert [q.written for q in find_quantities("船靠岸的第二天下午交回")] == ["第二天"]
    assert not check_sentence("最迟在船靠岸的第二天下午交回。", ["执法人员可以当场收缴罚款。"]).ok
    assert check_sentence("第十五日起计算。", ["自送达之日起第十五日起计算。"]).ok


def test_an_article_whose_everyday_question_is_asked_leads(monkeypatch: pytest.MonkeyPatch) -> None:
    """一个人执法可以吗 shares few words with 执法人员不得少于两人 (第四十二条). Two things say it: the everyday
    question written for that article (knowledge/data/article_questions) and the synonyms table read backwards
    (一个人执法 → 不得少于两人). Either alone lifts the article over a neighbour whose sentences share more words;
    without both the neighbour alone leads. A synonym's statute side must not be a word every article uses
    (执法人员 there had put 一个人执法 into 第五十五条 too, and the neighbour led)."""
    import assistant.extract as extract

    store = load_store()
    ids = ["xingzhengchufafa:55", "xingzhengchufafa:42"]
    question = "一个人执法可以吗？"
    sel = select_from_store(question, ids, store)
    assert next(a for a, _ in sel.by_article()) == "xingzhengchufafa:42"
    assert any("两人" in u.text for u in sel.units)  # its own sentences are what is quoted
    everyday_only = tuple((k, tuple(v)) for k, v in extract.EVERYDAY.items())

    def lead() -> str:
        return next(a for a, _ in select_from_store(question, ids, store).by_article())

    with monkeypatch.context() as m:  # the article's everyday question alone
        m.setattr(extract, "_everyday", lambda: everyday_only)
        assert lead() == "xingzhengchufafa:42"
    with monkeypatch.context() as m:  # the synonyms alone
        m.setattr(extract, "ASKED_WEIGHT", 0.0)
        assert lead() == "xingzhengchufafa:42"
    monkeypatch.setattr(extract, "ASKED_WEIGHT", 0.0)
    monkeypatch.setattr(extract, "_everyday", lambda: everyday_only)
    assert lead() == "xingzhengchufafa:55"


def test_a_function_word_is_never_named_as_what_the_corpus_lacks() -> None:
    from assistant.extract import absent_terms
    from assistant.question import parse_question
    from knowledge.retrieval.index import tokenizer_for
    from knowledge.retrieval.query import analyse

    store = load_store()
    tok = tokenizer_for(store)
    parsed = parse_question("领导说把那个棚子拆了，这样咋个合法？", lambda t: analyse(t, store, tok))
    absent = absent_terms(parsed, store)
    assert "这样" not in absent and "咋个" not in absent


def test_the_laws_party_words_that_begin_with_a_filler_are_kept() -> None:
    """被告 is no passive 被 before 告: a question on whom to sue scores the sentences naming the defendant (round 78)."""
    from assistant.question import bigrams, content

    assert "被告" in content("被告该写城管局，还是写复议机关？")
    assert "被告" in bigrams("被告该写城管局")
    assert "被申请人" in content("被申请人是谁")
    assert "被" not in content("他被城管罚了")  # the passive 被 is still a filler
    assert "被告" not in content("当事人被告知陈述申辩的权利了吗")  # 被告知: told, no defendant
