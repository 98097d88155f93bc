"""Review model family: one ``CaseReview`` row per run (the latest is the file's current review)."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, String
from sqlmodel import Field, SQLModel

from case_api.sqltypes import UTCDateTime, utcnow


class ReviewTrigger(StrEnum):
    on_demand = "on_demand"  # 人工发起 / 命令行
    closed = "closed"  # 结案时自动评查
    archived = "archived"  # 归档时自动评查（结案报告已入卷）


class ReviewStatus(StrEnum):
    pending = "pending"  # 待法制员确认
    confirmed = "confirmed"  # 法制员确认机评等级
    overridden = "overridden"  # 法制员改定等级（须说明理由）


class CaseReview(SQLModel, table=True):
    __tablename__ = "case_review"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="enforcement_case.id", index=True)
    trigger: ReviewTrigger = Field(sa_type=String(16))
    checklist_version: str = Field(max_length=32)
    score: int
    grade: str = Field(max_length=8, description="机评等级 优/良/合格/不合格")
    findings: list[dict[str, Any]] = Field(default_factory=list, sa_type=JSON)
    skipped: list[str] = Field(default_factory=list, sa_type=JSON)
    status: ReviewStatus = Field(default=ReviewStatus.pending, sa_type=String(16), index=True)
    final_grade: str | None = Field(default=None, max_length=8, description="法制员确认或改定的等级")
    reviewer_id: int | None = Field(default=None, foreign_key="app_user.id")
    reviewed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    reason: str | None = Field(default=None, max_length=1000, description="改定理由")
    created_by: int | None = Field(default=None, foreign_key="app_user.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)


class ReviewDecision(SQLModel):
    """Confirm the machine's grade (``grade`` omitted or equal) or override it with a ``reason``."""

    grade: str | None = Field(default=None, description="优/良/合格/不合格；省略即确认机评等级")
    reason: str | None = Field(default=None, max_length=1000)


class FindingPublic(SQLModel):
    rule: str
    title: str
    basis: str
    points: int
    fatal: bool
    message: str


class ReviewPublic(SQLModel):
    id: int
    case_id: int
    case_number: str | None = None
    trigger: ReviewTrigger
    checklist_version: str
    score: int
    grade: str
    findings: list[FindingPublic]
    skipped: list[str]
    status: ReviewStatus
    final_grade: str | None
    effective_grade: str
    reviewer_id: int | None
    reviewed_at: datetime | None
    reason: str | None
    created_at: datetime


class SummaryRow(SQLModel):
    key: str  # officer name / team / month (YYYY-MM)
    files: int
    good: int  # 优 or 良
    share_good: float
    grades: dict[str, int]
    average_score: float


class SummaryPublic(SQLModel):
    by: str
    date_from: date | None
    date_to: date | None
    rows: list[SummaryRow]
    total: SummaryRow


class RulePublic(SQLModel):
    id: str
    kind: str
    title: str
    basis: str
    points: int
    fatal: bool
