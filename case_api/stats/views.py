"""/api/stats."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query

from case_api.deps import SessionDep, SettingsDep, require_roles
from case_api.stats import service
from case_api.stats.models import StatsSummary
from case_api.users.models import Role, User

router = APIRouter(prefix="/api/stats", tags=["stats 统计"])
# Statistics cover real enforcement dates; the bounds keep time-zone arithmetic inside the calendar.
StatsDate = Annotated[
    date | None, Query(ge=date(2000, 1, 1), le=date(2999, 12, 31), description="日期（含），2000-01-01 起")
]
Viewer = Annotated[User, Depends(require_roles(Role.officer, Role.legal, Role.commander, Role.admin))]


@router.get("/summary", response_model=StatsSummary, summary="按违法行为、网格、日期、状态统计；办案时长")
def summary(
    session: SessionDep,
    settings: SettingsDep,
    _: Viewer,
    date_from: StatsDate = None,
    date_to: StatsDate = None,
) -> StatsSummary:
    return service.summary(session, tz=settings.timezone, date_from=date_from, date_to=date_to)
