"""Roster model families: Grid, Officer, Vehicle, Shift, CheckIn, PositionReport, OffDutyAlert."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import field_validator, model_validator
from sqlalchemy import Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from case_api.roster import geo
from case_api.sqltypes import UTCDateTime, utcnow

MAX_ID = 2_147_483_647  # ids beyond a 32-bit integer are refused at the edge (SQLite/PostgreSQL INTEGER)


# --- grids (网格) -----------------------------------------------------------------------------------------
class GridBase(SQLModel):
    name: str = Field(min_length=1, max_length=64, description="网格名称，如 五桥片区")
    code: str = Field(min_length=1, max_length=32, description="网格编号")
    description: str = Field(default="", max_length=500)


class Grid(GridBase, table=True):
    __tablename__ = "roster_grid"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=64, unique=True, index=True)
    code: str = Field(max_length=32, unique=True)
    geojson: str = Field(sa_type=Text, description="GeoJSON Polygon/MultiPolygon, [经度, 纬度]")
    center_lat: float
    center_lon: float
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class GridCreate(GridBase):
    boundary: dict[str, Any] = Field(description="GeoJSON Polygon 或 MultiPolygon（WGS-84，[经度, 纬度]）")

    @field_validator("boundary")
    @classmethod
    def _valid_polygon(cls, value: dict[str, Any]) -> dict[str, Any]:
        try:
            geo.parse_polygon(value)
        except geo.InvalidGeometry as exc:
            raise ValueError(str(exc)) from exc
        return value


class GridPublic(GridBase):
    id: int
    boundary: dict[str, Any]
    center_lat: float
    center_lon: float


# --- officers and vehicles --------------------------------------------------------------------------------
class OfficerBase(SQLModel):
    name: str = Field(min_length=1, max_length=64)
    badge_no: str = Field(min_length=1, max_length=32, description="执法证号")
    phone: str | None = Field(default=None, max_length=20)
    unit: str = Field(default="", max_length=64, description="所属中队")
    available: bool = Field(default=True, description="可接受调度")


class Officer(OfficerBase, table=True):
    __tablename__ = "roster_officer"

    id: int | None = Field(default=None, primary_key=True)
    badge_no: str = Field(max_length=32, unique=True, index=True)
    user_id: int | None = Field(default=None, foreign_key="app_user.id", unique=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class OfficerCreate(OfficerBase):
    user_id: int | None = Field(default=None, ge=1, le=MAX_ID)


class OfficerUpdate(SQLModel):
    phone: str | None = Field(default=None, max_length=20)
    unit: str | None = Field(default=None, max_length=64)
    available: bool | None = None


class OfficerPublic(SQLModel):
    id: int
    name: str
    badge_no: str
    unit: str
    available: bool
    user_id: int | None
    phone_masked: str | None = None


class VehicleBase(SQLModel):
    plate: str = Field(min_length=1, max_length=16, description="车牌号")
    kind: str = Field(default="执法车", max_length=32)
    grid_id: int | None = Field(default=None, ge=1, le=MAX_ID)


class Vehicle(VehicleBase, table=True):
    __tablename__ = "roster_vehicle"

    id: int | None = Field(default=None, primary_key=True)
    plate: str = Field(max_length=16, unique=True)
    grid_id: int | None = Field(default=None, foreign_key="roster_grid.id")


class VehicleCreate(VehicleBase):
    pass


class VehiclePublic(VehicleBase):
    id: int


# --- shifts (排班) ----------------------------------------------------------------------------------------
class ShiftBase(SQLModel):
    officer_id: int = Field(ge=1, le=MAX_ID)
    grid_id: int = Field(ge=1, le=MAX_ID)
    vehicle_id: int | None = Field(default=None, ge=1, le=MAX_ID)
    starts_at: datetime
    ends_at: datetime


class Shift(ShiftBase, table=True):
    __tablename__ = "roster_shift"

    id: int | None = Field(default=None, primary_key=True)
    officer_id: int = Field(foreign_key="roster_officer.id", index=True)
    grid_id: int = Field(foreign_key="roster_grid.id", index=True)
    vehicle_id: int | None = Field(default=None, foreign_key="roster_vehicle.id")
    starts_at: datetime = Field(sa_type=UTCDateTime, index=True)
    ends_at: datetime = Field(sa_type=UTCDateTime, index=True)


class ShiftCreate(ShiftBase):
    @model_validator(mode="after")
    def _order(self) -> ShiftCreate:
        if self.starts_at.tzinfo is None or self.ends_at.tzinfo is None:
            raise ValueError("时间须带时区，如 2025-06-01T08:00:00+08:00")
        if self.ends_at <= self.starts_at:
            raise ValueError("班次结束时间须晚于开始时间")
        return self


class ShiftPublic(ShiftBase):
    id: int
    officer_name: str
    grid_name: str


# --- check-ins (考勤) and positions ----------------------------------------------------------------------
class Location(SQLModel):
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)
    at: datetime | None = Field(default=None, description="定位时间（带时区）；缺省为服务器时间")

    @field_validator("at")
    @classmethod
    def _aware(cls, value: datetime | None) -> datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("时间须带时区，如 2025-06-01T08:00:00+08:00")
        return value


class CheckIn(SQLModel, table=True):
    __tablename__ = "roster_checkin"

    id: int | None = Field(default=None, primary_key=True)
    shift_id: int = Field(foreign_key="roster_shift.id", index=True)
    officer_id: int = Field(foreign_key="roster_officer.id", index=True)
    at: datetime = Field(sa_type=UTCDateTime)
    lat: float
    lon: float
    inside_grid: bool


class CheckInPublic(SQLModel):
    id: int
    shift_id: int
    officer_id: int
    at: datetime
    lat: float
    lon: float
    inside_grid: bool
    late: bool


class PositionReport(SQLModel, table=True):
    __tablename__ = "roster_position"

    id: int | None = Field(default=None, primary_key=True)
    officer_id: int = Field(foreign_key="roster_officer.id", index=True)
    shift_id: int | None = Field(default=None, foreign_key="roster_shift.id", index=True)
    at: datetime = Field(sa_type=UTCDateTime, index=True)
    lat: float
    lon: float
    inside_grid: bool | None = None  # None: not on shift


class PositionPublic(SQLModel):
    id: int
    officer_id: int
    shift_id: int | None
    at: datetime
    lat: float
    lon: float
    inside_grid: bool | None
    alert_raised: bool = False


# --- 脱岗预警 ---------------------------------------------------------------------------------------------
class OffDutyAlert(SQLModel, table=True):
    __tablename__ = "roster_offduty_alert"
    __table_args__ = (UniqueConstraint("shift_id", "started_at", name="uq_offduty_alert_shift_start"),)

    id: int | None = Field(default=None, primary_key=True)
    shift_id: int = Field(foreign_key="roster_shift.id", index=True)
    officer_id: int = Field(foreign_key="roster_officer.id", index=True)
    started_at: datetime = Field(sa_type=UTCDateTime)
    last_outside_at: datetime = Field(sa_type=UTCDateTime)
    ended_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    minutes: float
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class OffDutyAlertPublic(SQLModel):
    id: int
    shift_id: int
    officer_id: int
    officer_name: str
    badge_no: str
    grid_name: str
    started_at: datetime
    last_outside_at: datetime
    ended_at: datetime | None
    minutes: float
    open: bool


# --- who is on duty --------------------------------------------------------------------------------------
class OnDutyOfficer(SQLModel):
    officer_id: int
    name: str
    badge_no: str
    grid_name: str
    shift_id: int
    starts_at: datetime
    ends_at: datetime
    available: bool
    lat: float | None = None
    lon: float | None = None
    last_seen_at: datetime | None = None
    distance_m: float | None = None
    phone_masked: str | None = None


class LocationReport(Location):
    officer_id: int | None = Field(
        default=None, ge=1, le=MAX_ID, description="缺省为当前登录队员；指挥员/管理员可代报"
    )
