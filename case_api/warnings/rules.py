"""The warning rule, as pure functions.

For each grid × offence, count the cases discovered in each ISO week (Monday–Sunday, local time). The baseline
λ is the mean weekly count over the ``history_weeks`` weeks before the week under test (weeks with no case
count as 0; λ is floored at ``min_rate`` so a quiet grid is not alarmed by one case). The week warns when

    count ≥ min_count  and  P(X ≥ count | X ~ Poisson(λ)) < alpha

i.e. when so many cases would happen by chance less than once in 1/alpha weeks at the grid's usual rate.
Defaults: 8 weeks of history, alpha 0.01, min_count 3, min_rate 0.5. The warning carries the figures (count,
λ, the threshold count and the tail probability) so a commander can see why.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class Params:
    history_weeks: int = 8
    alpha: float = 0.01
    min_count: int = 3
    min_rate: float = 0.5


@dataclass(frozen=True)
class Spike:
    grid: str
    offence: str
    week_start: date
    count: int
    baseline: float  # λ, mean weekly count over the history
    threshold: int  # the smallest count that would warn at this λ
    p_value: float
    history: tuple[int, ...]  # weekly counts, oldest first


def week_start(d: date) -> date:
    return d - timedelta(days=d.weekday())


def poisson_tail(k: int, lam: float) -> float:
    """P(X ≥ k) for X ~ Poisson(lam)."""
    if k <= 0:
        return 1.0
    term = math.exp(-lam)
    below = term
    for i in range(1, k):
        term *= lam / i
        below += term
    return max(0.0, 1.0 - below)


def threshold(lam: float, params: Params) -> int:
    k = params.min_count
    while poisson_tail(k, lam) >= params.alpha:
        k += 1
    return k


def spikes(events: Iterable[tuple[str, str, date]], week: date, params: Params = Params()) -> list[Spike]:
    """``events`` are (grid, offence, local day) of each case; ``week`` any day of the week under test."""
    start = week_start(week)
    first = start - timedelta(weeks=params.history_weeks)
    counts: Counter[tuple[str, str, date]] = Counter()
    for grid, offence, day in events:
        if first <= day < start + timedelta(days=7):
            counts[(grid, offence, week_start(day))] += 1
    out = []
    for grid, offence in sorted({(g, o) for g, o, _ in counts}):
        current = counts[(grid, offence, start)]
        history = tuple(
            counts[(grid, offence, start - timedelta(weeks=n))] for n in range(params.history_weeks, 0, -1)
        )
        lam = max(params.min_rate, sum(history) / params.history_weeks)
        limit = threshold(lam, params)
        if current >= limit:
            out.append(Spike(grid, offence, start, current, round(lam, 3), limit,
                             poisson_tail(current, lam), history))  # fmt: skip
    return out
