"""Duty model family: alerts raised by the evaluator (acknowledged by a commander) and attendance records."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, UniqueConstraint
from sqlmodel import Field, SQLModel

from case_api.sqltypes import UTCDateTime, utcnow


class DutyAlert(SQLModel, table=True):
    __tablename__ = "duty_alert"
    __table_args__ = (UniqueConstraint("shift_id", "kind", "started_at", name="uq_duty_alert"),)

    id: int | None = Field(default=None, primary_key=True)
    shift_id: int = Field(foreign_key="roster_shift.id", index=True)
    officer_id: int = Field(foreign_key="roster_officer.id", index=True)
    kind: str = Field(sa_type=String(16))  # no_position | outside_grid
    started_at: datetime = Field(sa_type=UTCDateTime)
    raised_at: datetime = Field(sa_type=UTCDateTime, description="the evaluator's tick that raised it")
    ended_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    minutes: float
    acknowledged_by: int | None = Field(default=None, foreign_key="app_user.id")
    acknowledged_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    note: str | None = Field(default=None, max_length=500)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class AttendanceRecord(SQLModel, table=True):
    __tablename__ = "duty_attendance"
    __table_args__ = (UniqueConstraint("shift_id", "kind", name="uq_duty_attendance"),)

    id: int | None = Field(default=None, primary_key=True)
    shift_id: int = Field(foreign_key="roster_shift.id", index=True)
    officer_id: int = Field(foreign_key="roster_officer.id", index=True)
    kind: str = Field(sa_type=String(16))  # late | missing
    minutes: float
    checkin_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    recorded_at: datetime = Field(sa_type=UTCDateTime)


KIND_LABELS = {
    "no_position": "长时间无定位",
    "outside_grid": "离开责任网格（脱岗）",
    "late": "迟到",
    "missing": "未签到（缺勤）",
}


class DutyAlertPublic(SQLModel):
    id: int
    shift_id: int
    officer_id: int
    officer_name: str
    kind: str
    kind_label: str
    started_at: datetime
    raised_at: datetime
    ended_at: datetime | None
    minutes: float
    open: bool
    acknowledged_by: int | None
    acknowledged_at: datetime | None
    note: str | None


class AttendancePublic(SQLModel):
    id: int
    shift_id: int
    officer_id: int
    officer_name: str
    kind: str
    kind_label: str
    minutes: float
    checkin_at: datetime | None
    recorded_at: datetime


class Acknowledge(SQLModel):
    note: str | None = Field(default=None, max_length=500)


class TickResult(SQLModel):
    at: datetime
    shifts: int
    raised: list[DutyAlertPublic]
    ended: int
    attendance: list[AttendancePublic]
