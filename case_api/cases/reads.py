"""The hot reads of /api/cases — detail and list — on Core rows, serialised straight to JSON.

The ORM path (:func:`service.present_many`) builds ORM objects and then validates a pydantic model per case; on a
busy server that is most of a read's cost. Here one query fetches the cases with their party's name and their
officers (a correlated JSON aggregate), and :func:`service.public_record` — the function the ORM path uses too, so
both give the same document — makes the records that orjson serialises. The statements are built once per
dialect and shape of the request (which filters it uses); values go in as bound parameters: building a statement
costs more than SQLite takes to run it.

A case's JSON is a pure function of its row (every column of the case, its party's name, its officers), the day
and the working-day calendar. The columns are fetched as the driver gives them, without SQLAlchemy's per-value
conversions, and that raw row is the key of a memo of encoded records: a case read again unchanged costs a
dictionary lookup, a changed one (any column, its party's name, an officer) misses and is encoded afresh. There is
nothing to invalidate, so writes from other processes are seen at once. The response schema stays
``CasePublic``; a test checks that both paths give the same JSON for cases in every state and with deadlines of
every kind, and that changes show at once.
"""

from __future__ import annotations

import threading
from collections import namedtuple
from collections.abc import Callable
from datetime import date
from functools import cache
from operator import itemgetter
from typing import Any, cast

import orjson
from sqlalchemy import Connection, Select, Text, bindparam, func, select, type_coerce
from sqlalchemy import cast as sql_cast
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.engine import CursorResult, Dialect
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.types import NullType

from case_api.cases import service
from case_api.cases.deadlines import local_date
from case_api.cases.models import Case, CaseOfficer, CaseState, Procedure
from case_api.errors import NotFound
from case_api.parties.models import Party
from case_api.sqltypes import utcnow
from case_api.users.models import Role, User
from core.settings import Settings

_C = Case.__table__.c  # type: ignore[attr-defined]
_PARTY = Party.__table__  # type: ignore[attr-defined]
_CO = CaseOfficer.__table__  # type: ignore[attr-defined]
_USER = User.__table__  # type: ignore[attr-defined]
_NAMES = tuple(_C.keys())
_N = len(_NAMES)
_ID = _NAMES.index("id")
_CaseRow = namedtuple("_CaseRow", _NAMES)  # type: ignore[misc]  # attribute access for public_record
_PUBLIC_VALUES = itemgetter(*(_NAMES.index(name) for name in service.PUBLIC_COLUMNS))
_MEMO_LIMIT = 20_000  # encoded cases kept (about 1 KB each); past it the memo starts again


def _officers_json(dialect: str) -> ColumnElement[Any]:
    """The case's officers as a JSON array of ``[id, full_name, badge_no]`` (text; ``[]`` when none)."""
    item = (_USER.c.id, _USER.c.full_name, _USER.c.badge_no)
    if dialect == "postgresql":
        agg: ColumnElement[Any] = func.coalesce(
            sql_cast(func.json_agg(aggregate_order_by(func.json_build_array(*item), _USER.c.id)), Text), "[]"
        )
    else:  # SQLite's json_group_array has no ORDER BY (before 3.44): the miss path sorts by id
        agg = func.json_group_array(func.json_array(*item))
    return (
        select(agg)
        .select_from(_CO.join(_USER, _USER.c.id == _CO.c.user_id))
        .where(_CO.c.case_id == _C.id)
        .scalar_subquery()
    )


@cache
def _statement(
    *, dialect: str, one: bool, citizen: bool, state: bool, procedure: bool, q: bool
) -> Select[Any]:
    raw: list[Any] = [type_coerce(column, NullType()).label(column.name) for column in _C]  # driver's values
    stmt = select(
        *raw, _PARTY.c.name.label("party_name"), _officers_json(dialect).label("officers")
    ).outerjoin(_PARTY, _PARTY.c.id == _C.party_id)
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


Converters = list[Callable[[Any], Any] | None]
_converters: dict[tuple[str, Select[Any]], Converters] = {}


