"""智能排班 benchmark: a week for 60 officers and 10 grids (two 8-hour slots a day) solved by CP-SAT on 2 workers.

Demand: busy grids (the first three) want two patrols (4 officers) on the day slot, the rest one patrol (2); every
grid one patrol in the evening; the busy grids' day patrols need a 法制员 (``legal``). Eight officers are 法制员; six
are on leave for two days each. Rules: 40 h a week, 12 h rest, one slot a day, two officers per patrol.

    .venv/bin/python -m bench.schedule [--officers 60] [--grids 10] [--seconds 25]

Prints solve time, status, coverage, the spread of shifts across officers, and the uncovered slots with reasons.
"""

from __future__ import annotations

import argparse
import time
from datetime import date

from case_api.scheduling.solver import Demand, OfficerSpec, Problem, solve, violations


def problem(officers: int, grids: int) -> Problem:
    specs = []
    for i in range(officers):
        leave = (
            frozenset((d, s) for d in ((i % 7), (i % 7 + 1) % 7) for s in (0, 1))
            if i % 10 == 3
            else frozenset()
        )
        skills = frozenset({"legal"}) if i % 8 == 0 else frozenset()
        specs.append(OfficerSpec(officer_id=i + 1, name=f"队员{i + 1:02d}", skills=skills, unavailable=leave))
    demand = []
    for g in range(grids):
        for d in range(7):
            busy = g < 3
            demand.append(Demand(g + 1, d, 0, 4 if busy else 2, {"legal": 1} if busy else {}))
            demand.append(Demand(g + 1, d, 1, 2))
    return Problem(week_start=date(2026, 12, 7), grids=tuple(range(1, grids + 1)), officers=tuple(specs),
                   demand=tuple(demand))  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--officers", type=int, default=60)
    ap.add_argument("--grids", type=int, default=10)
    ap.add_argument("--seconds", type=float, default=25.0)
    args = ap.parse_args()
    p = problem(args.officers, args.grids)
    t0 = time.perf_counter()
    sol = solve(p, seconds=args.seconds, workers=2)
    wall = time.perf_counter() - t0
    counts = [n for n in sol.shifts_per_officer.values()]
    print(f"{args.officers} officers × {args.grids} grids × 7 days: {sol.status} in {wall:.1f} s "
          f"(solver {sol.seconds:.1f} s, 2 workers)")  # fmt: skip
    print(f"coverage {sol.covered}/{sol.demanded} officer-slots = {sol.coverage:.1%}; "
          f"shifts per officer {min(counts)}–{max(counts)}; hard-rule violations: {len(violations(p, sol))}")  # fmt: skip
    for gap in sol.gaps[:10]:
        print(
            f"  uncovered: grid {gap.grid_id} day {gap.day} slot {gap.slot}: {gap.assigned}/{gap.demanded} — {gap.reason}"
        )


if __name__ == "__main__":
    main()
