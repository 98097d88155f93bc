"""Offence advice: 违则/罚则, range, band and its facts, missing facts, 简易程序, 首违不罚, clarify, and a draft that
the case API accepts. The real catalogue, matcher and statute store; no model."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from assistant import offence as offence_mod
from assistant.dialect import normalise
from assistant.events import Event
from assistant.offence import OffenceAdvisor, separating_question
from case_api import db
from case_api.users import security
from case_api.users import service as users_service
from case_api.users.models import Role, UserCreate
from channels.components import Components, build_runtime
from channels.server import create_app
from core.settings import Settings
from evals.checks import check_answer
from knowledge.base import KnowledgeBase
from knowledge.catalogue.discretion import discretion_band
from knowledge.catalogue.loader import load_catalogue
from knowledge.catalogue.matcher import OffenceHit

ISSUE_EXAMPLE = "商户把桌椅摆到店门口的人行道上经营，第一次被发现，当场就收回去了，要罚款吗？"


def _run(knowledge: KnowledgeBase, text: str, **kw: str | None) -> list[Event]:
    return list(OffenceAdvisor(knowledge).stream(text, **kw))


def _text(events: list[Event]) -> str:
    return "".join(str(e.text) for e in events if e.type == "delta")


def _citations(events: list[Event]) -> list[str]:
    return [f"{e.item.law}{e.item.label}" for e in events if e.type == "citation"]


def test_first_offence_corrected_names_first_offence_exemption_and_summary_procedure(
    knowledge: KnowledgeBase,
):
    events = _run(knowledge, ISSUE_EXAMPLE)
    kinds = [e.type for e in events]
    assert kinds[0] == "offence"  # the card first, the text last
    top = events[0].item
    assert top.id == "shopfront-trading"
    text = _text(events)
    assert "违则：《重庆市市容环境卫生管理条例》第十八条第一款（三）" in text
    assert "罚则：《重庆市市容环境卫生管理条例》第十八条第二款" in text
    assert "罚款幅度（个人）：50–500元" in text
    assert "及时（当场）改正" in text and "初次违法" in text  # the facts that chose the band
    assert "首违不罚" in text and "第三十三条第一款" in text
    assert "简易程序" in text and "对公民二百元以下" in text
    assert "当事人是个人还是单位" in text  # a fact still missing
    cited = _citations(events)
    assert "中华人民共和国行政处罚法第三十三条" in cited and "中华人民共和国行政处罚法第五十一条" in cited
    draft = top.draft
    assert isinstance(draft, dict)
    assert draft["offence_code"] == "shopfront-trading" and draft["procedure"] == "simple"
    assert 5000 <= int(draft["fine_fen"]) <= 20000  # 50–200 yuan, in fen


def test_an_individuals_fine_left_to_other_law_says_no_amount_can_be_given(knowledge: KnowledgeBase):
    """固体废物污染环境防治法第一百一十一条第三款 fines an individual who does not sort rubbish only 依法: the card says
    the amount is a local regulation's that the corpus lacks (round 71: 第一次罚多少、第二次罚多少), the organisation's
    range is given as it stands."""
    text = _text(_run(knowledge, "居民个人没按要求分类投放生活垃圾，第一次罚多少？"))
    assert "对个人依法处以罚款" in text
    assert "没有规定具体数额" in text and "法规库中没有收录，不能给出金额" in text
    org = _text(
        _run(
            knowledge,
            "某公司没按要求在指定地点分类投放生活垃圾，情节严重，罚多少？",
            party_type="organisation",
        )
    )
    assert "不能给出金额" not in org and "50000–500000元" in org


def test_the_band_reasons_name_their_own_law(knowledge: KnowledgeBase):
    """The age and first-offence reasons rest on 行政处罚法: said bare (第三十条) they would be read as the 罚则's law's
    — an article 燃放烟花爆竹管理条例 (22 articles) does not have."""
    events = _run(
        knowledge, "一名十五岁的学生在医院住院部楼下放鞭炮，第一次，当场就停了", party_type="individual"
    )
    text = _text(events)
    assert "行政处罚法第三十条" in text and "燃放烟花爆竹" in text
    shown = [e.item for e in events if e.type == "citation"]
    assert check_answer(text, shown, store=knowledge.store)["citations_invalid"] == 0


def test_organisation_gets_its_own_range_and_the_ordinary_procedure_over_3000(knowledge: KnowledgeBase):
    events = _run(knowledge, "某商贸有限公司把促销冷柜摆到店门外人行道上卖货", party_type="organisation")
    text = _text(events)
    assert "罚款幅度（单位）：500–2000元" in text
    assert "对法人或者其他组织三千元以下" in text
    assert "当事人是个人还是单位" not in text  # the officer said so


def test_minor_first_offence_corrected_without_harm_is_not_punished(knowledge: KnowledgeBase):
    events = _run(
        knowledge, "一位老人在电线杆上贴了一张寻狗启事，第一次，队员告诉他后他马上撕了下来，只有一张。"
    )
    top = events[0].item
    assert top.id == "illegal-posting-graffiti"
    assert top.band.startswith("不予处罚")
    assert top.draft["penalty_kind"] == "none" and top.draft["fine_fen"] == 0
    assert "第三十三条" in _text(events)


def test_a_child_under_14_is_not_punished_under_article_30_not_33(knowledge: KnowledgeBase):
    events = _run(knowledge, "巡查发现一个13岁的娃儿在新刷的墙上喷漆乱涂写，已经喊他家长来了")
    top = events[0].item
    assert top.id == "illegal-posting-graffiti" and top.band.startswith("不予处罚")
    text = _text(events)
    line = next(x for x in text.splitlines() if x.startswith("不予处罚："))
    # the basis is the age rule (第三十条), not 首违不罚; education (第三十三条第三款) follows either way
    assert "依《中华人民共和国行政处罚法》第三十条" in line and "责令监护人加以管教" in line
    assert "首违不罚" not in text and "尚需查明" not in text  # no band or fine is left to establish
    assert "中华人民共和国行政处罚法第三十条" in _citations(events)


def test_a_fine_that_needs_a_refusal_is_not_suggested_once_the_party_corrected_in_time(
    knowledge: KnowledgeBase,
):
    events = _run(
        knowledge,
        "某通信公司的交接箱外壳污损残缺，责令限期修复后，公司在期限内已经修复好了",
        party_type="organisation",
    )
    top = events[0].item
    assert top.band.startswith("不予处罚")
    text = _text(events)
    # the 罚则 itself is the basis (its fine presupposes 逾期不清洗或修复), and nothing about the refusal is asked
    assert "不予处罚：依《重庆市市容环境卫生管理条例》第十六条第二款" in text
    assert "第三十三条：" not in text and "逾期不清洗或修复的”（罚款的前提）" not in text
    # every article the answer names verifies against the corpus — the education duty's 第三十三条第三款 is the
    # penalty law's, not read as the 罚则's law's (重庆市市容环境卫生管理条例第三十三条 has one paragraph)
    cited = [e.item for e in events if e.type == "citation"]
    checked = check_answer(text, cited, store=knowledge.store)
    assert checked["citations_invalid"] == 0, checked["citation_problems"]


def test_a_penalty_article_without_a_fine_for_this_party_says_so_in_the_procedure_line():
    # an entry that fines individuals only (对个人处…罚款), met with an organisation
    offence = next(
        o
        for o in load_catalogue().offences
        if "罚款" in o.penalty_kinds
        and o.fines[0].for_party("individual") is not None
        and o.fines[0].for_party("organisation") is None
    )
    band = discretion_band(offence, "organisation")
    hit = OffenceHit(offence=offence, score=1.0, party="organisation", tier_index=0, fine=None, band=band)
    simple, line = offence_mod.simple_procedure(hit)
    assert simple is False and "未设罚款" in line and "计罚基数" not in line


def test_close_candidates_ask_the_question_that_separates_them(monkeypatch, knowledge: KnowledgeBase):
    monkeypatch.setattr(offence_mod, "CLARIFY_MARGIN", 100.0)  # every pair counts as close
    events = _run(knowledge, "火锅店厨房废水经隔油池后接进市政污水管网")
    clarify = [e for e in events if e.type == "clarify"]
    assert len(clarify) == 1
    offences = [e.item for e in events if e.type == "offence"]
    names = [o.name for o in offences[:2]]
    assert clarify[0].options == names
    cat = load_catalogue()
    first, second = (cat.get(o.id) for o in offences[:2])
    own = [f for f in first.facts if f not in second.facts]
    assert own and any(f in clarify[0].question for f in own)


def test_clear_winner_asks_nothing(knowledge: KnowledgeBase):
    events = _run(knowledge, "一名男子在公交站台随地吐痰")
    assert not any(e.type == "clarify" for e in events)


def test_separating_question_uses_the_facts_one_has_and_the_other_lacks():
    cat = load_catalogue()
    q, options = separating_question(
        cat.get("sewer-discharge-unpermitted"), cat.get("sewer-discharge-permit-breach")
    )
    assert options == [
        cat.get("sewer-discharge-unpermitted").name,
        cat.get("sewer-discharge-permit-breach").name,
    ]
    assert "还是" in q and q.startswith("请确认现场情况")


def test_dialect_words_become_the_catalogue_words():
    assert normalise("嬢嬢在街沿上摆摊摊") == "阿姨在人行道上摆摊"
    assert normalise("把垃圾甩在河沟边边上") == "把垃圾扔在河沟边上"


@pytest.fixture
def app_and_officer(
    components: Components, settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(security, "BCRYPT_ROUNDS", 4)
    fresh = settings.model_copy(update={"database_url": f"sqlite:///{tmp_path / 'offence.db'}"})
    db.upgrade(fresh)
    with db.session_for(fresh) as session:
        user = users_service.create(
            session,
            data=UserCreate(
                username="officer-draft", password="pass-1234-word", full_name="测试队员", role=Role.officer,
                badge_no="50090001",
            ),
        )  # fmt: skip
        session.commit()
        assert user.id is not None
        token = security.create_access_token(fresh, user_id=user.id, role=Role.officer)
    return (
        create_app(fresh, runtime=build_runtime(fresh, models=components)),
        {"Authorization": f"Bearer {token}"},
        fresh,
    )


def test_the_draft_creates_a_case(app_and_officer, knowledge: KnowledgeBase):
    app, headers, _ = app_and_officer
    events = _run(knowledge, ISSUE_EXAMPLE)
    drafts = [e.item.draft for e in events if e.type == "offence"]
    assert len(drafts) == 3
    with TestClient(app) as client:
        created = client.post("/api/cases", json=drafts[0], headers=headers)
        assert created.status_code == 201, created.text
        case = created.json()
        assert case["offence_code"] == "shopfront-trading"
        assert case["penalty_provision"] == "《重庆市市容环境卫生管理条例》第十八条第二款"
        assert case["procedure"] == "simple" and case["state"] == "lead"
        again = client.get(f"/api/cases/{case['id']}", headers=headers)
        assert again.status_code == 200 and again.json()["fine_fen"] == drafts[0]["fine_fen"]


def test_another_authoritys_card_says_who_decides_not_the_bureaus_on_the_spot_limits(
    knowledge: KnowledgeBase,
):
    """治安管理处罚法第四十九条第一款 (利用他人乞讨): 拘留 and a fine the police decide — the procedure line names them,
    not 行政处罚法第五十一条's on-the-spot limits, which are not quoted."""
    events = _run(knowledge, "地铁口有个妇女抱着个小孩乞讨，孩子看起来不是她亲生的。")
    offences = [e.item for e in events if e.type == "offence"]
    assert offences[0].id == "coerced-begging"
    answer = "".join(e.text for e in events if e.type == "delta")
    assert "程序：此事项由公安机关依法处理，城管不作出处罚决定" in answer
    assert not any(
        e.type == "citation"
        and e.item.law == "中华人民共和国行政处罚法"
        and e.item.label.startswith("第五十一条")
        for e in events
    )