def _converter_list(dialect: Dialect, stmt: Select[Any], result: CursorResult[Any]) -> Converters:
    """Per column, what SQLAlchemy would do to the driver's value (None: nothing), for the column types the
    driver reports; the same on every execution of a statement, so worked out on its first."""
    key = (dialect.name, stmt)
    found = _converters.get(key)
    if found is None:
        # read once per statement: psycopg builds the description anew on every access
        codes = [d[1] for d in result.cursor.description[:_N]]
        found = [
            column.type.dialect_impl(dialect).result_processor(dialect, code)
            for column, code in zip(_C, codes, strict=True)
        ]
        _converters[key] = found
    return found


class _Memo:
    """Encoded case records by raw row, for one (day, time zone, calendar); another of those starts afresh."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._generation: tuple[Any, ...] | None = None
        self._records: dict[Any, bytes] = {}

    def records(self, generation: tuple[Any, ...]) -> dict[Any, bytes]:
        with self._lock:
            if generation != self._generation or len(self._records) > _MEMO_LIMIT:
                # a reader still holding the old dict may add to it: harmless, nobody reads it any more
                self._generation, self._records = generation, {}
            return self._records

    def clear(self) -> None:
        with self._lock:
            self._generation, self._records = None, {}


memo = _Memo()


def _query(conn: Connection, *, viewer: User, one: bool, **values: Any) -> tuple[list[Any], Converters]:
    values = {k: v for k, v in values.items() if v is not None and v != ""}
    citizen = viewer.role == Role.citizen
    if citizen:
        values["party_ids"] = service.citizen_party_ids(conn, viewer)
    stmt = _statement(
        dialect=conn.dialect.name,
        one=one,
        citizen=citizen,
        state="state" in values,
        procedure="procedure" in values,
        q="q" in values,
    )
    result = conn.execute(stmt, values)
    converters = _converter_list(conn.dialect, stmt, result)
    return list(result.all()), converters


def _encoded(
    rows: list[Any], converters: Converters, *, settings: Settings, today: date | None
) -> list[bytes]:
    calendar, today = service.calendar_for(settings), today or local_date(utcnow(), settings.timezone)
    records = memo.records((today, settings.timezone, calendar))
    out: list[bytes] = []
    for row in rows:
        key = tuple(row)
        encoded = records.get(key)
        if encoded is None:
            encoded = _encode(converters, key, settings=settings, calendar=calendar, today=today)
            records[key] = encoded
        out.append(encoded)
    return out


def _encode(
    converters: Converters, raw: tuple[Any, ...], *, settings: Settings, calendar: Any, today: date
) -> bytes:
    values = tuple(
        convert(value) if convert is not None and value is not None else value
        for convert, value in zip(converters, raw[:_N], strict=True)
    )
    party_name, officers_json = raw[_N], raw[_N + 1]
    officers = [
        {"id": user_id, "full_name": full_name, "badge_no": badge_no}
        for user_id, full_name, badge_no in sorted(orjson.loads(officers_json or "[]"))
    ]
    record = service.public_record(
        cast(Any, _CaseRow(*values)), party_name, officers, settings=settings, calendar=calendar, today=today,
        columns=_PUBLIC_VALUES(values),
    )  # fmt: skip
    return orjson.dumps(record, option=orjson.OPT_UTC_Z)  # UTC times end in Z, dates ISO, enums by value


def case_json(
    conn: Connection, case_id: int, *, viewer: User, settings: Settings, today: date | None = None
) -> bytes:
    """``CasePublic`` of one case as JSON; :class:`NotFound` also for a citizen's view of someone else's case."""
    rows, converters = _query(conn, viewer=viewer, one=True, case_id=case_id)
    if not rows:
        raise NotFound(f"案件 {case_id} 不存在。")
    return _encoded(rows, converters, settings=settings, today=today)[0]


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
    rows, converters = _query(
        conn, viewer=viewer, one=False, state=state, procedure=procedure, q=q, limit=limit, offset=offset
    )
    return b"[" + b",".join(_encoded(rows, converters, settings=settings, today=today)) + b"]"
