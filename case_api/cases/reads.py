"""The hot reads of /api/cases — detail and list — on Core rows, serialised straight to JSON.

The ORM path (:func:`service.present_many`) builds ORM objects and then validates a pydantic model per case; on a
busy server that is most of a read's cost. Here one query fetches the cases with their party's name, one more the
officers of all of them, and :func:`service.public_record` — the function the ORM path uses too, so both give the
same document — makes the records that orjson serialises. The statements are built once per shape of the
request (which filters it uses), values go in as bound parameters: building a statement costs more than SQLite
takes to run it. The response schema stays ``CasePublic``; a test checks that both paths give the same JSON for
cases in every state and with deadlines of every kind.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from operator import itemgetter
from typing import Any

import orjson
from sqlalchemy import Connection, Select, bindparam, select

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
# the statements select the case table's columns first, in table order: a row's public values by position
_PUBLIC_VALUES = itemgetter(*(list(_C.keys()).index(name) for name in service.PUBLIC_COLUMNS))


@cache
def _statement(*, one: bool, citizen: bool, state: bool, procedure: bool, q: bool) -> Select[Any]:
    stmt = select(Case.__table__, _PARTY.c.name.label("party_name")).outerjoin(  # type: ignore[attr-defined]
        _PARTY, _PARTY.c.id == _C.party_id
    )
    if one:
        stmt = stmt.where(_C.id == bindparam("case_id"))
    if citizen:  # a citizen sees only the cases where they are the party
        stmt = stmt.where(_C.party_id.in_(bindparam("party_ids", expanding=True)))
    if state:
        stmt = stmt.where(_C.state == bindparam("state"))
    if procedure:
        stmt = stmt.where(_C.procedure == bindparam("procedure"))
    if q:
        stmt = stmt.where(_C.title.contains(bindparam("q")) | (_C.case_number == bindparam("q")))
    if not one:
        stmt = stmt.order_by(_C.id.desc()).limit(bindparam("limit")).offset(bindparam("offset"))
    return stmt


def _query(conn: Connection, *, viewer: User, one: bool, **values: Any) -> list[Any]:
    values = {k: v for k, v in values.items() if v is not None and v != ""}
    citizen = viewer.role == Role.citizen
    if citizen:
        values["party_ids"] = service.citizen_party_ids(conn, viewer)
    stmt = _statement(
        one=one, citizen=citizen, state="state" in values, procedure="procedure" in values, q="q" in values
    )
    return list(conn.execute(stmt, values).all())


def _render(
    conn: Connection, rows: list[Any], *, settings: Settings, today: date | None
) -> list[dict[str, Any]]:
    staff = service.officers_of(conn, [row.id for row in rows])
    calendar, today = service.calendar_for(settings), today or local_date(utcnow(), settings.timezone)
    return [
        service.public_record(
            row, row.party_name, staff[row.id], settings=settings, calendar=calendar, today=today,
            columns=_PUBLIC_VALUES(row),
        )
        for row in rows
    ]  # fmt: skip


def _json(data: Any) -> bytes:
    """What FastAPI would send for ``CasePublic`` data: UTC times end in ``Z``, dates ISO, enums by value."""
    return orjson.dumps(data, option=orjson.OPT_UTC_Z)


def case_json(
    conn: Connection, case_id: int, *, viewer: User, settings: Settings, today: date | None = None
) -> bytes:
    """``CasePublic`` of one case as JSON; :class:`NotFound` also for a citizen's view of someone else's case."""
    rows = _query(conn, viewer=viewer, one=True, case_id=case_id)
    if not rows:
        raise NotFound(f"案件 {case_id} 不存在。")
    return _json(_render(conn, rows, settings=settings, today=today)[0])


def cases_json(
    conn: Connection,
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
    rows = _query(
        conn, viewer=viewer, one=False, state=state, procedure=procedure, q=q, limit=limit, offset=offset
    )
    return _json(_render(conn, rows, settings=settings, today=today))
