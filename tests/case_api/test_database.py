"""A ``Database`` owns its engine, its sessions' write-lock listeners, its reader threads and its caches: two of them
share nothing, and closing one lets go of its connections and threads without making it unusable."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import Connection, text
from sqlmodel import Session, select

from case_api import db
from case_api.cases.models import Case
from case_api.users import principals
from case_api.users.models import User


def count_cases(conn: Connection) -> int:
    return int(conn.execute(text("SELECT count(*) FROM enforcement_case")).scalar_one())


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)  # the writer lock is SQLite's
def test_each_database_has_its_own_writer_lock_and_listeners(db_url: str, users: dict[str, User]) -> None:
    first, second = db.Database(db_url), db.Database(db_url)
    try:
        assert first.write_lock is not None and second.write_lock is not None
        assert first.write_lock is not second.write_lock
        with first.session() as s:
            assert db.Database.of(s) is first
            officer = s.get(User, users["officer"].id)
            assert officer is not None
            officer.full_name = "李一"
            s.flush()
            assert first.write_lock.locked() and not second.write_lock.locked()
            s.commit()
            assert not first.write_lock.locked()
        with Session(first.engine) as plain:  # a session made some other way: no listener, no lock taken
            assert db.Database.of(plain) is None
            officer = plain.get(User, users["officer"].id)
            assert officer is not None
            officer.full_name = "李二"
            plain.flush()
            assert not first.write_lock.locked()
            plain.rollback()
    finally:
        first.close()
        second.close()


def test_two_databases_keep_their_own_snapshots_and_reads(db_url: str, users: dict[str, User]) -> None:
    first, second = db.Database(db_url), db.Database(db_url)
    officer_id = users["officer"].id or 0
    try:
        assert principals.fetch(first, officer_id) is not None
        assert principals.principal(first, officer_id) is not None
        assert principals.principal(second, officer_id) is None  # nothing shared between two databases
        principals.forget(first, officer_id)
        assert principals.principal(first, officer_id) is None
        assert asyncio.run(first.read(count_cases)) == 0
        assert first.reader_pool() is not second.reader_pool()
    finally:
        second.close()
    first.close()  # its connections and threads go; it stays usable
    assert first.engine.pool.checkedout() == 0
    assert asyncio.run(first.read(count_cases, bounded=True)) == 0
    with first.session() as s:
        assert s.exec(select(Case)).all() == []
    first.close()


def test_database_for_gives_one_database_per_url_until_disposed(db_url: str) -> None:
    database = db.database_for(db_url)
    assert db.database_for(db_url) is database and db.get_engine(db_url) is database.engine
    db.dispose_engine(db_url)
    assert db.database_for(db_url) is not database
