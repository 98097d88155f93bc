"""Aggregations, computed in Python over the selected cases (same results on SQLite and PostgreSQL)."""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from case_api.cases.models import STATE_LABELS, Case, CaseState, PenaltyKind
from case_api.stats.models import Count, Duration, StatsSummary

UNKNOWN = "（未填写）"


def _counts(values: Iterable[str]) -> list[Count]:
    return [Count(key=k, count=n) for k, n in sorted(Counter(values).items(), key=lambda kv: (-kv[1], kv[0]))]


def _duration(label: str, spans: list[float]) -> Duration:
    if not spans:
        return Duration(label=label, cases=0, mean_days=None, median_days=None, max_days=None)
    return Duration(
        label=label, cases=len(spans), mean_days=round(statistics.fmean(spans), 2),
        median_days=round(statistics.median(spans), 2), max_days=round(max(spans), 2),
    )  # fmt: skip


def _days(start: datetime | None, end: datetime | None) -> float | None:
    if start is None or end is None:
        return None
    return (end - start).total_seconds() / 86400


def aggregate(cases: list[Case], *, tz: str, date_from: date | None, date_to: date | None) -> StatsSummary:
    zone = ZoneInfo(tz)

    def spans(a: str, b: str) -> list[float]:
        out = [_days(getattr(c, a), getattr(c, b)) for c in cases]
        return [d for d in out if d is not None]

    return StatsSummary(
        date_from=date_from,
        date_to=date_to,
        total=len(cases),
        by_status=_counts(STATE_LABELS[CaseState(c.state)] for c in cases),
        by_offence=_counts(c.offence_name or UNKNOWN for c in cases),
        by_grid=_counts(c.grid or UNKNOWN for c in cases),
        by_day=sorted(
            _counts(c.created_at.astimezone(zone).date().isoformat() for c in cases), key=lambda x: x.key
        ),
        by_procedure=_counts(str(c.procedure) for c in cases),
        handling=[
            _duration("登记→结案", spans("created_at", "closed_at")),
            _duration("立案→决定", spans("filed_at", "decided_at")),
            _duration("决定→送达", spans("decided_at", "served_at")),
            _duration("送达→缴款", spans("served_at", "paid_at")),
        ],
        fines_decided_fen=sum(
            c.fine_fen for c in cases if c.decided_at and c.penalty_kind == PenaltyKind.fine
        ),
        fines_paid_fen=sum(c.paid_fen or 0 for c in cases),
    )


def summary(
    session: Session, *, tz: str, date_from: date | None = None, date_to: date | None = None
) -> StatsSummary:
    zone = ZoneInfo(tz)
    stmt = select(Case)
    if date_from is not None:
        stmt = stmt.where(col(Case.created_at) >= datetime.combine(date_from, time(), zone).astimezone(UTC))
    if date_to is not None:
        end = datetime.combine(date_to + timedelta(days=1), time(), zone).astimezone(UTC)
        stmt = stmt.where(col(Case.created_at) < end)
    return aggregate(list(session.exec(stmt)), tz=tz, date_from=date_from, date_to=date_to)
