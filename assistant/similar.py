"""Similar past cases from the record, shown beside the law in an offence answer (``similar_case`` events).

A past case is one that reached a decision (决定 and after) or was dropped (不予处罚, e.g. 首违不罚): its outcome is
what an officer wants beside the statute. Similar = the same catalogue offence: the case's offence code is the
offence's id, or its offence name is the offence's name or one of its aliases. Newest first, at most ``k``.

Masked: no party, no phone or ID number; the title and outcome text pass through :func:`assistant.masking.scrub`.
Only staff see them (a citizen sees only their own cases, never others', masked or not).
"""

from __future__ import annotations

from sqlmodel import col, or_, select

from assistant.events import PastCase
from assistant.masking import scrub
from case_api.cases.models import STATE_LABELS, Case, CaseState, PenaltyKind
from case_api.db import session_for
from core.settings import Settings
from knowledge.catalogue.schema import Offence

PAST_STATES = (
    CaseState.decided,
    CaseState.served,
    CaseState.executed,
    CaseState.closed,
    CaseState.archived,
    CaseState.dropped,
)


def outcome(case: Case) -> str:
    if case.state == CaseState.dropped:
        return "不予处罚/终止" + (f"：{case.outcome_note}" if case.outcome_note else "")
    if case.penalty_kind == PenaltyKind.fine and case.fine_fen:
        text = f"罚款 {case.fine_fen / 100:.0f} 元"
    elif case.penalty_kind == PenaltyKind.warning:
        text = "警告"
    else:
        text = "不予处罚"
    return f"{text}（{STATE_LABELS[CaseState(case.state)]}）"


def similar_cases(settings: Settings, offence: Offence, *, k: int = 3) -> list[PastCase]:
    names = {offence.name, *offence.aliases}
    with session_for(settings) as session:
        rows = session.exec(
            select(Case)
            .where(col(Case.state).in_([s.value for s in PAST_STATES]))
            .where(or_(col(Case.offence_code) == offence.id, col(Case.offence_name).in_(sorted(names))))
            .order_by(col(Case.created_at).desc(), col(Case.id).desc())
            .limit(k)
        ).all()
        return [
            PastCase(
                case_no=case.case_number or f"案件{case.id}",
                title=scrub(case.title),
                offence=case.offence_name or offence.name,
                outcome=scrub(outcome(case)),
                decided_at=(case.decided_at or case.dropped_at or case.created_at).date().isoformat(),
                penalty_provision=case.penalty_provision,
            )
            for case in rows
        ]
