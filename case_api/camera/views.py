"""Camera event routes under /api/camera: vision posts candidates; officers and legal staff review them."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query

from case_api.camera import flows
from case_api.camera import service as camera_service
from case_api.camera.models import CameraEventCreate, CameraEventPublic, EventStatus, Review
from case_api.deps import SessionDep, SettingsDep, StaffUser, StoreDep, require_roles
from case_api.errors import ValidationFailed
from case_api.users.models import Role, User

Id = Annotated[int, Path(ge=1, le=2_147_483_647)]
QueryId = Annotated[int | None, Query(ge=1, le=2_147_483_647)]
router = APIRouter(prefix="/api/camera", tags=["camera 非接触执法"])
Reporter = Annotated[User, Depends(require_roles(Role.officer, Role.commander, Role.admin))]
Reviewer = Annotated[User, Depends(require_roles(Role.officer, Role.legal))]


@router.post(
    "/events", response_model=CameraEventPublic, status_code=201, summary="上报视频检测候选事件（含帧与哈希）"
)
def create_event(
    data: CameraEventCreate, session: SessionDep, store: StoreDep, user: Reporter
) -> CameraEventPublic:
    event = camera_service.create_candidate(session, store=store, data=data, actor_id=user.id)
    session.commit()
    return camera_service.to_public(session, event)


@router.get("/events", response_model=list[CameraEventPublic], summary="视频事件列表（可按状态、类型）")
def list_events(
    session: SessionDep,
    _: StaffUser,
    status: EventStatus | None = None,
    kind: Annotated[str | None, Query(max_length=32)] = None,
    since: datetime | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> list[CameraEventPublic]:
    if since is not None and since.tzinfo is None:
        raise ValidationFailed("时间须带时区，如 2025-06-01T08:00:00+08:00", code="naive_datetime")
    events = camera_service.list_events(session, status=status, kind=kind, since=since, limit=limit)
    return [camera_service.to_public(session, e) for e in events]


@router.get("/events/{event_id}", response_model=CameraEventPublic, summary="视频事件详情")
def get_event(event_id: Id, session: SessionDep, _: StaffUser) -> CameraEventPublic:
    return camera_service.to_public(session, camera_service.get_event(session, event_id=event_id))


@router.post("/events/{event_id}/approve", response_model=CameraEventPublic, summary="审核通过：立案并附证据")
def approve(
    event_id: Id, data: Review, session: SessionDep, settings: SettingsDep, store: StoreDep, user: Reviewer
) -> CameraEventPublic:
    event = flows.approve(
        session, settings=settings, store=store, event_id=event_id, reviewer=user, reason=data.reason
    )
    session.commit()
    return camera_service.to_public(session, event)


@router.post("/events/{event_id}/reject", response_model=CameraEventPublic, summary="驳回（须填写理由）")
def reject(event_id: Id, data: Review, session: SessionDep, user: Reviewer) -> CameraEventPublic:
    event = camera_service.reject(session, event_id=event_id, reviewer_id=user.id, reason=data.reason)
    session.commit()
    return camera_service.to_public(session, event)
