"""第六十七条 (15 days) and 第七十二条 (3% a day, capped at the fine) at their boundaries."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from case_api.payments import latefee

SERVED = date(2025, 3, 1)


@pytest.mark.parametrize(
    ("day", "late_days", "fee"),
    [
        (0, 0, 0),  # paid the day of service
        (15, 0, 0),  # last day of the fifteen
        (16, 1, 600),  # day 16: first 3%
        (17, 2, 1200),
        (48, 33, 19800),  # 33 × 3% = 99%
        (49, 34, 20000),  # 102% → capped at the fine
        (400, 385, 20000),
    ],
)
def test_late_fee_boundaries_for_a_200_yuan_fine(day: int, late_days: int, fee: int) -> None:
    due = latefee.amount_due(20000, SERVED, SERVED + timedelta(days=day))
    assert (due.late_days, due.late_fee_fen, due.total_fen) == (late_days, fee, 20000 + fee)


def test_due_date_and_payment_before_service() -> None:
    assert latefee.due_date(SERVED) == date(2025, 3, 16)
    assert latefee.amount_due(5000, SERVED, SERVED - timedelta(days=3)).late_fee_fen == 0


def test_rounds_down_to_the_fen_and_never_exceeds_the_fine() -> None:
    assert latefee.late_fee_fen(3333, 1) == 99  # 99.99 fen → 99
    for fine in (1, 99, 3333, 20000, 500000):
        for days in range(0, 60):
            assert 0 <= latefee.late_fee_fen(fine, days) <= fine


def test_negative_inputs_are_refused() -> None:
    with pytest.raises(ValueError):
        latefee.late_fee_fen(-1, 1)


def test_yuan_rendering() -> None:
    assert latefee.yuan(20050) == "200.50" and latefee.yuan(7) == "0.07"
