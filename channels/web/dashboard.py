"""The command dashboard (大屏): statistics, the grid map, on-duty officers, open cases and camera events.

``mount`` is called by the composition root (channels/server.py). It serves the page at ``/screen`` (and the citizens'
page ``/citizen``, a browser front end of the mini-channel's /api/mini routes) and two routes:

- ``GET /api/screen/overview`` (commander, admin, legal): one answer per refresh with the grids' GeoJSON, the
  officers on duty now with their last positions, open cases and candidate camera events placed on a grid, dispatch
  orders with their timelines, and the case statistics of the last ``days`` days (by day, grid, offence type, state);
- ``GET /api/screen/camera/{event_id}/frames/{seq}`` (staff): a camera event's stored frame, for the review queue
  (the camera API records frames content-addressed but has no route that serves them before approval).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, Path, Query
from fastapi.responses import FileResponse, Response

from case_api.camera import service as camera_service
from case_api.deps import SessionDep, SettingsDep, StaffUser, StoreDep, require_roles
from case_api.errors import NotFound
from case_api.stats.screen import overview
from case_api.users.models import Role, User
from core.settings import Settings

from . import STATIC_DIR

Commander = Annotated[User, Depends(require_roles(Role.commander, Role.admin, Role.legal))]
Id = Annotated[int, Path(ge=1, le=2_147_483_647)]


def build_router() -> APIRouter:
    router = APIRouter(tags=["dashboard 指挥大屏"])

    @router.get("/screen", include_in_schema=False)
    def screen() -> FileResponse:
        return FileResponse(STATIC_DIR / "screen.html")

    @router.get("/citizen", include_in_schema=False)
    def citizen() -> FileResponse:  # 当事人服务: the mini-channel's routes (/api/mini) on a phone's browser
        return FileResponse(STATIC_DIR / "citizen.html")

    @router.get(
        "/api/screen/overview",
        summary="指挥大屏数据：网格、在岗队员、在办案件、视频事件、调度指令与统计",
        description="指挥员、管理员、法制员可看。统计按最近 days 天（含今天）的登记日期。",
    )
    def screen_overview(
        session: SessionDep,
        settings: SettingsDep,
        _: Commander,
        days: Annotated[int, Query(ge=1, le=366, description="统计最近几天")] = 30,
    ) -> dict[str, Any]:
        return overview(session, settings=settings, days=days)

    @router.get(
        "/api/screen/camera/{event_id}/frames/{seq}",
        summary="视频事件的一帧（审核用） / one stored frame of a camera event",
        response_class=Response,
    )
    def camera_frame(event_id: Id, seq: Annotated[int, Path(ge=1, le=100)], session: SessionDep,
                     store: StoreDep, _: StaffUser) -> Response:  # fmt: skip
        camera_service.get_event(session, event_id=event_id)  # 404 in Chinese for an unknown event
        for frame in camera_service.frames(session, event_id=event_id):
            if frame.seq == seq:
                path = store.path_for(frame.sha256)
                if not path.is_file():
                    raise NotFound("该帧的文件已不在证据库中。", code="frame_missing")
                return Response(
                    path.read_bytes(),
                    media_type=frame.content_type,
                    headers={"Cache-Control": "private, max-age=3600"},
                )
        raise NotFound(f"视频事件 {event_id} 没有第 {seq} 帧。", code="frame_not_found")

    return router


def mount(app: FastAPI, settings: Settings) -> None:
    """Mount the dashboard's page and routes on ``app``."""
    app.include_router(build_router())
