"""Roster operations: grids, officers, vehicles, shifts, check-ins and positions (keyword-only, caller commits).

Alerts (脱岗) are in :mod:`case_api.roster.alerts`; on-duty and nearest-officer queries in
:mod:`case_api.roster.duty`.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from case_api import updates
from case_api.audit import service as audit_service
from case_api.errors import Conflict, NotFound, ValidationFailed
from case_api.roster import geo
from case_api.roster.models import (
    CheckIn,
    Grid,
    GridCreate,
    Location,
    Officer,
    OfficerCreate,
    OfficerUpdate,
    PositionReport,
    Shift,
    ShiftCreate,
    Vehicle,
    VehicleCreate,
)
from case_api.sqltypes import utcnow

CHECKIN_EARLY = timedelta(minutes=30)  # a check-in may come this long before the shift starts


def _save(session: Session, row: object, what: str) -> None:
    try:
        with session.begin_nested():
            session.add(row)
            session.flush()
    except IntegrityError as exc:
        raise Conflict(
            f"{what}已存在或引用的记录不存在，请检查名称、编号与关联记录。", code="duplicate"
        ) from exc


# --- grids ----------------------------------------------------------------------------------------------
def create_grid(session: Session, *, data: GridCreate, actor_id: int | None) -> Grid:
    text = json.dumps(data.boundary, ensure_ascii=False, separators=(",", ":"))
    lat, lon = geo.centroid(text)
    grid = Grid(
        name=data.name,
        code=data.code,
        description=data.description,
        geojson=text,
        center_lat=lat,
        center_lon=lon,
    )
    _save(session, grid, f"网格“{data.name}”")
    audit_service.append(
        session,
        actor_id=actor_id,
        action="roster.grid_created",
        entity="grid",
        entity_id=str(grid.id),
        payload={"name": grid.name, "code": grid.code},
    )
    return grid


def list_grids(session: Session) -> list[Grid]:
    return list(session.exec(select(Grid).order_by(col(Grid.id))))


def get_grid(session: Session, *, grid_id: int) -> Grid:
    grid = session.get(Grid, grid_id)
    if grid is None:
        raise NotFound(f"网格 {grid_id} 不存在。", code="grid_not_found")
    return grid


def find_grid(session: Session, *, name: str) -> Grid:
    """A grid by exact name, then by the name without 片区/网格, then by a unique partial match."""
    name = name.strip()
    grids = list_grids(session)
    for grid in grids:
        if grid.name == name or grid.code == name:
            return grid
    stem = name.removesuffix("片区").removesuffix("网格").removesuffix("区域") or name
    partial = [g for g in grids if stem in g.name]
    if len(partial) == 1:
        return partial[0]
    known = "、".join(g.name for g in grids) or "（尚无网格）"
    raise NotFound(f"没有名为“{name}”的网格。现有网格：{known}", code="grid_not_found")


# --- officers and vehicles ----------------------------------------------------------------------------
def create_officer(session: Session, *, data: OfficerCreate, actor_id: int | None) -> Officer:
    officer = Officer.model_validate(data)
    _save(session, officer, f"执法证号 {data.badge_no} 的队员")
    audit_service.append(
        session,
        actor_id=actor_id,
        action="roster.officer_created",
        entity="officer",
        entity_id=str(officer.id),
        payload={"badge_no": officer.badge_no, "name": officer.name},
    )
    return officer


def list_officers(session: Session) -> list[Officer]:
    return list(session.exec(select(Officer).order_by(col(Officer.id))))


def get_officer(session: Session, *, officer_id: int) -> Officer:
    officer = session.get(Officer, officer_id)
    if officer is None:
        raise NotFound(f"队员 {officer_id} 不存在。", code="officer_not_found")
    return officer


def officer_for_user(session: Session, *, user_id: int) -> Officer:
    officer = session.exec(select(Officer).where(Officer.user_id == user_id)).first()
    if officer is None:
        raise NotFound("当前账号未关联执法队员档案，请联系管理员在勤务中登记。", code="officer_not_linked")
    return officer


def update_officer(
    session: Session, *, officer_id: int, data: OfficerUpdate, actor_id: int | None
) -> Officer:
    officer = get_officer(session, officer_id=officer_id)
    changes = updates.changes(data, required=frozenset({"unit", "available"}))
    officer.sqlmodel_update(changes)
    session.add(officer)
    audit_service.append(
        session,
        actor_id=actor_id,
        action="roster.officer_updated",
        entity="officer",
        entity_id=str(officer_id),
        payload={k: v for k, v in changes.items() if k != "phone"},
    )
    return officer


def create_vehicle(session: Session, *, data: VehicleCreate, actor_id: int | None) -> Vehicle:
    if data.grid_id is not None:
        get_grid(session, grid_id=data.grid_id)
    vehicle = Vehicle.model_validate(data)
    _save(session, vehicle, f"车辆 {data.plate}")
    audit_service.append(
        session,
        actor_id=actor_id,
        action="roster.vehicle_created",
        entity="vehicle",
        entity_id=str(vehicle.id),
        payload={"plate": vehicle.plate},
    )
    return vehicle


def list_vehicles(session: Session) -> list[Vehicle]:
    return list(session.exec(select(Vehicle).order_by(col(Vehicle.id))))


# --- shifts -----------------------------------------------------------------------------------------------
def create_shift(session: Session, *, data: ShiftCreate, actor_id: int | None) -> Shift:
    get_officer(session, officer_id=data.officer_id)
    get_grid(session, grid_id=data.grid_id)
    if data.vehicle_id is not None and session.get(Vehicle, data.vehicle_id) is None:
        raise NotFound(f"车辆 {data.vehicle_id} 不存在。", code="vehicle_not_found")
    overlap = session.exec(
        select(Shift).where(
            Shift.officer_id == data.officer_id,
            Shift.starts_at < data.ends_at,
            Shift.ends_at > data.starts_at,
        )
    ).first()
    if overlap is not None:
        raise Conflict(
            f"该队员在此时段已有班次（班次 {overlap.id}），同一时间只能在一个网格值班。", code="shift_overlap"
        )
    shift = Shift.model_validate(data)
    _save(session, shift, "班次")
    audit_service.append(
        session,
        actor_id=actor_id,
        action="roster.shift_created",
        entity="shift",
        entity_id=str(shift.id),
        payload={
            "officer_id": shift.officer_id,
            "grid_id": shift.grid_id,
            "starts_at": shift.starts_at,
            "ends_at": shift.ends_at,
        },
    )
    return shift


def list_shifts(
    session: Session,
    *,
    active_at: datetime | None = None,
    grid_id: int | None = None,
    officer_id: int | None = None,
    limit: int = 500,
) -> list[Shift]:
    stmt = select(Shift)
    if active_at is not None:
        stmt = stmt.where(Shift.starts_at <= active_at, Shift.ends_at > active_at)
    if grid_id is not None:
        stmt = stmt.where(Shift.grid_id == grid_id)
    if officer_id is not None:
        stmt = stmt.where(Shift.officer_id == officer_id)
    return list(session.exec(stmt.order_by(col(Shift.starts_at), col(Shift.id)).limit(limit)))


def active_shift(
    session: Session, *, officer_id: int, at: datetime, early: timedelta = timedelta(0)
) -> Shift | None:
    return session.exec(
        select(Shift)
        .where(Shift.officer_id == officer_id, Shift.starts_at <= at + early, Shift.ends_at > at)
        .order_by(col(Shift.starts_at))
    ).first()


# --- check-ins and positions --------------------------------------------------------------------------
def _shift_at(
    session: Session, *, officer_id: int, location: Location, early: timedelta = timedelta(0)
) -> tuple[datetime, Shift | None]:
    """When the location was taken (now if it does not say) and the officer's shift then, if any."""
    get_officer(session, officer_id=officer_id)
    at = location.at or utcnow()
    return at, active_shift(session, officer_id=officer_id, at=at, early=early)


