"""/api/duty — the evaluator's alerts (脱岗, no position) and attendance records; commanders acknowledge."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from case_api.deps import IdPath, SessionDep, SettingsDep, require_roles
from case_api.duty import service, watch
from case_api.duty.models import Acknowledge, AttendancePublic, DutyAlertPublic, TickResult
from case_api.users.models import Role, User

router = APIRouter(prefix="/api/duty", tags=["duty"])
Commander = Annotated[User, Depends(require_roles(Role.commander, Role.admin))]


@router.get("/alerts", response_model=list[DutyAlertPublic], summary="脱岗与无定位预警")
def alerts(
    session: SessionDep,
    user: Commander,
    open_only: bool = False,
    unacknowledged: bool = False,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
) -> list[DutyAlertPublic]:
    return service.list_alerts(session, open_only=open_only, unacknowledged=unacknowledged, limit=limit)


@router.post("/alerts/{alert_id}/acknowledge", response_model=DutyAlertPublic, summary="指挥员确认预警")
def acknowledge(alert_id: IdPath, body: Acknowledge, session: SessionDep, user: Commander) -> DutyAlertPublic:
    result = service.acknowledge(session, alert_id=alert_id, actor=user, note=body.note)
    session.commit()
    return result


@router.get("/attendance", response_model=list[AttendancePublic], summary="考勤异常（迟到、未签到）")
def attendance(
    session: SessionDep, user: Commander, limit: Annotated[int, Query(ge=1, le=1000)] = 200
) -> list[AttendancePublic]:
    return service.list_attendance(session, limit=limit)


@router.post("/evaluate", response_model=TickResult, summary="立即评估一次（评估器每分钟自动运行）")
def evaluate(session: SessionDep, settings: SettingsDep, user: Commander) -> TickResult:
    n = settings.offduty_alert_minutes
    result = service.tick(session, params=watch.Params(silent_minutes=n, outside_minutes=n))
    session.commit()
    return result
