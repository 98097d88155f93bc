"""The scheduling model as data and one CP-SAT solve (no database).

Variables: ``x[o, g, d, s]`` = officer o patrols grid g on day d in slot s.

Hard rules (each is checked by :func:`violations`, which the tests run on every solution):

1. one place at a time — an officer works at most one grid per slot, and at most ``max_shifts_per_day`` slots a day;
2. availability — nobody works a slot they are on leave or unavailable;
3. hours — each officer's slot hours in the week stay within their ``max_hours``;
4. rest — two slots of one officer are at least ``min_rest_hours`` apart (end of one to start of the next);
5. two officers per patrol — a grid-slot is staffed by an even number of officers, never more than its demand;
6. skills — a grid-slot that asks for a skill (e.g. ``legal`` 法制员) and is staffed has that many skilled officers.

Objective (lexicographic by weights): cover as much demand as possible, then spread shifts evenly across officers
(minimise the gap between the busiest and the least busy available officer), then prefer fewer changes of grid.
Whatever demand stays uncovered is reported with the reason the model can see (nobody free, hours, leave).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from itertools import pairwise
from typing import Any
from zoneinfo import ZoneInfo

from ortools.sat.python import cp_model


@dataclass(frozen=True)
class Slot:
    name: str
    start: time
    hours: int


DEFAULT_SLOTS = (Slot("早班", time(8), 8), Slot("晚班", time(16), 8))


@dataclass(frozen=True)
class Demand:
    grid_id: int
    day: int  # 0 = week start
    slot: int  # index into slots
    officers: int  # required officers (patrols × 2)
    skills: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class OfficerSpec:
    officer_id: int
    name: str = ""
    skills: frozenset[str] = frozenset()
    max_hours: int = 40
    unavailable: frozenset[tuple[int, int]] = frozenset()  # (day, slot)


@dataclass(frozen=True)
class Problem:
    week_start: date
    grids: tuple[int, ...]
    officers: tuple[OfficerSpec, ...]
    demand: tuple[Demand, ...]
    slots: tuple[Slot, ...] = DEFAULT_SLOTS
    days: int = 7
    min_rest_hours: int = 12
    max_shifts_per_day: int = 1
    timezone: str = "Asia/Shanghai"

    def slot_start(self, day: int, slot: int) -> datetime:
        d = self.week_start + timedelta(days=day)
        return datetime.combine(d, self.slots[slot].start, ZoneInfo(self.timezone))

    def slot_end(self, day: int, slot: int) -> datetime:
        return self.slot_start(day, slot) + timedelta(hours=self.slots[slot].hours)


@dataclass(frozen=True)
class Assignment:
    officer_id: int
    grid_id: int
    day: int
    slot: int


@dataclass(frozen=True)
class Gap:
    grid_id: int
    day: int
    slot: int
    demanded: int
    assigned: int
    reason: str


@dataclass(frozen=True)
class Solution:
    status: str  # OPTIMAL | FEASIBLE | INFEASIBLE | UNKNOWN
    assignments: tuple[Assignment, ...]
    demanded: int
    covered: int
    gaps: tuple[Gap, ...]
    shifts_per_officer: dict[int, int]
    seconds: float

    @property
    def coverage(self) -> float:
        return self.covered / self.demanded if self.demanded else 1.0


def _conflicting_slots(p: Problem) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """Pairs of (day, slot) that one officer may not both work: overlapping or with too little rest."""
    keys = [(d, s) for d in range(p.days) for s in range(len(p.slots))]
    rest = timedelta(hours=p.min_rest_hours)
    out = []
    for i, a in enumerate(keys):
        for b in keys[i + 1 :]:
            first, second = sorted((a, b), key=lambda k: p.slot_start(*k))
            gap = p.slot_start(*second) - p.slot_end(*first)
            if gap < rest:
                out.append((a, b))
    return out


def capacity(p: Problem) -> int:
    """Officer-slots the force can give at most: each officer's hours and free days, whichever binds first."""
    shortest = min(s.hours for s in p.slots)
    total = 0
    for o in p.officers:
        free_days = sum(
            1 for d in range(p.days) if any((d, s) not in o.unavailable for s in range(len(p.slots)))
        )
        total += min(o.max_hours // shortest, free_days * p.max_shifts_per_day)
    return total


def solve(p: Problem, *, seconds: float = 25.0, workers: int = 2) -> Solution:
    m = cp_model.CpModel()
    demand = {(d.grid_id, d.day, d.slot): d for d in p.demand if d.officers > 0}
    x: dict[tuple[int, int, int, int], cp_model.IntVar] = {}
    for o in p.officers:
        for g, d, s in demand:
            if (d, s) not in o.unavailable:
                x[o.officer_id, g, d, s] = m.new_bool_var(f"x{o.officer_id}_{g}_{d}_{s}")
    by_officer_slot: dict[tuple[int, int, int], list[cp_model.IntVar]] = defaultdict(list)
    by_cell: dict[tuple[int, int, int], list[cp_model.IntVar]] = defaultdict(list)
    for (oid, g, d, s), var in x.items():
        by_officer_slot[oid, d, s].append(var)
        by_cell[g, d, s].append(var)
    busy: dict[tuple[int, int, int], cp_model.IntVar] = {}
    for o in p.officers:
        for d in range(p.days):
            day_vars = []
            for s in range(len(p.slots)):
                vars_ = by_officer_slot.get((o.officer_id, d, s), [])
                if not vars_:
                    continue
                b = m.new_bool_var(f"busy{o.officer_id}_{d}_{s}")
                m.add(sum(vars_) == b)  # rule 1: one grid per slot
                busy[o.officer_id, d, s] = b
                day_vars.append(b)
            if day_vars:
                m.add(sum(day_vars) <= p.max_shifts_per_day)
    for first, second in _conflicting_slots(p):  # rule 4: rest
        for o in p.officers:
            va, vb = busy.get((o.officer_id, *first)), busy.get((o.officer_id, *second))
            if va is not None and vb is not None:
                m.add(va + vb <= 1)
    counts: dict[int, Any] = {}
    for o in p.officers:  # rule 3: hours
        mine = [(b, p.slots[s].hours) for (oid, _d, s), b in busy.items() if oid == o.officer_id]
        m.add(sum(h * b for b, h in mine) <= o.max_hours)
        counts[o.officer_id] = sum(b for b, _ in mine)
    skilled = {o.officer_id: o.skills for o in p.officers}
    covered_terms = []
    for (g, d, s), need in demand.items():  # rule 5: pairs; rule 6: skills
        vars_ = by_cell.get((g, d, s), [])
        pairs = m.new_int_var(0, need.officers // 2, f"pairs{g}_{d}_{s}")
        m.add(sum(vars_) == 2 * pairs)
        covered_terms.append(2 * pairs)
        staffed = m.new_bool_var(f"staffed{g}_{d}_{s}")
        m.add(pairs >= 1).only_enforce_if(staffed)
        m.add(pairs == 0).only_enforce_if(staffed.Not())
        for skill, k in need.skills.items():
            with_skill = [
                v for (o, gg, dd, ss), v in x.items() if (gg, dd, ss) == (g, d, s) and skill in skilled[o]
            ]
            m.add(sum(with_skill) >= k).only_enforce_if(staffed)
    available = [o.officer_id for o in p.officers if len(o.unavailable) < p.days * len(p.slots)]
    spread = m.new_int_var(0, p.days * len(p.slots), "spread")
    if available:
        hi = m.new_int_var(0, p.days * len(p.slots), "hi")
        lo = m.new_int_var(0, p.days * len(p.slots), "lo")
        m.add_max_equality(hi, [counts[o] for o in available])
        m.add_min_equality(lo, [counts[o] for o in available])
        m.add(spread == hi - lo)
    total = sum(covered_terms)
    m.add(total <= capacity(p))  # an explicit bound lets the solver prove optimality once it reaches it
    m.maximize(1000 * total - 10 * spread)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = seconds
    solver.parameters.num_workers = workers
    status = solver.solve(m)
    name = solver.status_name(status)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return Solution(name, (), sum(d.officers for d in demand.values()), 0, (), {}, solver.wall_time)
    chosen = tuple(Assignment(o, g, d, s) for (o, g, d, s), v in x.items() if solver.value(v))
    return _explain(p, name, chosen, solver.wall_time)


def _explain(p: Problem, status: str, chosen: tuple[Assignment, ...], seconds: float) -> Solution:
    per_cell: dict[tuple[int, int, int], int] = defaultdict(int)
    per_officer: dict[int, int] = {o.officer_id: 0 for o in p.officers}
    working: set[tuple[int, int, int]] = set()
    for a in chosen:
        per_cell[a.grid_id, a.day, a.slot] += 1
        per_officer[a.officer_id] += 1
        working.add((a.officer_id, a.day, a.slot))
    worked: dict[int, int] = defaultdict(int)
    for a in chosen:
        worked[a.officer_id] += p.slots[a.slot].hours

    def hours_of(officer_id: int) -> int:
        return worked[officer_id]

    gaps = []
    demanded = covered = 0
    for need in p.demand:
        got = per_cell.get((need.grid_id, need.day, need.slot), 0)
        demanded += need.officers
        covered += min(got, need.officers)
        if got < need.officers:
            free = [o for o in p.officers if (need.day, need.slot) not in o.unavailable
                    and (o.officer_id, need.day, need.slot) not in working]  # fmt: skip
            if not free:
                reason = "该时段没有空闲队员（均已排班或请假）"
            elif all(hours_of(o.officer_id) + p.slots[need.slot].hours > o.max_hours for o in free):
                reason = "空闲队员的周工时已满"
            elif need.skills and not any(set(need.skills) & o.skills for o in free):
                reason = f"缺少具备{'、'.join(need.skills)}技能的空闲队员"
            else:
                reason = "受休息间隔、每日班次或两人一组的限制"
            gaps.append(Gap(need.grid_id, need.day, need.slot, need.officers, got, reason))
    return Solution(status, chosen, demanded, covered, tuple(gaps), per_officer, seconds)


def violations(p: Problem, sol: Solution) -> list[str]:
    """Every hard rule checked on a solution; an empty list means all hold."""
    out: list[str] = []
    specs = {o.officer_id: o for o in p.officers}
    demand = {(d.grid_id, d.day, d.slot): d for d in p.demand}
    per_slot: dict[tuple[int, int, int], int] = defaultdict(int)
    per_day: dict[tuple[int, int], int] = defaultdict(int)
    hours: dict[int, int] = defaultdict(int)
    cell: dict[tuple[int, int, int], list[int]] = defaultdict(list)
    for a in sol.assignments:
        per_slot[a.officer_id, a.day, a.slot] += 1
        per_day[a.officer_id, a.day] += 1
        hours[a.officer_id] += p.slots[a.slot].hours
        cell[a.grid_id, a.day, a.slot].append(a.officer_id)
        if (a.day, a.slot) in specs[a.officer_id].unavailable:
            out.append(f"availability: {a}")
    out += [f"one place: {k}" for k, n in per_slot.items() if n > 1]
    out += [f"shifts per day: {k}" for k, n in per_day.items() if n > p.max_shifts_per_day]
    out += [f"hours: {o} {h}" for o, h in hours.items() if h > specs[o].max_hours]
    mine: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for o, d, s in per_slot:
        mine[o].append((d, s))
    rest = timedelta(hours=p.min_rest_hours)
    for o, keys in mine.items():
        spans = sorted((p.slot_start(d, s), p.slot_end(d, s)) for d, s in keys)
        out += [f"rest: {o} {a[1]}→{b[0]}" for a, b in pairwise(spans) if b[0] - a[1] < rest]
    for key, officers in cell.items():
        need = demand.get(key)
        if need is None or len(officers) > need.officers:
            out.append(f"over demand: {key}")
        if len(officers) % 2:
            out.append(f"pairs: {key} {len(officers)}")
        for skill, k in (need.skills if need else {}).items():
            if sum(skill in specs[o].skills for o in officers) < k:
                out.append(f"skill {skill}: {key}")
    return out
