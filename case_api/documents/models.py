"""Document model family. A draft's fields can change; an issued document never does."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, String
from sqlmodel import Field, SQLModel

from case_api.sqltypes import UTCDateTime, utcnow


class DocumentStatus(StrEnum):
    draft = "draft"
    issued = "issued"


class Document(SQLModel, table=True):
    __tablename__ = "case_document"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="enforcement_case.id", index=True)
    doc_type: str = Field(max_length=32, index=True)
    title: str = Field(max_length=64)
    status: DocumentStatus = Field(default=DocumentStatus.draft, sa_type=String(16))
    fields: dict[str, Any] = Field(default_factory=dict, sa_type=JSON, description="officer-entered fields")
    number: str | None = Field(default=None, max_length=96, unique=True)
    content: dict[str, Any] | None = Field(
        default=None, sa_type=JSON, description="the frozen render context"
    )
    content_sha256: str | None = Field(default=None, max_length=64)
    pdf_sha256: str | None = Field(default=None, max_length=64)
    docx_sha256: str | None = Field(default=None, max_length=64)
    created_by: int | None = Field(default=None, foreign_key="app_user.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    issued_by: int | None = Field(default=None, foreign_key="app_user.id")
    issued_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class DocumentCreate(SQLModel):
    doc_type: str = Field(max_length=32)
    fields: dict[str, Any] = Field(default_factory=dict)


class DocumentUpdate(SQLModel):
    fields: dict[str, Any]


class DocumentPublic(SQLModel):
    id: int
    case_id: int
    doc_type: str
    title: str
    status: DocumentStatus
    fields: dict[str, Any]
    number: str | None
    content_sha256: str | None
    pdf_sha256: str | None
    docx_sha256: str | None
    created_at: datetime
    issued_at: datetime | None
    issued_by: int | None


class DocumentTypePublic(SQLModel):
    doc_type: str
    title: str
    fields: list[str]
