"""Stats response models (no tables)."""

from __future__ import annotations

from datetime import date

from sqlmodel import SQLModel


class Count(SQLModel):
    key: str
    count: int


class Duration(SQLModel):
    label: str
    cases: int
    mean_days: float | None
    median_days: float | None
    max_days: float | None


class StatsSummary(SQLModel):
    date_from: date | None
    date_to: date | None
    total: int
    by_status: list[Count]
    by_offence: list[Count]
    by_grid: list[Count]
    by_day: list[Count]
    by_procedure: list[Count]
    handling: list[Duration]
    fines_decided_fen: int
    fines_paid_fen: int
