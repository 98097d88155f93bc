"""Small builders for case tests."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlmodel import Session

from case_api.cases import service as cases_service
from case_api.cases.models import Case, CaseCreate, CaseState, PenaltyKind, Procedure
from case_api.parties import service as parties_service
from case_api.parties.models import Party, PartyCreate, PartyKind
from case_api.users.models import User
from core.settings import Settings

T0 = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)  # Monday 10:00 in Chongqing


def party(session: Session, *, kind: PartyKind = PartyKind.individual, **kw: Any) -> Party:
    data = {
        "kind": kind,
        "name": "张三" if kind == PartyKind.individual else "万州某某餐饮有限公司",
        "id_number": "500101199001011234" if kind == PartyKind.individual else "91500101MA5XXXXX1X",
        "phone": "13912345678",
        **kw,
    }
    return parties_service.create(session, data=PartyCreate(**data), actor_id=None)


def case(
    session: Session,
    creator: User,
    *,
    party_obj: Party | None = None,
    procedure: Procedure = Procedure.ordinary,
    fine_fen: int = 500_00,
    officers: list[User] | None = None,
    **kw: Any,
) -> Case:
    p = party_obj or party(session)
    defaults: dict[str, Any] = {
        "title": "占道经营",
        "offence_name": "占道经营",
        "facts": "在人行道摆摊经营水果",
        "location": "万州区高笋塘",
        "grid": "WZ-01",
        "violated_provision": "《城市市容和环境卫生管理条例》第十四条",
        "penalty_provision": "《重庆市市容环境卫生管理条例》第五十一条",
        "penalty_kind": PenaltyKind.fine,
        "offence_date": date(2026, 3, 1),
        "discovered_at": T0 - timedelta(hours=1),
    }
    data = CaseCreate(
        **{**defaults, **kw},
        procedure=procedure,
        fine_fen=fine_fen,
        party_id=p.id,
        officer_ids=[o.id for o in officers or [] if o.id is not None],
    )
    return cases_service.create(session, data=data, actor=creator)


def run(
    session: Session,
    settings: Settings,
    c: Case,
    steps: list[tuple[CaseState, User | None, dict[str, Any]]],
    *,
    at: datetime = T0,
) -> Case:
    for to_state, actor, payload in steps:
        c = cases_service.transition(session, c, to_state, actor, payload, settings=settings, now=at)
    session.commit()
    return c


def to_notified(
    session: Session, settings: Settings, users: dict[str, User], c: Case, at: datetime = T0
) -> Case:
    return run(
        session,
        settings,
        c,
        [
            (CaseState.accepted, users["officer"], {}),
            (CaseState.filed, users["commander"], {}),
            (CaseState.investigating, users["officer"], {}),
            (CaseState.legal_review, users["officer"], {}),
            (CaseState.notified, users["legal"], {}),
        ],
        at=at,
    )
