"""脱岗预警 as a pure function of position reports.

An excursion starts at the first report outside the assigned grid and ends at the next report inside it. It raises
an alert when it has lasted longer than ``threshold`` — measured to the report that ends it, or, while it is still
open, to the latest report (never to the wall clock, so the result depends only on the reports).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class Fix:
    at: datetime
    inside: bool


@dataclass(frozen=True)
class Excursion:
    started_at: datetime  # first report outside the grid; identifies the alert
    last_outside_at: datetime
    ended_at: datetime | None  # first report back inside; None while still outside
    minutes: float

    @property
    def open(self) -> bool:
        return self.ended_at is None


def excursions(fixes: Iterable[Fix], threshold: timedelta) -> list[Excursion]:
    """Excursions outside the grid lasting longer than ``threshold``, in time order."""
    out: list[Excursion] = []
    start: datetime | None = None
    last: datetime | None = None
    for fix in sorted(fixes, key=lambda f: f.at):
        if not fix.inside:
            if start is None:
                start = fix.at
            last = fix.at
            continue
        if start is not None and last is not None:
            _emit(out, start, last, fix.at, threshold)
        start = last = None
    if start is not None and last is not None:
        _emit(out, start, last, None, threshold)
    return out


def _emit(
    out: list[Excursion], start: datetime, last: datetime, end: datetime | None, threshold: timedelta
) -> None:
    span = (end or last) - start
    if span > threshold:
        out.append(Excursion(start, last, end, round(span.total_seconds() / 60, 2)))
