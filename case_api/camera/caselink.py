"""What the camera domain does to cases: open one from an approved event and attach its frames as evidence."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from sqlmodel import Session

from case_api.camera.models import CameraEvent, CameraFrame
from case_api.cases import service as cases_service
from case_api.cases.models import Case, CaseCreate, CaseSource
from case_api.errors import ValidationFailed
from case_api.evidence import service as evidence_service
from case_api.evidence.models import EvidenceKind, EvidenceMeta
from case_api.payments.caselink import local_date
from case_api.storage import BlobStore
from case_api.users.models import User
from core.settings import Settings


def open_case(session: Session, *, settings: Settings, event: CameraEvent, reviewer: User) -> Case:
    plate = f"，车牌 {event.plate}" if event.plate else ""
    facts = (
        f"{event.occurred_at.astimezone(ZoneInfo(settings.timezone)):%Y-%m-%d %H:%M}，"
        f"摄像头 {event.camera_id}（{event.location}）记录到{event.kind}{plate}。{event.detail}"
        f"（视频事件 #{event.id}，检测置信度 {event.confidence:.2f}，经 {reviewer.full_name} 审核）"
    )
    data = CaseCreate(
        source=CaseSource.camera,
        title=f"{event.kind}（{event.location}）",
        offence_name=event.kind,
        facts=facts,
        location=event.location,
        lat=event.lat,
        lon=event.lon,
        offence_date=local_date(event.occurred_at, settings.timezone),
        discovered_at=event.occurred_at,
        officer_ids=[],
    )
    return cases_service.create(session, data=data, actor=reviewer)


def attach_frames(
    session: Session,
    *,
    store: BlobStore,
    case: Case,
    event: CameraEvent,
    frames: list[CameraFrame],
    actor: User,
) -> None:
    """Each frame becomes evidence of kind ``frame`` on the case, through the evidence service (the file is already in
    the store, by hash; the audit entry names it so ``audit verify`` checks it)."""
    assert case.id is not None
    for frame in frames:
        if not store.exists(frame.sha256):
            raise ValidationFailed(f"第 {frame.seq} 帧的文件缺失，不能作为证据。", code="frame_missing")
        meta = EvidenceMeta(
            kind=EvidenceKind.frame,
            taken_at=event.occurred_at,
            place=event.location,
            lat=event.lat,
            lon=event.lon,
            device=event.camera_id,
            description=f"视频事件 #{event.id} 第 {frame.seq} 帧（{event.kind}）",
        )
        evidence_service.attach_stored(
            session,
            case_id=case.id,
            sha256=frame.sha256,
            size=frame.size,
            content_type=frame.content_type,
            filename=frame.filename,
            meta=meta,
            actor=actor,
            source=f"camera_event:{event.id}",
        )
