"""API models of 智能排班 (the plan writes ordinary roster shifts; no table of its own)."""

from __future__ import annotations

from datetime import date

from pydantic import field_validator
from sqlmodel import Field, SQLModel

MAX_ID = 2_147_483_647


class DemandIn(SQLModel):
    grid_id: int = Field(ge=1, le=MAX_ID)
    day: int = Field(ge=0, le=6, description="0 = week_start")
    slot: int = Field(ge=0, le=5)
    officers: int = Field(ge=0, le=40, description="所需队员人数（两人一组，取偶数）")
    skills: dict[str, int] = Field(default_factory=dict, description='如 {"legal": 1}：至少一名法制员')


class LeaveIn(SQLModel):
    officer_id: int = Field(ge=1, le=MAX_ID)
    day: int = Field(ge=0, le=6)
    slot: int | None = Field(default=None, ge=0, le=5, description="缺省为全天")


class PlanRequest(SQLModel):
    # the solver looks 8 weeks back for demand and a week ahead: a bounded calendar keeps both in range
    week_start: date = Field(description="排班周的第一天（2000—2099 年）")
    grid_ids: list[int] = Field(default_factory=list, max_length=200, description="缺省为全部网格")
    demand: list[DemandIn] | None = Field(
        default=None, max_length=5000, description="缺省按近 8 周案件量测算"
    )
    leave: list[LeaveIn] = Field(default_factory=list, max_length=5000)
    skills: dict[int, list[str]] = Field(
        default_factory=dict, description="队员 id → 技能，如 legal（法制员）"
    )
    max_hours: int = Field(default=40, ge=8, le=84)
    min_rest_hours: int = Field(default=12, ge=0, le=48)
    seconds: float = Field(default=20.0, gt=0, le=20, description="求解时限（秒）")
    write: bool = Field(default=False, description="true：把排班写入勤务班次")

    @field_validator("week_start")
    @classmethod
    def _bounded_week(cls, value: date) -> date:
        if not date(2000, 1, 1) <= value <= date(2099, 12, 31):
            raise ValueError("排班周应在 2000—2099 年之间")
        return value


class PlannedShift(SQLModel):
    officer_id: int
    officer_name: str
    grid_id: int
    grid_name: str
    day: int
    slot: str
    starts_at: str
    ends_at: str


class GapOut(SQLModel):
    grid_id: int
    grid_name: str
    day: int
    slot: str
    demanded: int
    assigned: int
    reason: str


class PlanResult(SQLModel):
    status: str
    seconds: float
    demanded: int
    covered: int
    coverage: float
    shifts: list[PlannedShift]
    gaps: list[GapOut]
    shifts_per_officer: dict[int, int]
    written: int
    explanation: str
