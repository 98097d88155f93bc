"""What the evaluator concludes about one shift at one moment, as a pure function (no I/O).

| finding | when | identified by |
|---|---|---|
| ``no_position`` alert | on shift, no position for more than N minutes (counted from the last position, or from the start of the shift when none came yet) | (shift, kind, last seen) |
| ``outside_grid`` alert | the latest positions lie outside the grid and the first of them is more than N minutes ago | (shift, kind, first outside) |
| ``late`` attendance | the check-in came more than ``late_after`` after the start | (shift, kind) |
| ``missing`` attendance | no check-in ``missing_after`` after the start | (shift, kind) |

An alert is *open* while its condition holds; a position (inside the grid, for ``outside_grid``) ends it. Defaults:
N = ``settings.offduty_alert_minutes`` (15), late after 5 minutes, missing after 30.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class Params:
    silent_minutes: int = 15
    outside_minutes: int = 15
    late_after: timedelta = timedelta(minutes=5)
    missing_after: timedelta = timedelta(minutes=30)


@dataclass(frozen=True)
class ShiftView:
    shift_id: int
    officer_id: int
    starts_at: datetime
    ends_at: datetime
    positions: Sequence[tuple[datetime, bool]]  # (at, inside the grid), any order
    first_checkin: datetime | None


@dataclass(frozen=True)
class AlertState:
    kind: str  # no_position | outside_grid
    started_at: datetime
    minutes: float


@dataclass(frozen=True)
class Attendance:
    kind: str  # late | missing
    minutes: float
    checkin_at: datetime | None


def alerts(view: ShiftView, now: datetime, params: Params) -> list[AlertState]:
    """The alerts whose condition holds at ``now`` (only while the shift runs)."""
    if not (view.starts_at <= now < view.ends_at):
        return []
    out: list[AlertState] = []
    fixes = sorted(p for p in view.positions if p[0] <= now)
    last_seen = fixes[-1][0] if fixes else view.starts_at
    silent = now - last_seen
    if silent > timedelta(minutes=params.silent_minutes):
        out.append(AlertState("no_position", last_seen, _minutes(silent)))
    first_out: datetime | None = None
    for at, inside in fixes:
        first_out = None if inside else (first_out or at)
    if first_out is not None and now - first_out > timedelta(minutes=params.outside_minutes):
        out.append(AlertState("outside_grid", first_out, _minutes(now - first_out)))
    return out


def attendance(view: ShiftView, now: datetime, params: Params) -> Attendance | None:
    checkin = view.first_checkin if view.first_checkin and view.first_checkin <= now else None
    if checkin is not None:
        late = checkin - view.starts_at
        return Attendance("late", _minutes(late), checkin) if late > params.late_after else None
    if now - view.starts_at > params.missing_after:
        return Attendance("missing", _minutes(now - view.starts_at), None)
    return None


def _minutes(span: timedelta) -> float:
    return round(span.total_seconds() / 60, 2)