def _inside_grid(session: Session, *, shift: Shift, location: Location) -> bool:
    grid = get_grid(session, grid_id=shift.grid_id)
    return geo.contains(grid.geojson, lat=location.lat, lon=location.lon)


def check_in(session: Session, *, officer_id: int, location: Location, actor_id: int | None) -> CheckIn:
    at, shift = _shift_at(session, officer_id=officer_id, location=location, early=CHECKIN_EARLY)
    if shift is None:
        raise ValidationFailed("当前没有您的班次，无法签到。请确认排班或联系指挥员。", code="no_shift")
    inside = _inside_grid(session, shift=shift, location=location)
    row = CheckIn(
        shift_id=shift.id or 0,
        officer_id=officer_id,
        at=at,
        lat=location.lat,
        lon=location.lon,
        inside_grid=inside,
    )
    session.add(row)
    session.flush()
    audit_service.append(
        session,
        actor_id=actor_id,
        action="roster.checked_in",
        entity="shift",
        entity_id=str(shift.id),
        payload={"officer_id": officer_id, "at": at, "inside_grid": inside},
    )
    return row


def report_position(session: Session, *, officer_id: int, location: Location) -> PositionReport:
    """Record a position; on shift, whether it lies inside the assigned grid."""
    at, shift = _shift_at(session, officer_id=officer_id, location=location)
    inside = None if shift is None else _inside_grid(session, shift=shift, location=location)
    row = PositionReport(
        officer_id=officer_id,
        shift_id=shift.id if shift else None,
        at=at,
        lat=location.lat,
        lon=location.lon,
        inside_grid=inside,
    )
    session.add(row)
    session.flush()
    return row


def positions(session: Session, *, shift_id: int) -> list[PositionReport]:
    return list(
        session.exec(
            select(PositionReport).where(PositionReport.shift_id == shift_id).order_by(col(PositionReport.at))
        )
    )
