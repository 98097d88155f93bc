"""Similar past cases from the record beside the law in an offence answer: masked, with case numbers and outcomes,
staff only."""

from __future__ import annotations

import json

from sqlmodel import col, select

from assistant.chat import ChatService
from assistant.offence import OffenceAdvisor
from assistant.similar import similar_cases
from case_api import db
from case_api.cases.models import Case, CaseState
from case_api.parties.models import Party
from knowledge.base import KnowledgeBase
from knowledge.catalogue import load_catalogue
from knowledge.catalogue.schema import Offence
from tests.assistant.test_tools import DemoRecord, demo_record  # noqa: F401 - the fixture

STREET_TRADING = "占道经营"


def _offence_for(name: str) -> Offence:
    return next(o for o in load_catalogue().offences if name in o.aliases)


def test_similar_cases_are_the_record_s_past_cases_of_that_offence(demo_record: DemoRecord) -> None:  # noqa: F811
    offence = _offence_for(STREET_TRADING)
    found = similar_cases(demo_record.settings, offence, k=5)
    with db.session_for(demo_record.settings) as session:
        truth = session.exec(
            select(Case).where(col(Case.offence_name).in_(sorted({offence.name, *offence.aliases})))
        ).all()
        past = {
            c.case_number or f"案件{c.id}": c
            for c in truth
            if c.state in (CaseState.executed, CaseState.dropped)
        }
        parties = {p.id: p for p in session.exec(select(Party))}
    assert {f.case_no for f in found} == set(past)  # the paid one and the 首违不罚 one; not the open lead
    by_state = {past[f.case_no].state: f for f in found}
    assert by_state[CaseState.dropped].outcome.startswith("不予处罚")
    assert "第三十三条" in by_state[CaseState.dropped].outcome
    assert by_state[CaseState.executed].outcome.startswith("罚款 200 元")
    text = json.dumps([f.model_dump() for f in found], ensure_ascii=False)
    for case in past.values():  # masked: no party name, phone or ID number
        party = parties[case.party_id]
        assert party.name not in text and (party.phone or "-") not in text


def test_offence_answers_carry_similar_cases_for_staff_only(
    demo_record: DemoRecord,  # noqa: F811
    knowledge: KnowledgeBase,
) -> None:
    chat = ChatService(lambda: None, OffenceAdvisor(knowledge), settings=demo_record.settings)  # type: ignore[arg-type,return-value]
    text = "一个摊主在路边摆摊卖菜，占了半边人行道，要罚吗"
    staff = list(chat.respond(text, principal=demo_record.users["officer"], now=demo_record.now))
    kinds = [e.type for e in staff]
    assert "similar_case" in kinds and kinds.index("similar_case") > kinds.index("offence")
    citizen = list(chat.respond(text, principal=demo_record.users["citizen"], now=demo_record.now))
    assert "offence" in [e.type for e in citizen] and "similar_case" not in [e.type for e in citizen]
