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
dictionary lookup, a changed one (any column, its party's name, an officer) misses and is encoded afresh. The
compiled statements and the memo belong to the :class:`~case_api.db.Database` the read is on. There is
nothing to invalidate, so writes from other processes are seen at once. The response schema stays
``CasePublic``; a test checks that both paths give the same JSON for cases in every state and with deadlines of
every kind, and that changes show at once.
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Callable
from datetime import date
from enum import Enum
from functools import cache
from operator import itemgetter
from typing import Any, cast

import orjson
from sqlalchemy import (
    Connection,
    Integer,
    Select,
    Text,
    any_,
    bindparam,
    func,
    literal_column,
    select,
    type_coerce,
)
from sqlalchemy import cast as sql_cast
from sqlalchemy.dialects.postgresql import ARRAY, aggregate_order_by
from sqlalchemy.engine import Dialect
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.types import NullType

from case_api.cases import service
from case_api.cases.deadlines import local_date
from case_api.cases.models import Case, CaseOfficer, CaseState, Procedure
from case_api.db import Database
from case_api.errors import NotFound
from case_api.parties.models import Party
from case_api.sqltypes import utcnow
from case_api.users.models import Role, User
from case_api.users.principals import Principal
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
    if citizen:  # only the cases where they are the party: the ids, one parameter in any dialect
        if dialect == "postgresql":
            stmt = stmt.where(_C.party_id == any_(bindparam("party_ids", type_=ARRAY(Integer))))
        else:
            ids: Select[Any] = select(literal_column("value")).select_from(
                func.json_each(bindparam("party_ids"))
            )
            stmt = stmt.where(_C.party_id.in_(ids.scalar_subquery()))
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


class _Compiled:
    """A statement as the driver takes it — SQL text, parameter order — and, once seen, the per-column
    conversions SQLAlchemy would apply to the driver's values (the same on every execution of the statement)."""

    def __init__(self, stmt: Select[Any], dialect: Dialect) -> None:
        compiled = stmt.compile(dialect=dialect)
        self.sql = str(compiled)
        self.positional = compiled.positiontup if dialect.positional else None
        self.defaults = {k: v for k, v in compiled.params.items() if v is not None}  # literals such as '[]'
        self.converters: Converters | None = None
        self.dialect = dialect

    def params(self, values: dict[str, Any]) -> Any:
        values = {**self.defaults, **values} if self.defaults else values
        return [values[name] for name in self.positional] if self.positional is not None else values

    def learn(self, description: Any) -> Converters:
        codes = [d[1] for d in description[:_N]]
        self.converters = [
            column.type.dialect_impl(self.dialect).result_processor(self.dialect, code)
            for column, code in zip(_C, codes, strict=True)
        ]
        return self.converters


def _query(
    conn: Connection, *, database: Database, viewer: User | Principal, one: bool, **values: Any
) -> tuple[list[Any], Converters]:
    """The rows as the driver gives them (tuples), straight off the driver's cursor: SQLAlchemy compiles the
    statement once, and its per-execution work (contexts, result wrappers) would cost more than SQLite's."""
    values = {
        k: v.value if isinstance(v, Enum) else v for k, v in values.items() if v is not None and v != ""
    }
    citizen = viewer.role == Role.citizen
    dialect = conn.dialect
    if citizen:
        ids = service.citizen_party_ids(conn, viewer)
        values["party_ids"] = ids if dialect.name == "postgresql" else orjson.dumps(ids).decode()
    stmt = _statement(
        dialect=dialect.name,
        one=one,
        citizen=citizen,
        state="state" in values,
        procedure="procedure" in values,
        q="q" in values,
    )
    compiled: _Compiled | None = database.compiled.get(stmt)  # a statement is built for one dialect
    if compiled is None:
        compiled = database.compiled[stmt] = _Compiled(stmt, dialect)
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(compiled.sql, compiled.params(values))
        rows = cursor.fetchall()
        converters = compiled.converters or compiled.learn(cursor.description)
    finally:
        cursor.close()
    return rows, converters


def _encoded(
    rows: list[Any], converters: Converters, *, database: Database, settings: Settings, today: date | None
) -> list[bytes]:
    calendar, today = service.calendar_for(settings), today or local_date(utcnow(), settings.timezone)
    records: dict[Any, bytes] = database.memo.values((today, settings.timezone, calendar))
    out: list[bytes] = []
    for key in rows:
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


# What the event loop may run itself (see :meth:`case_api.db.Database.read`): a read whose cost has a small
# ceiling whatever the data. A case by its id, or the newest cases in id order (the primary key's index walked
# from its end): at most this many rows encoded, after at most this many skipped. A citizen's reads first find
# their parties by ID number, a scan of the party table; a title search (``LIKE '%…%'``) scans the cases, and so
# may a filter on state or procedure (the matching cases may be few and far between): those go to a reader thread.
BOUNDED_LIMIT = 50
BOUNDED_OFFSET = 1_000


def bounded_detail(viewer: User | Principal) -> bool:
    """Whether reading one case for ``viewer`` has a small fixed cost (the event loop may do it)."""
    return viewer.role != Role.citizen


def bounded_list(
    viewer: User | Principal,
    *,
    state: CaseState | None = None,
    procedure: Procedure | None = None,
    q: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> bool:
    """Whether this page of the list has a small fixed cost (the event loop may read it)."""
    return (
        viewer.role != Role.citizen
        and state is None
        and procedure is None
        and not q
        and limit <= BOUNDED_LIMIT
        and offset <= BOUNDED_OFFSET
    )


def case_json(
    conn: Connection,
    case_id: int,
    *,
    database: Database,
    viewer: User | Principal,
    settings: Settings,
    today: date | None = None,
) -> bytes:
    """``CasePublic`` of one case as JSON; :class:`NotFound` also for a citizen's view of someone else's case.
    ``database``: the one ``conn`` reads, whose compiled statements and memo of records this read uses."""
    rows, converters = _query(conn, database=database, viewer=viewer, one=True, case_id=case_id)
    if not rows:
        raise NotFound(f"案件 {case_id} 不存在。")
    return _encoded(rows, converters, database=database, settings=settings, today=today)[0]


def cases_json(
    conn: Connection,
    *,
    database: Database,
    viewer: User | Principal,
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
        conn, database=database, viewer=viewer, one=False, state=state, procedure=procedure, q=q, limit=limit,
        offset=offset,
    )  # fmt: skip
    return (
        b"[" + b",".join(_encoded(rows, converters, database=database, settings=settings, today=today)) + b"]"
    )
