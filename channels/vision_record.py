"""Vision → the record: each :class:`vision.evidence.EventDraft` becomes a candidate camera event (第四十一条: a
person reviews it before any case), through case_api's camera service in the caller's transaction — the same path
``POST /api/camera/events`` takes, frames content-addressed and their hashes re-checked by the service."""

from __future__ import annotations

import base64

from sqlmodel import Session

from case_api.camera import service as camera_service
from case_api.camera.models import MAX_FRAMES, CameraEvent, CameraEventCreate, FrameIn
from case_api.storage import BlobStore
from vision.evidence import EventDraft


def to_create(draft: EventDraft) -> CameraEventCreate:
    return CameraEventCreate(
        camera_id=draft.camera_id,
        location=draft.location,
        lat=draft.lat,
        lon=draft.lon,
        occurred_at=draft.occurred_at,
        kind=draft.kind,
        confidence=draft.confidence,
        plate=draft.plate,
        detail=draft.detail,
        frames=[
            FrameIn(
                filename=f.filename,
                content_type=f.content_type,
                content_b64=base64.b64encode(f.data).decode("ascii"),
                sha256=f.sha256,
            )
            for f in draft.files[:MAX_FRAMES]
        ],
    )


def post_events(
    session: Session, *, store: BlobStore, drafts: list[EventDraft], actor_id: int | None
) -> list[CameraEvent]:
    """Record every draft as a candidate (the caller commits)."""
    return [
        camera_service.create_candidate(session, store=store, data=to_create(d), actor_id=actor_id)
        for d in drafts
    ]
