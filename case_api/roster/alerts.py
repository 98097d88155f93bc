"""脱岗预警: alerts derived from a shift's position reports (see :mod:`case_api.roster.offduty`).

An alert is identified by (shift, first outside report); refreshing re-derives every alert of the shift from its
reports, so the same reports always give the same alerts and a re-run or a duplicate report adds none.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from case_api.audit import service as audit_service
from case_api.roster import service as roster_service
from case_api.roster.models import Grid, OffDutyAlert, OffDutyAlertPublic, Officer, Shift
from case_api.roster.offduty import Excursion, Fix, excursions


def refresh(session: Session, *, shift: Shift, threshold_minutes: int) -> list[OffDutyAlert]:
    """Bring the shift's alerts in line with its reports; returns the alerts created by this call."""
    assert shift.id is not None
    fixes = [Fix(p.at, bool(p.inside_grid)) for p in roster_service.positions(session, shift_id=shift.id)]
    created: list[OffDutyAlert] = []
    for exc in excursions(fixes, timedelta(minutes=threshold_minutes)):
        existing = _find(session, shift_id=shift.id, started_at=exc.started_at)
        if existing is not None:
            _update(existing, exc)
            session.add(existing)
            continue
        alert = OffDutyAlert(
            shift_id=shift.id,
            officer_id=shift.officer_id,
            started_at=exc.started_at,
            last_outside_at=exc.last_outside_at,
            ended_at=exc.ended_at,
            minutes=exc.minutes,
        )
        try:
            with session.begin_nested():
                session.add(alert)
                session.flush()
        except IntegrityError:  # raised concurrently by another report of the same shift
            continue
        audit_service.append(
            session,
            actor_id=None,
            action="roster.offduty_alert",
            entity="shift",
            entity_id=str(shift.id),
            payload={"officer_id": shift.officer_id, "started_at": exc.started_at, "minutes": exc.minutes},
        )
        created.append(alert)
    session.flush()
    return created


def _find(session: Session, *, shift_id: int, started_at: datetime) -> OffDutyAlert | None:
    return session.exec(
        select(OffDutyAlert).where(OffDutyAlert.shift_id == shift_id, OffDutyAlert.started_at == started_at)
    ).first()


def _update(alert: OffDutyAlert, exc: Excursion) -> None:
    alert.last_outside_at, alert.ended_at, alert.minutes = exc.last_outside_at, exc.ended_at, exc.minutes


def list_alerts(
    session: Session, *, open_only: bool = False, since: datetime | None = None, limit: int = 200
) -> list[OffDutyAlertPublic]:
    stmt = (
        select(OffDutyAlert, Officer, Grid)
        .join(Officer, col(Officer.id) == OffDutyAlert.officer_id)
        .join(Shift, col(Shift.id) == OffDutyAlert.shift_id)
        .join(Grid, col(Grid.id) == Shift.grid_id)
    )
    if open_only:
        stmt = stmt.where(col(OffDutyAlert.ended_at).is_(None))
    if since is not None:
        stmt = stmt.where(OffDutyAlert.started_at >= since)
    rows = session.exec(stmt.order_by(col(OffDutyAlert.started_at).desc(), col(OffDutyAlert.id)).limit(limit))
    return [
        OffDutyAlertPublic(
            id=alert.id or 0,
            shift_id=alert.shift_id,
            officer_id=alert.officer_id,
            officer_name=officer.name,
            badge_no=officer.badge_no,
            grid_name=grid.name,
            started_at=alert.started_at,
            last_outside_at=alert.last_outside_at,
            ended_at=alert.ended_at,
            minutes=alert.minutes,
            open=alert.ended_at is None,
        )
        for alert, officer, grid in rows
    ]
