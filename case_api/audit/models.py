"""Audit model family. Entries are never updated or deleted; :class:`AuditHead` anchors the chain's end."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, String
from sqlmodel import Field, SQLModel

from case_api.sqltypes import UTCDateTime

GENESIS_HASH = "0" * 64


class AuditEntryBase(SQLModel):
    seq: int = Field(description="1, 2, 3 … without gaps")
    at: datetime = Field(sa_type=UTCDateTime)
    actor_id: int | None = None
    action: str = Field(max_length=64)
    entity: str = Field(max_length=64)
    entity_id: str = Field(max_length=64)
    payload: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    prev_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64)


class AuditEntry(AuditEntryBase, table=True):
    __tablename__ = "audit_entry"

    id: int | None = Field(default=None, primary_key=True)
    seq: int = Field(unique=True, index=True)
    entity: str = Field(max_length=64, index=True)
    entity_id: str = Field(max_length=64, index=True)


class AuditHead(SQLModel, table=True):
    """One row per chain: the lock every append takes, and the last entry's seq and hash."""

    __tablename__ = "audit_head"

    chain: str = Field(default="main", primary_key=True, sa_type=String(16))
    last_seq: int = 0
    last_hash: str = Field(default=GENESIS_HASH, max_length=64)


class AuditEntryPublic(AuditEntryBase):
    id: int


class VerifyProblem(SQLModel):
    seq: int | None = None
    kind: str  # hash_mismatch | broken_link | missing_entry | head_mismatch | file_missing | file_changed
    detail: str


class VerifyReport(SQLModel):
    ok: bool
    entries: int
    last_seq: int
    files_checked: int = 0
    problems: list[VerifyProblem] = Field(default_factory=list)
