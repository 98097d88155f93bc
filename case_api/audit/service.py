"""Append to and verify the hash-chained audit log.

Each entry stores ``prev_hash`` (the previous entry's hash, or 64 zeros) and
``hash = sha256(canonical JSON of {seq, at, actor_id, action, entity, entity_id, payload, prev_hash})``.
:class:`AuditHead` holds the last seq and hash, so deleting the newest rows is detected too.

Appends are serialised: the head row is locked with ``SELECT … FOR UPDATE`` on PostgreSQL; on SQLite an
``UPDATE`` of the head row is the first write of the transaction, which takes SQLite's single write lock (as
``BEGIN IMMEDIATE`` would) and holds it until commit. The entry is written in the caller's transaction, so a
rolled-back change leaves no audit entry and vice versa.

A payload key ``file_sha256`` (one digest or a list) names files in the content-addressed store; :func:`verify`
checks that each is still there and unchanged.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from typing import Any, Protocol

from sqlalchemy import update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col, select

from case_api.audit.models import GENESIS_HASH, AuditEntry, AuditHead, VerifyProblem, VerifyReport
from case_api.sqltypes import utcnow

CHAIN = "main"
FILE_KEY = "file_sha256"


class FileChecker(Protocol):
    """What :func:`verify` needs from a file store: ``None`` if the file is intact, else a problem kind."""

    def check(self, sha256: str) -> str | None: ...


def canonical_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


def entry_hash(entry: AuditEntry) -> str:
    body = {
        "seq": entry.seq,
        "at": entry.at.isoformat(),
        "actor_id": entry.actor_id,
        "action": entry.action,
        "entity": entry.entity,
        "entity_id": entry.entity_id,
        "payload": entry.payload,
        "prev_hash": entry.prev_hash,
    }
    return hashlib.sha256(canonical_json(body).encode("utf-8")).hexdigest()


def _lock_head(session: Session) -> AuditHead:
    dialect = session.get_bind().dialect.name
    table = AuditHead.__table__  # type: ignore[attr-defined]
    values = {"chain": CHAIN, "last_seq": 0, "last_hash": GENESIS_HASH}
    if dialect == "postgresql":
        session.execute(pg_insert(table).values(**values).on_conflict_do_nothing(index_elements=["chain"]))
        stmt = select(AuditHead).where(AuditHead.chain == CHAIN).with_for_update()
        head = session.exec(stmt.execution_options(populate_existing=True)).one()
    else:
        session.execute(
            sqlite_insert(table).values(**values).on_conflict_do_nothing(index_elements=["chain"])
        )
        # a write first: takes SQLite's write lock before the head is read
        session.execute(update(table).where(table.c.chain == CHAIN).values(last_seq=table.c.last_seq))
        head = session.exec(
            select(AuditHead).where(AuditHead.chain == CHAIN).execution_options(populate_existing=True)
        ).one()
    return head


def append(
    session: Session,
    *,
    actor_id: int | None,
    action: str,
    entity: str,
    entity_id: str | int,
    payload: dict[str, Any],
) -> AuditEntry:
    """Add one entry to the chain in the caller's transaction (the caller commits)."""
    normalised: dict[str, Any] = json.loads(canonical_json(payload))
    head = _lock_head(session)
    entry = AuditEntry(
        seq=head.last_seq + 1,
        at=utcnow(),
        actor_id=actor_id,
        action=action,
        entity=entity,
        entity_id=str(entity_id),
        payload=normalised,
        prev_hash=head.last_hash,
        hash="",
    )
    entry.hash = entry_hash(entry)
    head.last_seq = entry.seq
    head.last_hash = entry.hash
    session.add(entry)
    session.add(head)
    session.flush()
    return entry


def list_entries(
    session: Session, *, entity: str | None = None, entity_id: str | None = None, limit: int = 200
) -> list[AuditEntry]:
    stmt = select(AuditEntry)
    if entity is not None:
        stmt = stmt.where(AuditEntry.entity == entity)
    if entity_id is not None:
        stmt = stmt.where(AuditEntry.entity_id == entity_id)
    return list(session.exec(stmt.order_by(col(AuditEntry.seq)).limit(limit)))


def _iter_chain(session: Session, batch: int = 1000) -> Iterable[AuditEntry]:
    last = 0
    while True:
        rows = list(
            session.exec(
                select(AuditEntry).where(AuditEntry.seq > last).order_by(col(AuditEntry.seq)).limit(batch)
            )
        )
        if not rows:
            return
        yield from rows
        last = rows[-1].seq


def verify(session: Session, evidence_store: FileChecker | None = None) -> VerifyReport:
    """Recompute every hash and link; with a store, check every file the log names."""
    problems: list[VerifyProblem] = []
    expected_seq, prev_hash, count = 1, GENESIS_HASH, 0
    files: set[str] = set()
    for entry in _iter_chain(session):
        count += 1
        if entry.seq != expected_seq:
            problems.append(
                VerifyProblem(
                    seq=expected_seq,
                    kind="missing_entry",
                    detail=f"第 {expected_seq}–{entry.seq - 1} 条审计记录缺失（被删除）",
                )
            )
        elif entry.prev_hash != prev_hash:
            problems.append(
                VerifyProblem(seq=entry.seq, kind="broken_link", detail="与上一条记录的哈希链接不符")
            )
        if entry_hash(entry) != entry.hash:
            problems.append(
                VerifyProblem(seq=entry.seq, kind="hash_mismatch", detail="记录内容与其哈希不符（被修改）")
            )
        named = entry.payload.get(FILE_KEY) if isinstance(entry.payload, dict) else None
        for sha in [named] if isinstance(named, str) else named if isinstance(named, list) else []:
            if isinstance(sha, str):
                files.add(sha)
        expected_seq, prev_hash = entry.seq + 1, entry.hash
    last_seq = expected_seq - 1
    head = session.get(AuditHead, CHAIN)
    head_seq, head_hash = (head.last_seq, head.last_hash) if head else (0, GENESIS_HASH)
    if (head_seq, head_hash) != (last_seq, prev_hash):
        problems.append(
            VerifyProblem(
                seq=head_seq,
                kind="head_mismatch",
                detail=f"链尾应为第 {head_seq} 条，实际为第 {last_seq} 条（末尾记录被删除或修改）",
            )
        )
    if evidence_store is not None:
        for sha in sorted(files):
            kind = evidence_store.check(sha)
            if kind is not None:
                label = "缺失" if kind == "file_missing" else "内容被改动"
                problems.append(VerifyProblem(kind=kind, detail=f"文件 {sha[:16]}… {label}"))
    return VerifyReport(
        ok=not problems,
        entries=count,
        last_seq=last_seq,
        files_checked=len(files) if evidence_store is not None else 0,
        problems=problems,
    )
