"""Camera event model families: CameraEvent (candidate → approved | rejected) and its CameraFrame evidence."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import field_validator
from sqlalchemy import String, Text
from sqlmodel import Field, SQLModel

from case_api.sqltypes import UTCDateTime, utcnow

MAX_FRAMES = 12
MAX_FRAME_BYTES = 4 * 1024 * 1024
COMMON_KINDS = (
    "违章停车",
    "出店经营",
    "无照游商",
    "占道经营",
    "乱堆物料",
    "乱倒垃圾",
    "渣土车抛洒",
    "露天焚烧",
)


class EventStatus(StrEnum):
    candidate = "candidate"  # machine detection, not yet evidence (第四十一条)
    approved = "approved"
    rejected = "rejected"


class CameraEventBase(SQLModel):
    camera_id: str = Field(min_length=1, max_length=64, description="摄像头编号")
    location: str = Field(min_length=1, max_length=200, description="点位地址")
    lat: float | None = Field(default=None, ge=-90, le=90)
    lon: float | None = Field(default=None, ge=-180, le=180)
    occurred_at: datetime = Field(sa_type=UTCDateTime, description="发生时间（带时区）")
    kind: str = Field(min_length=1, max_length=32, description="事件类型，如 " + "、".join(COMMON_KINDS[:3]))
    confidence: float = Field(ge=0, le=1, description="检测置信度")
    plate: str | None = Field(default=None, max_length=16, description="车牌（违章停车）")
    detail: str = Field(default="", max_length=1000, description="检测说明，如 停留 12 分钟")


class CameraEvent(CameraEventBase, table=True):
    __tablename__ = "camera_event"

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=32, index=True)
    detail: str = Field(default="", sa_type=Text)
    status: EventStatus = Field(default=EventStatus.candidate, sa_type=String(16), index=True)
    reported_by: int | None = Field(default=None, foreign_key="app_user.id")
    reviewer_id: int | None = Field(default=None, foreign_key="app_user.id")
    reviewed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    review_reason: str | None = Field(default=None, sa_type=Text)
    case_id: int | None = Field(default=None, foreign_key="enforcement_case.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class CameraFrame(SQLModel, table=True):
    __tablename__ = "camera_frame"

    id: int | None = Field(default=None, primary_key=True)
    event_id: int = Field(foreign_key="camera_event.id", index=True)
    seq: int
    sha256: str = Field(max_length=64)
    size: int
    filename: str = Field(max_length=128)
    content_type: str = Field(max_length=64)


class FrameIn(SQLModel):
    filename: str = Field(default="frame.jpg", min_length=1, max_length=128)
    content_type: str = Field(default="image/jpeg", max_length=64)
    content_b64: str = Field(
        min_length=1, max_length=MAX_FRAME_BYTES * 4 // 3 + 4, description="帧图像 base64"
    )
    sha256: str = Field(min_length=64, max_length=64, description="检测端计算的 SHA-256（服务端复核）")


class CameraEventCreate(CameraEventBase):
    frames: list[FrameIn] = Field(min_length=1, max_length=MAX_FRAMES)

    @field_validator("occurred_at")
    @classmethod
    def _aware(cls, value: datetime) -> datetime:
        if value.tzinfo is None:
            raise ValueError("时间须带时区，如 2025-06-01T08:00:00+08:00")
        return value


class Review(SQLModel):
    reason: str = Field(default="", max_length=1000, description="审核意见；驳回时必填")


class FramePublic(SQLModel):
    seq: int
    sha256: str
    size: int
    filename: str
    content_type: str


class CameraEventPublic(CameraEventBase):
    id: int
    status: EventStatus
    reviewer_id: int | None
    reviewed_at: datetime | None
    review_reason: str | None
    case_id: int | None
    created_at: datetime
    frames: list[FramePublic]
