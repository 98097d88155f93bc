"""Roster routes under /api/roster: thin — parse, call the service, return Public models."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query

from case_api.deps import SessionDep, SettingsDep, StaffUser, require_roles
from case_api.errors import Forbidden, ValidationFailed
from case_api.masking import mask_phone
from case_api.roster import alerts, duty
from case_api.roster import service as roster_service
from case_api.roster.models import (
    CheckInPublic,
    Grid,
    GridCreate,
    GridPublic,
    LocationReport,
    OffDutyAlertPublic,
    Officer,
    OfficerCreate,
    OfficerPublic,
    OfficerUpdate,
    OnDutyOfficer,
    PositionPublic,
    Shift,
    ShiftCreate,
    ShiftPublic,
    VehicleCreate,
    VehiclePublic,
)
from case_api.sqltypes import utcnow
from case_api.users.models import Role, User

Id = Annotated[int, Path(ge=1, le=2_147_483_647)]
QueryId = Annotated[int | None, Query(ge=1, le=2_147_483_647)]
router = APIRouter(prefix="/api/roster", tags=["roster 勤务"])
Manager = Annotated[User, Depends(require_roles(Role.commander, Role.admin))]
FieldUser = Annotated[User, Depends(require_roles(Role.officer, Role.commander, Role.admin))]


def _grid(g: Grid) -> GridPublic:
    return GridPublic(
        id=g.id or 0,
        name=g.name,
        code=g.code,
        description=g.description,
        boundary=json.loads(g.geojson),
        center_lat=g.center_lat,
        center_lon=g.center_lon,
    )


def _officer(o: Officer) -> OfficerPublic:
    return OfficerPublic(
        id=o.id or 0,
        name=o.name,
        badge_no=o.badge_no,
        unit=o.unit,
        available=o.available,
        user_id=o.user_id,
        phone_masked=mask_phone(o.phone),
    )


def _shift(session: SessionDep, s: Shift) -> ShiftPublic:
    officer = roster_service.get_officer(session, officer_id=s.officer_id)
    grid = roster_service.get_grid(session, grid_id=s.grid_id)
    return ShiftPublic(**s.model_dump(), officer_name=officer.name, grid_name=grid.name)


def _acting_officer(session: SessionDep, user: User, requested: int | None) -> int:
    if user.role == Role.officer:
        own = roster_service.officer_for_user(session, user_id=user.id or 0)
        if requested is not None and requested != own.id:
            raise Forbidden("队员只能为本人签到或上报位置。", code="not_own_officer")
        return own.id or 0
    if requested is None:
        raise ValidationFailed("请指定 officer_id（代报的队员）。", code="officer_required")
    return requested


@router.get("/grids", response_model=list[GridPublic], summary="网格列表")
def list_grids(session: SessionDep, _: StaffUser) -> list[GridPublic]:
    return [_grid(g) for g in roster_service.list_grids(session)]


@router.post("/grids", response_model=GridPublic, status_code=201, summary="新建网格（GeoJSON 多边形）")
def create_grid(data: GridCreate, session: SessionDep, user: Manager) -> GridPublic:
    grid = roster_service.create_grid(session, data=data, actor_id=user.id)
    session.commit()
    return _grid(grid)


@router.get("/grids/{grid_id}", response_model=GridPublic, summary="网格详情")
def get_grid(grid_id: Id, session: SessionDep, _: StaffUser) -> GridPublic:
    return _grid(roster_service.get_grid(session, grid_id=grid_id))


@router.get("/officers", response_model=list[OfficerPublic], summary="执法队员")
def list_officers(session: SessionDep, _: StaffUser) -> list[OfficerPublic]:
    return [_officer(o) for o in roster_service.list_officers(session)]


@router.post("/officers", response_model=OfficerPublic, status_code=201, summary="登记队员（执法证号）")
def create_officer(data: OfficerCreate, session: SessionDep, user: Manager) -> OfficerPublic:
    officer = roster_service.create_officer(session, data=data, actor_id=user.id)
    session.commit()
    return _officer(officer)


@router.patch("/officers/{officer_id}", response_model=OfficerPublic, summary="更新队员状态")
def update_officer(officer_id: Id, data: OfficerUpdate, session: SessionDep, user: Manager) -> OfficerPublic:
    officer = roster_service.update_officer(session, officer_id=officer_id, data=data, actor_id=user.id)
    session.commit()
    return _officer(officer)


@router.get("/vehicles", response_model=list[VehiclePublic], summary="执法车辆")
def list_vehicles(session: SessionDep, _: StaffUser) -> list[VehiclePublic]:
    return [VehiclePublic.model_validate(v) for v in roster_service.list_vehicles(session)]


@router.post("/vehicles", response_model=VehiclePublic, status_code=201, summary="登记车辆")
def create_vehicle(data: VehicleCreate, session: SessionDep, user: Manager) -> VehiclePublic:
    vehicle = roster_service.create_vehicle(session, data=data, actor_id=user.id)
    session.commit()
    return VehiclePublic.model_validate(vehicle)


@router.get("/shifts", response_model=list[ShiftPublic], summary="排班")
def list_shifts(
    session: SessionDep,
    _: StaffUser,
    active_at: datetime | None = None,
    grid_id: QueryId = None,
    officer_id: QueryId = None,
) -> list[ShiftPublic]:
    when = _when(active_at) if active_at is not None else None
    rows = roster_service.list_shifts(session, active_at=when, grid_id=grid_id, officer_id=officer_id)
    return [_shift(session, s) for s in rows]


@router.post("/shifts", response_model=ShiftPublic, status_code=201, summary="排班：队员、网格、起止时间")
def create_shift(data: ShiftCreate, session: SessionDep, user: Manager) -> ShiftPublic:
    shift = roster_service.create_shift(session, data=data, actor_id=user.id)
    session.commit()
    return _shift(session, shift)


@router.post("/checkins", response_model=CheckInPublic, status_code=201, summary="签到（考勤，带定位）")
def check_in(data: LocationReport, session: SessionDep, user: FieldUser) -> CheckInPublic:
    officer_id = _acting_officer(session, user, data.officer_id)
    row = roster_service.check_in(session, officer_id=officer_id, location=data, actor_id=user.id)
    shift = session.get(Shift, row.shift_id)
    session.commit()
    late = shift is not None and row.at > shift.starts_at
    return CheckInPublic(**row.model_dump(exclude={"id"}), id=row.id or 0, late=late)


@router.post("/positions", response_model=PositionPublic, status_code=201, summary="上报位置（脱岗预警依据）")
def report_position(
    data: LocationReport, session: SessionDep, settings: SettingsDep, user: FieldUser
) -> PositionPublic:
    officer_id = _acting_officer(session, user, data.officer_id)
    row = roster_service.report_position(session, officer_id=officer_id, location=data)
    raised = False
    if row.shift_id is not None:
        shift = session.get(Shift, row.shift_id)
        assert shift is not None
        raised = bool(alerts.refresh(session, shift=shift, threshold_minutes=settings.offduty_alert_minutes))
    session.commit()
    return PositionPublic(**row.model_dump(exclude={"id"}), id=row.id or 0, alert_raised=raised)


@router.get("/alerts", response_model=list[OffDutyAlertPublic], summary="脱岗预警")
def list_alerts(
    session: SessionDep, _: StaffUser, open_only: bool = False, since: datetime | None = None
) -> list[OffDutyAlertPublic]:
    return alerts.list_alerts(session, open_only=open_only, since=_when(since) if since is not None else None)


@router.get("/on-duty", response_model=list[OnDutyOfficer], summary="在岗人员（可按网格名，如 五桥片区）")
def on_duty(
    session: SessionDep,
    _: StaffUser,
    grid: Annotated[str | None, Query(max_length=64, description="网格名称")] = None,
    at: datetime | None = None,
) -> list[OnDutyOfficer]:
    return duty.on_duty(session, at=_when(at), grid_name=grid)


@router.get("/nearest", response_model=list[OnDutyOfficer], summary="离某点最近的在岗可调度队员")
def nearest(
    session: SessionDep,
    _: StaffUser,
    lat: Annotated[float, Query(ge=-90, le=90)],
    lon: Annotated[float, Query(ge=-180, le=180)],
    limit: Annotated[int, Query(ge=1, le=50)] = 5,
    at: datetime | None = None,
) -> list[OnDutyOfficer]:
    return duty.nearest(session, lat=lat, lon=lon, at=_when(at), limit=limit)


def _when(at: datetime | None) -> datetime:
    if at is None:
        return utcnow()
    if at.tzinfo is None:
        raise ValidationFailed("时间须带时区，如 2025-06-01T08:00:00+08:00", code="naive_datetime")
    return at
