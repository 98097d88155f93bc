"""Camera events: receive candidates with their frames, list them, and claim one for review exactly once.

Opening a case from an approved event is a multi-step side effect and lives in :mod:`case_api.camera.flows`.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from datetime import datetime

from sqlalchemy import update
from sqlmodel import Session, col, select

from case_api.audit import service as audit_service
from case_api.camera.models import (
    MAX_FRAME_BYTES,
    CameraEvent,
    CameraEventCreate,
    CameraEventPublic,
    CameraFrame,
    EventStatus,
    FramePublic,
)
from case_api.errors import Conflict, NotFound, ValidationFailed
from case_api.sqltypes import utcnow
from case_api.storage import BlobStore

STATUS_LABELS = {
    EventStatus.candidate: "待审核",
    EventStatus.approved: "已通过",
    EventStatus.rejected: "已驳回",
}


def _decode(content_b64: str, seq: int) -> bytes:
    try:
        data = base64.b64decode(content_b64, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ValidationFailed(f"第 {seq} 帧不是有效的 base64 数据。", code="bad_frame") from exc
    if not data or len(data) > MAX_FRAME_BYTES:
        raise ValidationFailed(f"第 {seq} 帧为空或超过 {MAX_FRAME_BYTES // 2**20} MB。", code="bad_frame")
    return data


def create_candidate(
    session: Session, *, store: BlobStore, data: CameraEventCreate, actor_id: int | None
) -> CameraEvent:
    """Store the frames (content-addressed, hash re-checked) and record a candidate event."""
    blobs: list[tuple[bytes, str]] = []
    for seq, frame in enumerate(data.frames, start=1):
        content = _decode(frame.content_b64, seq)
        sha = hashlib.sha256(content).hexdigest()
        if sha != frame.sha256.lower():
            raise ValidationFailed(
                f"第 {seq} 帧的 SHA-256 与内容不符（证据链校验失败），请重新上传原始帧。",
                code="frame_hash_mismatch",
            )
        blobs.append((content, sha))
    event = CameraEvent.model_validate(data.model_dump(exclude={"frames"}), update={"reported_by": actor_id})
    session.add(event)
    session.flush()
    assert event.id is not None
    for seq, ((content, sha), frame) in enumerate(zip(blobs, data.frames, strict=True), start=1):
        store.put_bytes(content)
        session.add(
            CameraFrame(
                event_id=event.id,
                seq=seq,
                sha256=sha,
                size=len(content),
                filename=frame.filename,
                content_type=frame.content_type,
            )
        )
    session.flush()
    audit_service.append(
        session,
        actor_id=actor_id,
        action="camera.event_received",
        entity="camera_event",
        entity_id=event.id,
        payload={
            "camera_id": event.camera_id,
            "kind": event.kind,
            "confidence": event.confidence,
            "frames": [sha for _, sha in blobs],
        },
    )
    return event


def get_event(session: Session, *, event_id: int) -> CameraEvent:
    event = session.get(CameraEvent, event_id)
    if event is None:
        raise NotFound(f"视频事件 {event_id} 不存在。", code="camera_event_not_found")
    return event


def frames(session: Session, *, event_id: int) -> list[CameraFrame]:
    return list(
        session.exec(
            select(CameraFrame).where(CameraFrame.event_id == event_id).order_by(col(CameraFrame.seq))
        )
    )


def list_events(
    session: Session,
    *,
    status: EventStatus | None = None,
    kind: str | None = None,
    since: datetime | None = None,
    limit: int = 100,
) -> list[CameraEvent]:
    stmt = select(CameraEvent)
    if status is not None:
        stmt = stmt.where(CameraEvent.status == status)
    if kind is not None:
        stmt = stmt.where(CameraEvent.kind == kind)
    if since is not None:
        stmt = stmt.where(CameraEvent.occurred_at >= since)
    return list(
        session.exec(stmt.order_by(col(CameraEvent.occurred_at).desc(), col(CameraEvent.id)).limit(limit))
    )


def claim(
    session: Session, *, event_id: int, to: EventStatus, reviewer_id: int | None, reason: str
) -> CameraEvent:
    """Move a candidate to approved/rejected in one conditional UPDATE: of two reviewers, exactly one wins."""
    table = CameraEvent.__table__  # type: ignore[attr-defined]
    result = session.execute(
        update(table)
        .where(table.c.id == event_id, table.c.status == EventStatus.candidate.value)
        .values(status=to.value, reviewer_id=reviewer_id, reviewed_at=utcnow(), review_reason=reason)
    )
    if getattr(result, "rowcount", 0) != 1:
        event = get_event(session, event_id=event_id)
        raise Conflict(
            f"视频事件 {event_id} 已审核（{STATUS_LABELS[EventStatus(event.status)]}），不能重复审核。",
            code="already_reviewed",
        )
    event = session.exec(
        select(CameraEvent).where(CameraEvent.id == event_id).execution_options(populate_existing=True)
    ).one()
    return event


def reject(session: Session, *, event_id: int, reviewer_id: int | None, reason: str) -> CameraEvent:
    reason = reason.strip()
    if not reason:
        raise ValidationFailed(
            "驳回视频事件须填写理由（如 画面不清、非违法行为、误检）。", code="reason_required"
        )
    event = claim(session, event_id=event_id, to=EventStatus.rejected, reviewer_id=reviewer_id, reason=reason)
    audit_service.append(
        session,
        actor_id=reviewer_id,
        action="camera.event_rejected",
        entity="camera_event",
        entity_id=event_id,
        payload={"reason": reason},
    )
    return event


def to_public(session: Session, event: CameraEvent) -> CameraEventPublic:
    assert event.id is not None
    return CameraEventPublic(
        **{k: getattr(event, k) for k in CameraEventPublic.model_fields if k not in ("frames", "status")},
        status=EventStatus(event.status),
        frames=[FramePublic.model_validate(f) for f in frames(session, event_id=event.id)],
    )
