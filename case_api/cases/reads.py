"""The hot reads of /api/cases — detail and list — on Core rows, serialised straight to JSON.

The ORM path (:func:`service.present_many`) builds ORM objects and then validates a pydantic model per case; on a
busy server that is most of a read's cost. Here one query fetches the cases with their party's name, one more the
officers of all of them, and :func:`service.public_record` — the function the ORM path uses too, so both give the
same document — makes the records that pydantic-core serialises. The response schema stays ``CasePublic``; a test
checks that both paths give the same JSON for cases in every state and with deadlines of every kind.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic_core import to_json
from sqlalchemy import ColumnElement, Select, select
from sqlmodel import Session

from case_api.cases import service
from case_api.cases.deadlines import local_date
from case_api.cases.models import Case, CaseState, Procedure
from case_api.errors import NotFound
from case_api.parties.models import Party
from case_api.sqltypes import utcnow
from case_api.users.models import Role, User
from core.settings import Settings

_C = Case.__table__.c  # type: ignore[attr-defined]
_PARTY = Party.__table__  # type: ignore[attr-defined]


def _rows() -> Select[Any]:
    return select(Case.__table__, _PARTY.c.name.label("party_name")).outerjoin(  # type: ignore[attr-defined]
        _PARTY, _PARTY.c.id == _C.party_id
    )


def _visibility(session: Session, viewer: User) -> ColumnElement[bool] | None:
    """``None``: every case (staff). A citizen sees only the cases where they are the party."""
    if viewer.role != Role.citizen:
        return None
    return _C.party_id.in_(service.citizen_party_ids(session, viewer))


def _render(
    session: Session, rows: list[Any], *, settings: Settings, today: date | None
) -> list[dict[str, Any]]:
    staff = service.officers_of(session, [row.id for row in rows])
    calendar, today = service.calendar_for(settings), today or local_date(utcnow(), settings.timezone)
    return [
        service.public_record(
            row, row.party_name, staff[row.id], settings=settings, calendar=calendar, today=today
        )
        for row in rows
    ]


def case_json(
    session: Session, case_id: int, *, viewer: User, settings: Settings, today: date | None = None
) -> bytes:
    """``CasePublic`` of one case as JSON; :class:`NotFound` also for a citizen's view of someone else's case."""
    stmt = _rows().where(_C.id == case_id)
    visible = _visibility(session, viewer)
    if visible is not None:
        stmt = stmt.where(visible)
    row = session.execute(stmt).first()
    if row is None:
        raise NotFound(f"案件 {case_id} 不存在。")
    return to_json(_render(session, [row], settings=settings, today=today)[0])


def cases_json(
    session: Session,
    *,
    viewer: User,
    settings: Settings,
    state: CaseState | None = None,
    procedure: Procedure | None = None,
    q: str | None = None,
    limit: int = 50,
    offset: int = 0,
    today: date | None = None,
) -> bytes:
    """A page of ``CasePublic`` as a JSON array, newest first."""
    stmt = _rows()
    visible = _visibility(session, viewer)
    if visible is not None:
        stmt = stmt.where(visible)
    if state is not None:
        stmt = stmt.where(_C.state == state)
    if procedure is not None:
        stmt = stmt.where(_C.procedure == procedure)
    if q:
        stmt = stmt.where(_C.title.contains(q) | (_C.case_number == q))
    rows = list(session.execute(stmt.order_by(_C.id.desc()).offset(offset).limit(limit)))
    return to_json(_render(session, rows, settings=settings, today=today))
