"""Evidence model family. The file itself lives in :class:`case_api.storage.BlobStore` under its SHA-256."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import String, UniqueConstraint
from sqlmodel import Field, SQLModel

from case_api.sqltypes import UTCDateTime, utcnow


class EvidenceKind(StrEnum):
    photo = "photo"  # 照片
    video = "video"  # 视频
    audio = "audio"  # 录音
    document = "document"  # 书证 / 笔录扫描件
    frame = "frame"  # 电子监控抓拍


class EvidenceMeta(SQLModel):
    kind: EvidenceKind = Field(default=EvidenceKind.photo, sa_type=String(16))
    description: str = Field(default="", max_length=500)
    taken_at: datetime | None = Field(default=None, sa_type=UTCDateTime, description="拍摄/录制时间")
    place: str = Field(default="", max_length=256, description="地点")
    lat: float | None = None
    lon: float | None = None
    device: str = Field(default="", max_length=128, description="设备（执法记录仪编号、手机、摄像头）")


class Evidence(EvidenceMeta, table=True):
    __tablename__ = "evidence"
    __table_args__ = (UniqueConstraint("case_id", "sha256", name="uq_evidence_case_sha256"),)

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="enforcement_case.id", index=True)
    sha256: str = Field(max_length=64, index=True)
    size: int
    content_type: str = Field(max_length=64)
    filename: str = Field(default="", max_length=256)
    recorded_by: int | None = Field(default=None, foreign_key="app_user.id")
    uploaded_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class EvidencePublic(EvidenceMeta):
    id: int
    case_id: int
    sha256: str
    size: int
    content_type: str
    filename: str
    recorded_by: int | None
    uploaded_at: datetime
    duplicate: bool = False
