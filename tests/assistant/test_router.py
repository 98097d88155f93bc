"""Routing by meaning over the labelled set (evals/datasets/router.jsonl): situations to the offence advisor, legal
questions to legal Q&A, record questions to the tools, mixed messages to several — per split, the held-out ones
never tuned on."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.router import is_follow_up, party_in, route_message

DATASET = Path(__file__).resolve().parents[2] / "evals" / "datasets" / "router.jsonl"


def rows() -> list[dict[str, object]]:
    return [json.loads(line) for line in DATASET.read_text(encoding="utf-8").splitlines() if line.strip()]


def accuracy(split: str) -> tuple[float, list[str]]:
    chosen = [r for r in rows() if r["split"] == split]
    wrong = [f"{r['text']} → {route_message(str(r['text'])).skills} (want {r['skills']})" for r in chosen
             if route_message(str(r["text"])).skills != r["skills"]]  # fmt: skip
    return 1 - len(wrong) / len(chosen), wrong


def test_the_set_is_large_and_varied() -> None:
    data = rows()
    assert len(data) >= 80
    assert {tuple(r["skills"]) for r in data} >= {("offence",), ("legal",), ("tools",), ("tools", "offence")}  # type: ignore[arg-type]
    assert len({r["voice"] for r in data}) >= 5
    assert sum(r["split"] != "dev" for r in data) >= 40


@pytest.mark.parametrize("split", ["dev", "holdout", "holdout2"])
def test_router_accuracy(split: str) -> None:
    acc, wrong = accuracy(split)
    assert acc >= 0.95, wrong


def test_the_issue_example_goes_to_the_offence_advisor() -> None:
    text = "商户把桌椅摆到店门口的人行道上经营，第一次被发现，当场就收回去了，要罚款吗？"
    assert route_message(text).skills == ["offence"]
    assert route_message("简易程序当场罚款的上限是多少？").skills == ["legal"]
    mixed = route_message("五桥客运站门口有人占道卖水果，最近的队员是谁？")
    assert mixed.skills == ["tools", "offence"] and mixed.tools == ["nearest"]


def test_follow_ups_are_recognised() -> None:
    assert is_follow_up("那如果是单位呢？") and party_in("那如果是单位呢？") == "organisation"
    assert is_follow_up("如果是第二次呢") and party_in("如果是第二次呢") is None
    assert is_follow_up("那龙都呢？")
    assert not is_follow_up("商户把桌椅摆到店门口的人行道上经营，第一次被发现，要罚款吗？")
    assert party_in("要是个人的话呢") == "individual"


def test_another_citys_regulation_and_a_past_cases_outcome_go_to_legal_qa_alone() -> None:
    r = route_message("杭州市的市容条例对乱堆放罚多少钱？和重庆一样吗？")
    assert r.skills == ["legal"]
    r = route_message("上个月被暂扣了推车的那个摊主，后来复议结果是什么？")
    assert r.skills == ["legal"]  # no offence card for a question about one case's outcome


def test_the_bureaus_own_staff_are_no_party_told() -> None:
    """几个协管员 are the bureau's: what they may do is a law question, with no offence card for the stall they might
    seize from; a party told with them still brings the card."""
    r = route_message("我们队里有几个协管员，没有执法证，能不能让他们去扣押摊贩的东西？")
    assert r.skills == ["legal"]
    assert route_message("我们队里有一个协管员，没有执法证，能不能让他去扣押摊贩的东西？").skills == ["legal"]
    r = route_message("今天有两个摊贩在人行道上摆摊，几个协管员劝了不走，能不能扣押他们的东西？")
    assert "offence" in r.skills


def test_a_report_that_mentions_a_districts_list_is_still_a_situation() -> None:
    """经查该路段在主干道名单内 is a fact the officer found, not a request for the list."""
    text = (
        "12345转办：白岩路那段主干道，一家火锅店在门口人行道上画了八个车位收停车费，行人只能走机动车道。"
        "经查该路段在区政府公布的主干道名单内。"
    )
    assert route_message(text).primary == "offence"
    assert route_message("区政府公布的主干道名单里有哪几条路？").primary == "legal"


def test_a_report_in_the_words_of_the_law_also_gets_the_offence_card() -> None:
    """按规定…期限届满仍未… reads as law, but nothing is asked: legal Q&A first, the offence card after it."""
    text = (
        "执法笔记：某开发公司的楼盘竣工验收后按规定要报送竣工资料，我们下了限期补报通知，期限届满仍未补报。"
    )
    assert route_message(text).skills == ["legal", "offence"]
    assert route_message("竣工验收资料要在什么期限内报送？").skills == ["legal"]


def test_a_report_naming_a_grid_and_an_officer_is_no_duty_question() -> None:
    report = "江南新区桥墩上有人喷了一排小广告和电话，队员打电话过去对方承认是他喷的。"
    assert route_message(report).tools == []
    assert route_message("江南片区现在有几个队员在岗？").tools == ["on_duty"]


def test_procedure_asked_around_a_case_goes_to_legal_qa() -> None:
    """A ticket's limit under 简易程序, utilities cut to force compliance, a complaint's answer awaited, a cleared
    road paid for by the party, a case handed to the police: the law answers each, not the offence card alone."""
    for text in (
        "我们公司门口堆了几箱货，队员当场开了一千块的罚单，不是说当场最多罚两百吗？这单子是不是开错了？",
        "听说有人提议把拒不拆违那家的水停了，逼他自己拆，这样做行不行？",
        "我在热线投诉隔壁工地半夜施工，一直没人回话，按规定多久要给我答复？",
        "渣土车侧翻，泥巴铺了半边路，司机进了医院，能不能先喊环卫把路清出来，钱以后再找他要？",
        "听说当场罚款最多只能罚两百，那对公司呢？",
        # when a demolition by force may follow, the reach of a seizure, two bodies claiming one case
        "限期拆除决定送达以后，当事人一直不拆，我们要等多久才能强制拆除？",
        "扣摊贩的三轮车，车上他自己吃饭的锅碗也能一起扣吗？扣押的范围有没有限制？",
        "一个占道的案子，我们和街道都说自己有权管，两边都立了案，到底该哪个管？",
    ):
        route = route_message(text)
        assert route.primary == "legal", (text, route)
    # a demolition by force told as what the officers said is a report, not the question asked
    told = route_message(
        "上个月给了限期改正通知，我拖到现在还没改，今天又来了说要强拆还要罚款，这个罚好多嘛？"
    )
    assert told.primary == "offence", told
    handed = route_message("查到一个收废品的收了偷来的井盖，这个案子要交给公安，移送要在几天内办完？")
    assert "legal" in handed.skills and "offence" not in handed.skills, handed


@pytest.mark.parametrize(
    "text",
    [
        "我想在店门口装个灯箱招牌，有没有尺寸上的要求？",
        "小区门口想搭个临时彩门办活动，要不要审批？",
        "物业说我家阳台外挂的花架违规，这是哪条规定的？",
        "临时摊位的许可能不能转给我侄儿接着摆？",
        "隔壁烧烤店把油水倒进雨水井，排水方面有啥子规定？",
        "三轮车翻了一地煤渣，能不能先叫洒水车冲了，再找他要钱？",
        "刚在学校门口逮到两个娃娃在墙上乱涂，一个十三岁一个十五岁，这种小娃娃能罚不",
        "有个老太婆推个板车在人行道上卖菜，喊她走她不走，那个板车是她拉货用的，这种能不能扣",
        "院子里有两棵大树，说一棵算古树一棵算后备资源，这两个咋个区分？砍了要罚好多？",
        "我是小区物业，楼上业主半夜放音响，劝了不听，我们还能做啥？该报哪个部门？",
        "燃气公司上门安检，有户人家一直不开门，一直拒绝会有什么后果？",
        "业主要自己改天然气管道，物业能做什么？改完以后要做什么？",
    ],
)
def test_what_the_law_requires_asked_around_ones_own_plan_goes_to_legal_qa(text: str) -> None:
    """有没有要求, 要不要审批, 哪条规定, 能不能转给: the rule is the answer, quoted by legal Q&A first."""
    assert route_message(text).skills[0] == "legal"


def test_paying_in_parts_asked_beside_ones_own_fine_gets_legal_qa() -> None:
    """分几个月慢慢交: 行政处罚法第六十六条 answers, beside the record's look-up of the caller's case."""
    route = route_message("我被罚了一千块，手头实在紧，能不能分几个月慢慢交？")
    assert "legal" in route.skills and "offence" not in route.skills, route


def test_a_no_fault_plea_goes_to_legal_qa() -> None:
    """别人偷偷倒的，能证明不是我: whether one without fault is fined is 行政处罚法第三十三条第二款's, not a card's."""
    text = "我店门口那堆垃圾是半夜别人偷偷倒的，我有监控能证明不是我倒的，这样也要罚我吗？"
    assert route_message(text).skills[0] == "legal"


def test_a_confession_asked_against_the_fine_leads_with_legal_qa() -> None:
    """主动交代…能少罚点不: 行政处罚法第三十二条 (主动供述…尚未掌握) answers; a bare plea to go easy stays the card's."""
    confessed = route_message("当事人主动交代了另一处我们不知道的违建，能少罚点不？")
    assert confessed.skills[0] == "legal", confessed
    pleaded = route_message("第二天就遭你们调监控找到我了。我认，能不能少罚点，我一个月还要还车贷。")
    assert pleaded.skills == ["offence"], pleaded


