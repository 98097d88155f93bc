"""Fine arithmetic for 码上付, in integer fen (分).

行政处罚法第六十七条: the party pays within fifteen days of receiving the decision; 第七十二条: after that, 3% of the
fine is added per day, and the added amount never exceeds the fine. Periods count from the day after service (the
day of service is day 0), so days 1–15 are free and day 16 carries the first 3%.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

GRACE_DAYS = 15
DAILY_RATE_PERCENT = 3


@dataclass(frozen=True)
class AmountDue:
    fine_fen: int
    late_days: int
    late_fee_fen: int

    @property
    def total_fen(self) -> int:
        return self.fine_fen + self.late_fee_fen


def due_date(served_on: date) -> date:
    """The last day to pay without a late fee."""
    return served_on + timedelta(days=GRACE_DAYS)


def late_days(served_on: date, paid_on: date) -> int:
    """Days past the fifteen-day period on ``paid_on`` (0 while within it)."""
    return max(0, (paid_on - due_date(served_on)).days)


def late_fee_fen(fine_fen: int, days: int) -> int:
    """3% of the fine per day, rounded down to the fen, never more than the fine (第七十二条第一项)."""
    if fine_fen < 0 or days < 0:
        raise ValueError("fine and days must not be negative")
    return min(fine_fen, fine_fen * DAILY_RATE_PERCENT * days // 100)


def amount_due(fine_fen: int, served_on: date, paid_on: date) -> AmountDue:
    """What the party owes when paying on ``paid_on`` (a local calendar date)."""
    days = late_days(served_on, paid_on)
    return AmountDue(fine_fen=fine_fen, late_days=days, late_fee_fen=late_fee_fen(fine_fen, days))


def yuan(fen: int) -> str:
    """Render fen as a yuan amount, e.g. 20050 → '200.50'."""
    return f"{fen // 100}.{fen % 100:02d}"
