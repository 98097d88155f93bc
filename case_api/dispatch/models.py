"""Dispatch model family: an order and one assignment per officer it reached."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import String, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from case_api.sqltypes import UTCDateTime, utcnow

MAX_ID = 2_147_483_647


class OrderStatus(StrEnum):
    open = "open"  # 处置中
    done = "done"  # 全部反馈完毕
    cancelled = "cancelled"


class AssignmentState(StrEnum):
    sent = "sent"  # 已下达
    acknowledged = "acknowledged"  # 已接收
    arrived = "arrived"  # 已到场
    done = "done"  # 已反馈结果


class DispatchOrder(SQLModel, table=True):
    __tablename__ = "dispatch_order"

    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(max_length=200)
    detail: str = Field(default="", sa_type=Text)
    case_id: int | None = Field(default=None, foreign_key="enforcement_case.id", index=True)
    camera_event_id: int | None = Field(default=None, foreign_key="camera_event.id")
    grid_id: int | None = Field(default=None, foreign_key="roster_grid.id")
    location: str = Field(default="", max_length=256)
    lat: float | None = None
    lon: float | None = None
    status: OrderStatus = Field(default=OrderStatus.open, sa_type=String(16), index=True)
    created_by: int | None = Field(default=None, foreign_key="app_user.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)
    closed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class DispatchAssignment(SQLModel, table=True):
    __tablename__ = "dispatch_assignment"
    __table_args__ = (UniqueConstraint("order_id", "officer_id", name="uq_dispatch_assignment"),)

    id: int | None = Field(default=None, primary_key=True)
    order_id: int = Field(foreign_key="dispatch_order.id", index=True)
    officer_id: int = Field(foreign_key="roster_officer.id", index=True)
    state: AssignmentState = Field(default=AssignmentState.sent, sa_type=String(16))
    sent_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    acknowledged_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    arrived_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    arrived_lat: float | None = None
    arrived_lon: float | None = None
    distance_m: float | None = None
    result: str | None = Field(default=None, sa_type=Text)
    done_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class OrderCreate(SQLModel):
    title: str = Field(min_length=1, max_length=200)
    detail: str = Field(default="", max_length=5000)
    case_id: int | None = Field(default=None, ge=1, le=MAX_ID)
    camera_event_id: int | None = Field(default=None, ge=1, le=MAX_ID)
    officer_id: int | None = Field(default=None, ge=1, le=MAX_ID, description="下达给一名队员")
    grid_id: int | None = Field(default=None, ge=1, le=MAX_ID, description="一呼全应：该网格全部在岗队员")
    location: str = Field(default="", max_length=256)
    lat: float | None = Field(default=None, ge=-90, le=90)
    lon: float | None = Field(default=None, ge=-180, le=180)


class Arrival(SQLModel):
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)


class ResultReport(SQLModel):
    result: str = Field(min_length=1, max_length=5000)


class AssignmentPublic(SQLModel):
    id: int
    officer_id: int
    officer_name: str
    state: AssignmentState
    sent_at: datetime
    acknowledged_at: datetime | None
    arrived_at: datetime | None
    arrived_lat: float | None
    arrived_lon: float | None
    distance_m: float | None
    result: str | None
    done_at: datetime | None


class TimelineEvent(SQLModel):
    at: datetime
    what: str  # created | sent | acknowledged | arrived | done | closed
    label: str
    officer_id: int | None = None
    officer_name: str | None = None
    lat: float | None = None
    lon: float | None = None
    text: str | None = None


class OrderPublic(SQLModel):
    id: int
    title: str
    detail: str
    case_id: int | None
    camera_event_id: int | None
    grid_id: int | None
    location: str
    lat: float | None
    lon: float | None
    status: OrderStatus
    created_by: int | None
    created_at: datetime
    closed_at: datetime | None
    assignments: list[AssignmentPublic]
    timeline: list[TimelineEvent]