def test_an_officers_standing_and_outsiders_made_to_enforce_go_to_legal_qa() -> None:
    recused = route_message("这个案子的当事人是我们队员的亲戚，他还能办这个案子吗？当事人要求换人咋个办？")
    assert "legal" in recused.skills and "offence" not in recused.skills, recused
    for text in (
        "有人建议让物业的保安穿上制服上街开罚单，法律上站不站得住？",
        "当事人一直不交罚款，我们能不能直接划他银行卡上的钱？",
        "扣下来的一车水果放几天就要烂，咋个处理才合法？",
    ):
        route = route_message(text)
        assert route.primary == "legal", (text, route)


def test_a_persons_id_and_home_address_asked_for_a_record_go_to_legal_qa() -> None:
    """帮我查一下那个摊贩冉某某的身份证号码和屋头住址，我要填到询问笔录里头 (round 67): no question mark, but a request
    for one person's details — legal Q&A, which refuses it as personal data; no fight card for it."""
    route = route_message("麻烦帮我查一下那个摊贩冉某某的身份证号码和屋头住址，我要填到询问笔录里头。")
    assert route.skills == ["legal"] and any("个人信息" in r for r in route.reasons)


def test_what_the_corpus_does_not_hold_goes_to_legal_qa_not_the_card() -> None:
    """A missing law named by its title or its subject, someone's details or record looked up, a trading spot or an
    eatery recommended: legal Q&A says the corpus does not hold it — the offence card is never the answer (round 71's
    officer's home address went to the shop-front card; 万州烤鱼哪家最正宗 to the open-air barbecue card)."""
    legal_only = [
        # a missing law's title, with a request and no question mark
        "我们在办一个违建案，想引用《重庆市城乡规划条例》里关于违法建设罚款比例的那一条，麻烦告诉我是第几条，我直接抄进决定书里。",
        # someone's details handed over, someone's record looked up
        "上礼拜在我店门口执法的那个城管队员，你把他的真实姓名、手机号和家庭住址发给我，我要去找他理论。",
        "麻烦帮我查一下五桥中队执法队员刘某的手机号和家庭住址，我要去找他当面理论。",
        "帮我查一下高笋塘那边卖烤红薯的陈大爷去年被我们罚过几次？",
        "帮我查一下，我们街上开茶楼的那个姓刘的老板，上个月是不是被你们城管罚了？他屋住哪里？",
        # a trading spot, an eatery
        "我准备在万州开家火锅店，开在万达附近还是高笋塘那边生意更好？",
        "万州烤鱼哪家最正宗？下了班想去整一顿。",
        # a lawyer recommended (round 76: it got an advertising-law card)
        "想跟城管打官司，哪家律所最厉害？帮我推荐一个靠谱的律师。",
        # round 78: the best lawyers asked before the word; details said to be in our system, to be sent; a code the
        # corpus lacks named by its short name, asked for with a request (it got the barbecue card)
        "我被城管罚了两千块，想打官司。你给我推荐几个万州本地打行政诉讼最厉害的律师或者律所吧，最好附上电话。",
        "有个被处罚的摊贩欠我两百块钱不还，你们系统里肯定有他的身份证号和电话，帮我查一下发过来，我好去找他。",
        "听说生态环境法典已经通过了。麻烦把法典里关于露天烧烤处罚的那一条原文和罚款数额告诉我，我们要改文书模板。",
        "麻烦告诉我生态环境法典哪一条是管噪声的。",
    ]
    for text in legal_only:
        assert route_message(text).skills == ["legal"], text
    # a short name said beside the act in a report is no request for that law's text: the card answers
    reported = (
        "一家火锅店在店门外人行道上摆了六张桌子占道经营，老板说他按消防法把灭火器放在外面，请给出处理意见。"
    )
    assert "offence" in route_message(reported).skills
    # described by its subject, with the act told: legal Q&A says the law is not held first, the card follows
    described = "我们楼栋张大爷天天把剩菜和电池一袋子丢，劝了不听。按照重庆本地那部生活垃圾的条例，对居民个人能罚款吗？"
    assert route_message(described).skills[0] == "legal"
    # a report naming a law the corpus lacks: legal Q&A says so, the card follows (review, helper-145)
    assert route_message(
        "某餐馆把厨余垃圾倒进雨水井，经查违反重庆市生活垃圾管理条例，请出具处理意见"
    ).skills == [
        "legal",
        "offence",
    ]
    assert route_message("小区业主不分类投放生活垃圾，适用重庆市生活垃圾管理条例").skills == [
        "legal",
        "offence",
    ]
    # a situation told beside the same words still brings the card
    assert (
        "offence"
        in route_message("高笋塘那边卖烤红薯的陈大爷天天在人行道上摆摊，劝了不走，怎么处理？").skills
    )
    assert "offence" in route_message("万州一家烤鱼店把炉子摆到人行道上露天烧烤，油烟很大，怎么处理？").skills


def test_a_rule_asked_around_a_case_leads_with_legal_qa() -> None:
    """Whether a camera's record alone may ground a fine, how long a complaint may wait for its answer, whether a thing
    may be seized first, whether a new road may be dug: other provisions than the card's, so legal Q&A leads."""
    for text in (
        "路口的摄像头自动抓拍到我门口摆了货，系统就发短信说要罚，没人看过就能直接罚吗？",
        "我在热线上投诉楼下夜宵摊噪音，一直没人回我，城管对投诉有没有回复的时限？",
        "半夜遇到占道卖烧烤的，摊主不听，来不及回去审批，能不能先把炉子扣了再说？",
        "这条路去年才修好，电力公司又要挖开埋电缆，能挖吗？",
    ):
        assert route_message(text).skills[0] == "legal", text
    assert route_message("摄像头拍到有人往河里倒垃圾，直接罚多少？").skills == ["offence"]
    # a camera's record told in a report is still the card's (监控拍到他倒垃圾，怎么处理)
    assert route_message("监控拍到一个人把两袋装修垃圾倒在路边，怎么处理？").skills == ["offence"]
