"""Drive a case through the real state machine to any state (demo data and tests use the same path).

Every step goes through ``cases_service.transition`` with the role the statute wants, back-dated with ``now=``
so that deadlines look like a real file; the step to ``executed`` is a verified payment through 码上付.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session

from case_api.cases import service as cases_service
from case_api.cases.models import Case, CaseCreate, CaseSource, CaseState, PenaltyKind, Procedure
from case_api.parties import service as parties_service
from case_api.parties.models import PartyCreate, PartyKind
from case_api.payments import caselink, flows, providers
from case_api.payments import service as payment_service
from case_api.payments.providers.loopback import LoopbackProvider
from case_api.users.models import User
from core.settings import Settings

S = CaseState
ORDINARY_PATH = (
    S.accepted,
    S.filed,
    S.investigating,
    S.legal_review,
    S.notified,
    S.decided,
    S.served,
    S.executed,
    S.closed,
    S.archived,
)


@dataclass(frozen=True)
class Actors:
    officer: User
    officer2: User
    legal: User
    commander: User

    def for_step(self, state: CaseState) -> User:
        if state in (S.filed, S.decided):
            return self.commander
        if state in (S.closed, S.archived, S.dropped) or state == S.notified:
            return self.legal
        return self.officer


@dataclass(frozen=True)
class CaseSpec:
    title: str
    offence: str
    location: str
    fine_yuan: int
    target: CaseState
    party_name: str = "张三"
    party_phone: str = "13912345678"
    party_id_number: str | None = "500101199001011234"
    source: CaseSource = CaseSource.patrol


def make_case(
    session: Session,
    *,
    settings: Settings,
    actors: Actors,
    spec: CaseSpec,
    start: datetime,
    party_id: int | None = None,
) -> Case:
    """Create the case at ``start`` and step it to ``spec.target`` (one hour per step)."""
    if party_id is None:
        party = parties_service.create(
            session,
            data=PartyCreate(
                kind=PartyKind.individual,
                name=spec.party_name,
                phone=spec.party_phone,
                id_number=spec.party_id_number,
            ),
            actor_id=actors.officer.id,
        )
        party_id = party.id
    data = CaseCreate(
        procedure=Procedure.ordinary,
        source=spec.source,
        title=spec.title,
        offence_name=spec.offence,
        facts=f"{spec.location}发现{spec.offence}行为，现场拍照取证。",
        location=spec.location,
        violated_provision="《城市市容和环境卫生管理条例》第十四条",
        penalty_provision="《城市市容和环境卫生管理条例》第三十六条",
        penalty_kind=PenaltyKind.fine,
        fine_fen=spec.fine_yuan * 100,
        offence_date=start.date(),
        party_id=party_id,
        officer_ids=[actors.officer2.id or 0],
        discovered_at=start,
    )
    case = cases_service.create(session, data=data, actor=actors.officer)
    if spec.target == S.dropped:
        return cases_service.transition(
            session,
            case,
            S.dropped,
            actors.legal,
            {"reason": "首次违法、危害后果轻微并及时改正（第三十三条）"},
            settings=settings,
            now=start + timedelta(hours=1),
        )
    when = start
    for state in _path(spec.target):
        when += timedelta(hours=1)
        if state == S.executed:
            case = pay(session, settings=settings, case=case, paid_at=when)
            continue
        payload: dict[str, object] = {"waived": True} if state == S.decided else {}
        case = cases_service.transition(
            session, case, state, actors.for_step(state), payload, settings=settings, now=when
        )
    return case


def _path(target: CaseState) -> tuple[CaseState, ...]:
    if target == S.lead:
        return ()
    if target == S.hearing:  # the party asked for a hearing within five working days of notice (第六十四条)
        return (*ORDINARY_PATH[: ORDINARY_PATH.index(S.notified) + 1], S.hearing)
    return ORDINARY_PATH[: ORDINARY_PATH.index(target) + 1]


def pay(session: Session, *, settings: Settings, case: Case, paid_at: datetime) -> Case:
    """Issue the order and pay it through the loopback channel's signed notice, exactly as a citizen would."""
    assert case.id is not None
    order = payment_service.create_order(
        session, settings=settings, case_id=case.id, provider="loopback", actor_id=None
    )
    channel = providers.get("loopback", settings)
    assert isinstance(channel, LoopbackProvider)
    due = payment_service.amount_due(order, caselink.local_date(paid_at, settings.timezone))
    body = channel.notice_xml(out_trade_no=order.code, total_fen=due.total_fen, paid_at=paid_at).encode()
    flows.handle_notice(session, settings=settings, provider=channel, body=body)
    return cases_service.get(session, case.id)


__all__ = ["Actors", "CaseSpec", "PenaltyKind", "make_case", "pay"]
