"""Case numbers: ``settings.case_number_format`` with a per-year sequence, safe under concurrent writers.

The year's row in ``case_sequence`` is created if missing, then incremented with an ``UPDATE`` — a row lock
on PostgreSQL and SQLite's write lock — so two transactions never get the same number; the number is only
taken when the transaction commits (a rolled-back filing leaves no gap).
"""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session

from case_api.cases.models import CaseSequence

_table = CaseSequence.__table__  # type: ignore[attr-defined]


def next_seq(session: Session, year: int) -> int:
    if session.get_bind().dialect.name == "postgresql":
        session.execute(
            pg_insert(_table).values(year=year, last=0).on_conflict_do_nothing(index_elements=["year"])
        )
    else:
        session.execute(
            sqlite_insert(_table).values(year=year, last=0).on_conflict_do_nothing(index_elements=["year"])
        )
    session.execute(update(_table).where(_table.c.year == year).values(last=_table.c.last + 1))
    value = session.execute(select(_table.c.last).where(_table.c.year == year)).scalar_one()
    return int(value)


def format_number(fmt: str, year: int, seq: int) -> str:
    return fmt.format(year=year, seq=seq)


def allocate(session: Session, fmt: str, year: int) -> str:
    return format_number(fmt, year, next_seq(session, year))
