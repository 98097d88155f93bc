"""The hash-chained audit log: append, verify, tamper detection, concurrent writers."""

from __future__ import annotations

import threading
from pathlib import Path

from sqlalchemy import text
from sqlmodel import Session

from case_api import db
from case_api.audit import service as audit
from case_api.audit.models import GENESIS_HASH
from case_api.storage import BlobStore
from core.settings import Settings


def _append_n(session: Session, n: int) -> None:
    for i in range(n):
        audit.append(
            session, actor_id=1, action="test.step", entity="case", entity_id=i, payload={"i": i, "名": "值"}
        )
    session.commit()


def test_chain_links_and_verifies(session: Session) -> None:
    _append_n(session, 3)
    entries = audit.list_entries(session)
    assert [e.seq for e in entries] == [1, 2, 3]
    assert entries[0].prev_hash == GENESIS_HASH
    assert entries[1].prev_hash == entries[0].hash and entries[2].prev_hash == entries[1].hash
    report = audit.verify(session)
    assert report.ok and report.entries == 3 and report.last_seq == 3


def test_empty_chain_verifies(session: Session) -> None:
    report = audit.verify(session)
    assert report.ok and report.entries == 0


def test_edited_row_is_detected(session: Session) -> None:
    _append_n(session, 3)
    session.execute(text("UPDATE audit_entry SET action = 'forged' WHERE seq = 2"))
    session.commit()
    report = audit.verify(session)
    assert not report.ok
    assert [(p.seq, p.kind) for p in report.problems] == [(2, "hash_mismatch")]


def test_deleted_row_is_detected(session: Session) -> None:
    _append_n(session, 4)
    session.execute(text("DELETE FROM audit_entry WHERE seq = 2"))
    session.commit()
    kinds = {p.kind for p in audit.verify(session).problems}
    assert "missing_entry" in kinds


def test_deleted_last_row_is_detected(session: Session) -> None:
    _append_n(session, 3)
    session.execute(text("DELETE FROM audit_entry WHERE seq = 3"))
    session.commit()
    assert [p.kind for p in audit.verify(session).problems] == ["head_mismatch"]


def test_rehashed_forgery_breaks_the_next_link(session: Session) -> None:
    _append_n(session, 3)
    entry = audit.list_entries(session)[1]
    entry.payload = {"i": 99}
    entry.hash = audit.entry_hash(entry)
    session.add(entry)
    session.commit()
    assert [(p.seq, p.kind) for p in audit.verify(session).problems] == [(3, "broken_link")]


def test_changed_and_missing_files_are_detected(session: Session, tmp_path: Path) -> None:
    store = BlobStore(tmp_path / "store")
    a, b = store.put_bytes(b"photo-a"), store.put_bytes(b"photo-b")
    for blob in (a, b):
        audit.append(
            session,
            actor_id=1,
            action="evidence.stored",
            entity="evidence",
            entity_id=blob.sha256[:8],
            payload={"file_sha256": blob.sha256},
        )
    session.commit()
    assert audit.verify(session, evidence_store=store).ok
    path_a = store.path_for(a.sha256)
    path_a.chmod(0o644)
    path_a.write_bytes(b"photoshopped")
    store.path_for(b.sha256).unlink()
    report = audit.verify(session, evidence_store=store)
    assert sorted(p.kind for p in report.problems) == ["file_changed", "file_missing"]
    assert report.files_checked == 2


def test_concurrent_appends_keep_one_chain(settings: Settings) -> None:
    errors: list[BaseException] = []

    def worker(n: int) -> None:
        try:
            for i in range(5):
                with db.session_for(settings) as s:
                    audit.append(
                        s, actor_id=n, action="race", entity="case", entity_id=f"{n}-{i}", payload={}
                    )
                    s.commit()
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    with db.session_for(settings) as s:
        report = audit.verify(s)
    assert report.ok, report.problems
    assert report.entries == 20 and report.last_seq == 20
