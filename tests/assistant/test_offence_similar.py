"""Similar past cases ranked by their facts: the same offence, the case that happened like the one described first
(the real bundled embedder over the masked 违法事实), newest first without a description; masked."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from assistant.similar import SimilarCases, similar_cases
from case_api import db
from case_api.cases.models import Case, CaseState, PenaltyKind
from channels.components import Components
from core.settings import Settings
from knowledge.catalogue import load_catalogue

PHONE = "13812345678"
FACTS = {  # newest first
    "万综罚〔2026〕3号": "临街水果店店主把水果摊摆到门外人行道上售卖，超出门窗外墙约一米。",
    "万综罚〔2026〕2号": "火锅店晚上把十几张桌椅摆到店门外的人行道上经营，占用人行道约二十平方米。",
    "万综罚〔2026〕1号": f"五金店店主（电话{PHONE}）把梯子、水管堆在门口人行道上售卖。",
}


@pytest.fixture
def record(settings: Settings, tmp_path: Path) -> Iterator[Settings]:
    fresh = settings.model_copy(update={"database_url": f"sqlite:///{tmp_path / 'similar.db'}"})
    db.upgrade(fresh)
    now = datetime(2026, 6, 1, tzinfo=UTC)
    with db.session_for(fresh) as session:
        for age, (number, facts) in enumerate(FACTS.items()):
            session.add(
                Case(
                    case_number=number, title=f"出店经营 {facts[:12]}", offence_code="shopfront-trading",
                    facts=facts, state=CaseState.executed, penalty_kind=PenaltyKind.fine, fine_fen=20000,
                    created_at=now - timedelta(days=age), decided_at=now - timedelta(days=age),
                )
            )  # fmt: skip
        session.add(  # an open case is not a past case; another offence is not similar
            Case(case_number="万综罚〔2026〕4号", title="出店经营", offence_code="shopfront-trading",
                 facts="烧烤店把桌椅摆到门外人行道", state=CaseState.lead, created_at=now)
        )  # fmt: skip
        session.add(
            Case(case_number="万综罚〔2026〕5号", title="随地吐痰", offence_code="spitting",
                 facts="烧烤店把桌椅摆到门外人行道", state=CaseState.executed, created_at=now)
        )  # fmt: skip
        session.commit()
    yield fresh
    db.dispose_engine(fresh.sqlalchemy_url)


def test_the_case_that_happened_like_this_one_comes_first(record: Settings, components: Components) -> None:
    offence = load_catalogue().get("shopfront-trading")
    finder = SimilarCases(record, components.embedder)  # the session's embedder
    found = finder.find(offence, "烧烤店晚上把桌子板凳摆到店外人行道上做生意", k=3)
    assert found[0].case_no == "万综罚〔2026〕2号"
    assert {f.case_no for f in found} == set(FACTS)  # not the open lead, not another offence
    assert all(f.outcome.startswith("罚款 200 元") for f in found)
    assert PHONE not in json.dumps([f.model_dump() for f in found], ensure_ascii=False)


def test_without_facts_or_embedder_the_newest_come_first(record: Settings) -> None:
    offence = load_catalogue().get("shopfront-trading")
    newest = [f.case_no for f in similar_cases(record, offence, k=3)]
    assert newest == list(FACTS)
    assert [
        f.case_no for f in SimilarCases(record, lambda: None).find(offence, "烧烤店摆桌椅", k=3)
    ] == newest
