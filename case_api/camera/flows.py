"""Approving a camera event (第四十一条): a person confirms the record is true, clear, complete and accurate; only
then does it open a case, with the event's frames attached as evidence. All in the caller's transaction."""

from __future__ import annotations

from sqlmodel import Session

from case_api.audit import service as audit_service
from case_api.camera import caselink
from case_api.camera import service as camera_service
from case_api.camera.models import CameraEvent, EventStatus
from case_api.storage import BlobStore
from case_api.users.models import User
from core.settings import Settings

DEFAULT_APPROVAL = "经人工审核，记录真实、清晰、完整、准确（《行政处罚法》第四十一条）"


def approve(
    session: Session, *, settings: Settings, store: BlobStore, event_id: int, reviewer: User, reason: str
) -> CameraEvent:
    """Claim the candidate (exactly once), open a case from it and attach its frames."""
    reason = reason.strip() or DEFAULT_APPROVAL
    event = camera_service.claim(
        session, event_id=event_id, to=EventStatus.approved, reviewer_id=reviewer.id, reason=reason
    )
    case = caselink.open_case(session, settings=settings, event=event, reviewer=reviewer)
    assert case.id is not None
    frames = camera_service.frames(session, event_id=event_id)
    caselink.attach_frames(session, store=store, case=case, event=event, frames=frames, actor=reviewer)
    event.case_id = case.id
    session.add(event)
    audit_service.append(
        session,
        actor_id=reviewer.id,
        action="camera.event_approved",
        entity="camera_event",
        entity_id=event_id,
        payload={"case_id": case.id, "reason": reason, "frames": [f.sha256 for f in frames]},
    )
    session.flush()
    return event
