"""What payments read from a case (and its party): the one place that knows the cases domain's tables."""

from __future__ import annotations

import hmac
import re
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlmodel import Session, select

from case_api.cases.models import Case, CaseState, PenaltyKind
from case_api.errors import NotFound, ValidationFailed
from case_api.parties.models import Party

PAYABLE_STATES = (CaseState.decided, CaseState.served)


@dataclass(frozen=True)
class CaseFacts:
    case_id: int
    case_no: str
    state: str
    offence: str | None
    fine_fen: int
    served_on: date | None
    party_name: str | None
    party_phone: str | None


def local_date(moment: datetime, tz: str) -> date:
    return moment.astimezone(ZoneInfo(tz)).date()


def facts(session: Session, *, case_id: int, tz: str) -> CaseFacts:
    case = session.get(Case, case_id)
    if case is None:
        raise NotFound(f"案件 {case_id} 不存在。", code="case_not_found")
    return _facts(session, case, tz)


def _facts(session: Session, case: Case, tz: str) -> CaseFacts:
    party = session.get(Party, case.party_id) if case.party_id is not None else None
    return CaseFacts(
        case_id=case.id or 0,
        case_no=case.case_number or f"（未编号 #{case.id}）",
        state=str(case.state),
        offence=case.offence_name or case.title,
        fine_fen=case.fine_fen if case.penalty_kind == PenaltyKind.fine else 0,
        served_on=local_date(case.served_at, tz) if case.served_at else None,
        party_name=party.name if party else None,
        party_phone=party.phone if party else None,
    )


def payable(session: Session, *, case_id: int, tz: str) -> CaseFacts:
    """The case's facts when a fine order may be issued for it; ``ValidationFailed`` says why not otherwise."""
    found = facts(session, case_id=case_id, tz=tz)
    if found.fine_fen <= 0:
        raise ValidationFailed("该案件没有罚款决定，无需生成缴款码。", code="no_fine")
    if found.served_on is None or found.state not in PAYABLE_STATES:
        raise ValidationFailed(
            "行政处罚决定书送达后才能生成缴款码（第六十七条：自收到决定书之日起十五日内缴纳）。",
            code="not_served",
        )
    return found


def _digits(phone: str) -> str:
    return re.sub(r"\D", "", phone)[-11:]


def lookup(session: Session, *, case_no: str, phone: str, tz: str) -> CaseFacts:
    """A case by its number and the party's phone; the same NotFound for a wrong number or a wrong phone."""
    case = session.exec(select(Case).where(Case.case_number == case_no.strip())).first()
    found = _facts(session, case, tz) if case is not None else None
    given = _digits(phone)
    if (
        found is None
        or not found.party_phone
        or len(given) < 7
        or not hmac.compare_digest(_digits(found.party_phone), given)
    ):
        raise NotFound("未找到案件：请核对案件编号和当事人手机号。", code="case_lookup_failed")
    return found
