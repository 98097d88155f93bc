"""SQLite writers queue on the in-process lock: taken at the first write, given back however the transaction ends."""

from __future__ import annotations

import threading

import pytest
from sqlmodel import Session, select

from case_api import db
from case_api.audit import service as audit_service
from case_api.cases import service as cases_service
from case_api.cases.models import Case, CaseCreate
from case_api.storage import BlobStore
from case_api.users.models import User
from core.settings import Settings

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)  # the writer lock is SQLite's


@pytest.fixture
def sqlite_settings(settings: Settings) -> Settings:
    assert settings.sqlalchemy_url.startswith("sqlite")
    return settings


def lock_of(settings: Settings) -> threading.Lock:
    with db.session_for(settings) as s:
        lock = db._write_lock_for(s)
    assert lock is not None
    return lock


def new_case(s: Session, actor: User, title: str) -> Case:
    return cases_service.create(s, data=CaseCreate(title=title, location="五桥街道"), actor=actor)


def test_lock_is_held_from_the_first_write_to_the_end(
    sqlite_settings: Settings, users: dict[str, User]
) -> None:
    lock, officer = lock_of(sqlite_settings), users["officer"]
    with db.session_for(sqlite_settings) as s:
        s.exec(select(Case)).all()
        assert not lock.locked()  # reads take nothing
        new_case(s, officer, "占道经营 一")
        assert lock.locked()
        s.commit()
        assert not lock.locked()
        new_case(s, officer, "占道经营 二")
        assert lock.locked()
        s.rollback()
        assert not lock.locked()
        new_case(s, officer, "占道经营 三")
    assert not lock.locked()  # closed without commit: rolled back, lock given back
    with db.session_for(sqlite_settings) as s:
        assert [c.title for c in s.exec(select(Case))] == ["占道经营 一"]


def test_many_threads_write_and_the_chain_holds(sqlite_settings: Settings, users: dict[str, User]) -> None:
    officer, errors = users["officer"], []

    def worker(n: int) -> None:
        try:
            for i in range(5):
                with db.session_for(sqlite_settings) as s:
                    new_case(s, officer, f"出店经营 {n}-{i}")
                    s.commit()
        except Exception as exc:  # collected: a failure in a thread must fail the test
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert not lock_of(sqlite_settings).locked()
    with db.session_for(sqlite_settings) as s:
        assert len(s.exec(select(Case)).all()) == 60
        assert audit_service.verify(s, BlobStore(sqlite_settings.evidence_dir)).ok
