"""The command dashboard's read model (大屏): one answer per refresh with the grids' GeoJSON, the officers on duty
now with their last positions, open cases and candidate camera events placed on a grid, dispatch orders with their
timelines, and the case statistics of the last ``days`` days. Served by ``GET /api/screen/overview``
(channels/web/dashboard.py).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from case_api.camera import service as camera_service
from case_api.camera.models import EventStatus
from case_api.cases.models import STATE_LABELS, Case, CaseState
from case_api.dispatch import service as dispatch_service
from case_api.dispatch.models import DispatchOrder, OrderStatus
from case_api.roster import duty, geo
from case_api.roster import service as roster_service
from case_api.roster.models import Grid
from case_api.sqltypes import utcnow
from case_api.stats import service as stats_service
from core.settings import Settings

FINISHED = {CaseState.closed, CaseState.archived, CaseState.dropped}


def _stem(name: str) -> str:
    """The place in a grid's name: 五桥片区 → 五桥, 江南新区 → 江南."""
    for suffix in ("片区", "新区", "街道", "网格"):
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


def grid_of(
    grids: list[Grid], *, code: str | None, lat: float | None, lon: float | None, text: str
) -> Grid | None:
    """The grid a case or event belongs to: its recorded grid (code or name), else the grid containing its position,
    else the grid whose place name appears in its address or title (most demo and hand-entered cases have no grid)."""
    if code:
        for g in grids:
            if code in (g.code, g.name):
                return g
    if lat is not None and lon is not None:
        for g in grids:
            if geo.contains(g.geojson, lat=lat, lon=lon):
                return g
    for g in grids:
        if _stem(g.name) in text:
            return g
    return None


def overview(
    session: Session, *, settings: Settings, days: int, now: datetime | None = None
) -> dict[str, Any]:
    now = now or utcnow()
    grids = roster_service.list_grids(session)
    by_id = {g.id: g for g in grids}
    officers = duty.on_duty(session, at=now)
    zone = ZoneInfo(settings.timezone)
    today = now.astimezone(zone).date()
    since = today - timedelta(days=days - 1)
    stats = stats_service.summary(session, tz=settings.timezone, date_from=since)
    start = datetime.combine(since, time(), zone).astimezone(UTC)
    recent = session.exec(select(Case).where(col(Case.created_at) >= start)).all()
    by_grid: dict[str, int] = {}
    # the record's own grid, else the grid placed by position or address (the stats service counts only the first)
    for c in recent:
        g = grid_of(grids, code=c.grid, lat=c.lat, lon=c.lon, text=f"{c.location} {c.title}")
        key = g.name if g else stats_service.UNKNOWN
        by_grid[key] = by_grid.get(key, 0) + 1

    open_cases: list[dict[str, Any]] = []
    cases = session.exec(
        select(Case).where(col(Case.state).not_in([s.value for s in FINISHED])).order_by(col(Case.id).desc())
    ).all()
    for c in cases:
        g = grid_of(grids, code=c.grid, lat=c.lat, lon=c.lon, text=f"{c.location} {c.title}")
        open_cases.append(
            {
                "id": c.id, "case_number": c.case_number, "title": c.title, "state": c.state,
                "state_label": STATE_LABELS[CaseState(c.state)], "offence_name": c.offence_name,
                "location": c.location, "lat": c.lat, "lon": c.lon, "grid_code": g.code if g else None,
                "created_at": c.created_at,
            }
        )  # fmt: skip

    events: list[dict[str, Any]] = []
    for e in camera_service.list_events(session, status=EventStatus.candidate, limit=100):
        g = grid_of(grids, code=None, lat=e.lat, lon=e.lon, text=e.location)
        events.append(
            {
                "id": e.id, "camera_id": e.camera_id, "kind": e.kind, "location": e.location, "lat": e.lat,
                "lon": e.lon, "occurred_at": e.occurred_at, "confidence": e.confidence,
                "grid_code": g.code if g else None,
            }
        )  # fmt: skip

    orders = session.exec(
        select(DispatchOrder)
        .where(
            (col(DispatchOrder.status) == OrderStatus.open)
            | (col(DispatchOrder.created_at) >= now - timedelta(hours=24))
        )
        .order_by(col(DispatchOrder.id).desc())
        .limit(30)
    ).all()
    presented = []
    for o in orders:
        body = dispatch_service.present(session, o).model_dump(mode="json")
        grid = by_id.get(o.grid_id) if o.grid_id else None
        if grid is None:
            grid = grid_of(grids, code=None, lat=o.lat, lon=o.lon, text=f"{o.location} {o.title}")
        body["grid_code"] = grid.code if grid else None
        presented.append(body)

    per_grid: dict[str, dict[str, int]] = {
        g.code: {"open_cases": 0, "on_duty": 0, "camera_events": 0, "orders_open": 0} for g in grids
    }
    for item in open_cases:
        if item["grid_code"]:
            per_grid[item["grid_code"]]["open_cases"] += 1
    for ev in events:
        if ev["grid_code"]:
            per_grid[ev["grid_code"]]["camera_events"] += 1
    names = {g.name: g.code for g in grids}
    for off in officers:
        if off.grid_name in names:
            per_grid[names[off.grid_name]]["on_duty"] += 1
    for body in presented:
        if body["grid_code"] and body["status"] == OrderStatus.open:
            per_grid[body["grid_code"]]["orders_open"] += 1

    return {
        "generated_at": now,
        "days": days,
        "grids": [
            {
                "id": g.id,
                "name": g.name,
                "code": g.code,
                "description": g.description,
                "boundary": json.loads(g.geojson),
                "center_lat": g.center_lat,
                "center_lon": g.center_lon,
                **per_grid[g.code],
            }
            for g in grids
        ],
        "officers": [o.model_dump(mode="json") for o in officers],
        "open_cases": open_cases,
        "camera_events": events,
        "orders": presented,
        "stats": stats.model_dump(mode="json"),
        "cases_by_grid": [
            {"key": k, "count": n} for k, n in sorted(by_grid.items(), key=lambda kv: (-kv[1], kv[0]))
        ],
    }
