"""Statutory time limits (pure date arithmetic).

| limit | from | days | article |
|---|---|---|---|
| 作出决定 decision | 立案 filing | 90 calendar days | 第六十条 |
| 送达 service | 决定 decision | 7 working days | 第六十一条, 第八十五条 |
| 要求听证 hearing request | 事先告知 notice | 5 working days | 第六十四条, 第八十五条 |
| 缴纳罚款 payment | 送达 service | 15 days | 第六十七条 |

第八十五条: “五日”“七日” are working days, statutory holidays excluded. Periods start the day after the event
(the event's day is not counted). A party's period whose last day is not a working day ends on the next working
day. Holidays come from a :class:`WorkCalendar` (weekends by default; add official holidays and 调休 workdays).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo


@dataclass(frozen=True)
class WorkCalendar:
    holidays: frozenset[date] = field(default_factory=frozenset)
    extra_workdays: frozenset[date] = field(default_factory=frozenset)  # 调休上班的周末

    def is_workday(self, d: date) -> bool:
        if d in self.extra_workdays:
            return True
        return d.weekday() < 5 and d not in self.holidays

    def add_workdays(self, start: date, n: int) -> date:
        d, left = start, n
        while left > 0:
            d += timedelta(days=1)
            if self.is_workday(d):
                left -= 1
        return d

    def roll_forward(self, d: date) -> date:
        while not self.is_workday(d):
            d += timedelta(days=1)
        return d

    @classmethod
    def from_file(cls, path: Path) -> WorkCalendar:
        """``{"holidays": ["2026-10-01", ...], "workdays": ["2026-09-27", ...]}``; missing file → weekends only."""
        if not path.is_file():
            return cls()
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(
            holidays=frozenset(date.fromisoformat(s) for s in data.get("holidays", [])),
            extra_workdays=frozenset(date.fromisoformat(s) for s in data.get("workdays", [])),
        )


@dataclass(frozen=True)
class Period:
    kind: str
    label: str
    article: str
    days: int
    working_days: bool
    party_period: bool  # the party's time (last day rolls to a working day); otherwise the bureau's duty


DECISION = Period("decision", "立案后作出处罚决定", "《行政处罚法》第六十条", 90, False, False)
SERVICE = Period("service", "决定书送达", "《行政处罚法》第六十一条、第八十五条", 7, True, False)
HEARING_REQUEST = Period(
    "hearing_request", "当事人要求听证", "《行政处罚法》第六十四条、第八十五条", 5, True, True
)
PAYMENT = Period("payment", "缴纳罚款", "《行政处罚法》第六十七条", 15, False, True)


def due_date(period: Period, start: date, calendar: WorkCalendar) -> date:
    if period.working_days:
        return calendar.add_workdays(start, period.days)
    due = start + timedelta(days=period.days)
    return calendar.roll_forward(due) if period.party_period else due


@dataclass(frozen=True)
class Deadline:
    period: Period
    starts_on: date
    due_on: date
    met_on: date | None
    today: date

    @property
    def status(self) -> str:
        if self.met_on is not None:
            return "met" if self.met_on <= self.due_on else "met_late"
        if self.today > self.due_on:
            return "lapsed" if self.period.kind == "hearing_request" else "overdue"
        return "pending"

    @property
    def days_left(self) -> int | None:
        return None if self.met_on is not None else (self.due_on - self.today).days


def local_date(moment: datetime, tz: str) -> date:
    return moment.astimezone(ZoneInfo(tz)).date()


def deadline(
    period: Period,
    started: datetime,
    met: datetime | None,
    *,
    today: date,
    tz: str,
    calendar: WorkCalendar,
) -> Deadline:
    start = local_date(started, tz)
    return Deadline(
        period=period,
        starts_on=start,
        due_on=due_date(period, start, calendar),
        met_on=local_date(met, tz) if met else None,
        today=today,
    )
