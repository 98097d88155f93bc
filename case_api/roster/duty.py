"""Who is on duty, where, and who is nearest (指挥调度: 位置找得到)."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, select

from case_api.masking import mask_phone
from case_api.roster import geo
from case_api.roster import service as roster_service
from case_api.roster.models import CheckIn, Grid, Officer, OnDutyOfficer, PositionReport, Shift


def on_duty(session: Session, *, at: datetime, grid_name: str | None = None) -> list[OnDutyOfficer]:
    """Officers whose shift covers ``at`` (optionally in the grid named ``grid_name``), with their last position."""
    stmt = (
        select(Shift, Officer, Grid)
        .join(Officer, col(Officer.id) == Shift.officer_id)
        .join(Grid, col(Grid.id) == Shift.grid_id)
        .where(Shift.starts_at <= at, Shift.ends_at > at)
    )
    if grid_name is not None:
        grid = roster_service.find_grid(session, name=grid_name)
        stmt = stmt.where(Shift.grid_id == grid.id)
    out: list[OnDutyOfficer] = []
    for shift, officer, grid in session.exec(stmt.order_by(col(Grid.name), col(Officer.badge_no))):
        seen = _last_seen(session, shift=shift, at=at)
        out.append(
            OnDutyOfficer(
                officer_id=officer.id or 0,
                name=officer.name,
                badge_no=officer.badge_no,
                grid_name=grid.name,
                shift_id=shift.id or 0,
                starts_at=shift.starts_at,
                ends_at=shift.ends_at,
                available=officer.available,
                lat=seen[0] if seen else None,
                lon=seen[1] if seen else None,
                last_seen_at=seen[2] if seen else None,
                phone_masked=mask_phone(officer.phone),
            )
        )
    return out


def _last_seen(session: Session, *, shift: Shift, at: datetime) -> tuple[float, float, datetime] | None:
    pos = session.exec(
        select(PositionReport)
        .where(PositionReport.shift_id == shift.id, PositionReport.at <= at)
        .order_by(col(PositionReport.at).desc())
    ).first()
    if pos is not None:
        return pos.lat, pos.lon, pos.at
    chk = session.exec(
        select(CheckIn).where(CheckIn.shift_id == shift.id, CheckIn.at <= at).order_by(col(CheckIn.at).desc())
    ).first()
    return (chk.lat, chk.lon, chk.at) if chk is not None else None


def nearest(session: Session, *, lat: float, lon: float, at: datetime, limit: int = 5) -> list[OnDutyOfficer]:
    """Available on-duty officers with a known position, nearest first (great-circle distance)."""
    found = [o for o in on_duty(session, at=at) if o.available and o.lat is not None and o.lon is not None]
    for officer in found:
        assert officer.lat is not None and officer.lon is not None
        officer.distance_m = round(geo.haversine_m(lat, lon, officer.lat, officer.lon), 1)
    found.sort(key=lambda o: (o.distance_m, o.badge_no))
    return found[:limit]
