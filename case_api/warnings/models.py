"""Early-warning model family: a warning per grid × offence × week (stored once), and subscriptions."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, UniqueConstraint
from sqlmodel import Field, SQLModel

from case_api.sqltypes import UTCDateTime, utcnow


class EarlyWarning(SQLModel, table=True):
    __tablename__ = "early_warning"
    __table_args__ = (UniqueConstraint("grid", "offence", "week_start", name="uq_warning_grid_offence_week"),)

    id: int | None = Field(default=None, primary_key=True)
    grid: str = Field(max_length=64, index=True)
    offence: str = Field(max_length=128)
    week_start: date = Field(index=True)
    count: int
    baseline: float
    threshold: int
    p_value: float
    history: list[int] = Field(default_factory=list, sa_type=JSON)
    recipients: list[int] = Field(default_factory=list, sa_type=JSON, description="subscribed user ids")
    message: str = Field(max_length=500)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class WarningSubscription(SQLModel, table=True):
    __tablename__ = "warning_subscription"
    __table_args__ = (UniqueConstraint("user_id", "grid", name="uq_warning_subscription"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="app_user.id", index=True)
    grid: str = Field(default="*", max_length=64, description="网格编码；* 为全部网格")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class SubscriptionCreate(SQLModel):
    grid: str = Field(default="*", min_length=1, max_length=64)


class SubscriptionPublic(SQLModel):
    id: int
    user_id: int
    grid: str


class WarningPublic(SQLModel):
    id: int
    grid: str
    offence: str
    week_start: date
    count: int
    baseline: float
    threshold: int
    p_value: float
    history: list[int]
    message: str
    created_at: datetime


class EvaluateResult(SQLModel):
    week_start: date
    created: list[WarningPublic]
    already: int


class RepeatOffender(SQLModel):
    kind: str  # party | address
    key: str  # party id or the address
    label: str
    cases: list[int]
    first_at: datetime
    last_at: datetime
