"""Build the CP-SAT problem from the roster (grids, officers, their existing shifts, leave), solve it, explain it,
and write the plan as roster shifts (in the caller's transaction, audited through the roster service)."""

from __future__ import annotations

import math
from collections import defaultdict
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from case_api.audit import service as audit_service
from case_api.cases.deadlines import local_date
from case_api.cases.models import Case
from case_api.errors import ValidationFailed
from case_api.roster import service as roster_service
from case_api.roster.models import Grid, Officer, Shift, ShiftCreate
from case_api.scheduling import solver
from case_api.scheduling.models import GapOut, PlannedShift, PlanRequest, PlanResult
from core.settings import Settings

CASES_PER_PATROL = 3  # a patrol handles about this many cases in a slot; more history → more patrols (max 3)


def demand_from_history(
    session: Session, *, grids: list[Grid], problem_start: datetime, settings: Settings, weeks: int = 8
) -> list[solver.Demand]:
    """One patrol per grid and slot, plus one per ``CASES_PER_PATROL`` cases the grid averaged in that weekday and
    slot over the last ``weeks`` weeks (at most three patrols)."""
    since = problem_start - timedelta(weeks=weeks)
    codes = {g.code: g.id or 0 for g in grids}
    tally: dict[tuple[int, int, int], int] = defaultdict(int)
    rows = session.exec(
        select(Case).where(col(Case.discovered_at) >= since, col(Case.discovered_at) < problem_start)
    ).all()
    tz = ZoneInfo(settings.timezone)
    for case in rows:
        if case.grid not in codes:
            continue
        local = case.discovered_at.astimezone(tz)
        slot = 0 if 8 <= local.hour < 16 else 1 if local.hour >= 16 else None
        if slot is not None:
            tally[codes[case.grid], local.weekday(), slot] += 1
    start_weekday = local_date(problem_start, settings.timezone).weekday()
    out = []
    for g in grids:
        for day in range(7):
            for slot in range(len(solver.DEFAULT_SLOTS)):
                avg = tally[g.id or 0, (start_weekday + day) % 7, slot] / weeks
                patrols = min(3, 1 + math.floor(avg / CASES_PER_PATROL))
                out.append(solver.Demand(g.id or 0, day, slot, 2 * patrols))
    return out


def build_problem(
    session: Session, *, req: PlanRequest, settings: Settings
) -> tuple[solver.Problem, dict[int, Grid], dict[int, Officer]]:
    grids = [g for g in roster_service.list_grids(session) if not req.grid_ids or g.id in req.grid_ids]
    if not grids:
        raise ValidationFailed("没有可排班的网格。", code="no_grids")
    officers = [o for o in roster_service.list_officers(session) if o.available]
    if not officers:
        raise ValidationFailed("没有可排班的队员。", code="no_officers")
    tz = ZoneInfo(settings.timezone)
    start = datetime.combine(req.week_start, time(0), tz)
    skeleton = solver.Problem(week_start=req.week_start, grids=(), officers=(), demand=(),
                              min_rest_hours=req.min_rest_hours, timezone=settings.timezone)  # fmt: skip
    keys = [(d, s) for d in range(7) for s in range(len(skeleton.slots))]
    busy: dict[int, set[tuple[int, int]]] = defaultdict(set)
    existing = session.exec(
        select(Shift).where(
            col(Shift.starts_at) < start + timedelta(days=8), col(Shift.ends_at) > start - timedelta(days=1)
        )
    ).all()
    rest = timedelta(hours=req.min_rest_hours)
    worked: dict[int, int] = defaultdict(int)  # hours already rostered this week
    staffed: dict[tuple[int, int, int], int] = defaultdict(int)  # officers already in a grid's slot
    for shift in existing:  # an existing shift makes overlapping or too-close slots unavailable
        if start <= shift.starts_at < start + timedelta(days=7):
            worked[shift.officer_id] += round((shift.ends_at - shift.starts_at).total_seconds() / 3600)
        for d, s in keys:
            a, b = skeleton.slot_start(d, s), skeleton.slot_end(d, s)
            if a < shift.ends_at + rest and shift.starts_at < b + rest:
                busy[shift.officer_id].add((d, s))
            if (a, b) == (shift.starts_at, shift.ends_at):
                staffed[shift.grid_id, d, s] += 1
    for leave in req.leave:
        slots = [leave.slot] if leave.slot is not None else range(len(skeleton.slots))
        busy[leave.officer_id].update((leave.day, s) for s in slots)
    specs = tuple(
        solver.OfficerSpec(
            officer_id=o.id or 0, name=o.name, skills=frozenset(req.skills.get(o.id or 0, [])),
            max_hours=max(0, req.max_hours - worked[o.id or 0]), unavailable=frozenset(busy.get(o.id or 0, set())),
        )
        for o in officers
    )  # fmt: skip
    grid_ids = {g.id for g in grids}
    if req.demand is not None:
        unknown = sorted({d.grid_id for d in req.demand} - grid_ids)
        if unknown:
            raise ValidationFailed(
                f"需求中的网格 {unknown} 不存在或不在本次排班范围内。", code="unknown_grid"
            )
        demand = [solver.Demand(d.grid_id, d.day, d.slot, d.officers - d.officers % 2, dict(d.skills))
                  for d in req.demand if d.slot < len(skeleton.slots)]  # fmt: skip
    else:
        demand = demand_from_history(session, grids=grids, problem_start=start, settings=settings)
    demand = [  # what the roster already covers is not demanded again
        solver.Demand(
            d.grid_id, d.day, d.slot, max(0, d.officers - staffed[d.grid_id, d.day, d.slot]), d.skills
        )
        for d in demand
    ]
    problem = solver.Problem(
        week_start=req.week_start, grids=tuple(g.id or 0 for g in grids), officers=specs, demand=tuple(demand),
        min_rest_hours=req.min_rest_hours, timezone=settings.timezone,
    )  # fmt: skip
    return problem, {g.id or 0: g for g in grids}, {o.id or 0: o for o in officers}


def plan(session: Session, *, req: PlanRequest, settings: Settings, actor_id: int | None) -> PlanResult:
    problem, grids, officers = build_problem(session, req=req, settings=settings)
    sol = solver.solve(problem, seconds=req.seconds, workers=2)
    if sol.status not in {"OPTIMAL", "FEASIBLE"}:
        raise ValidationFailed(
            f"排班求解未得到可行方案（{sol.status}），请放宽规则或延长求解时间。", code="no_schedule"
        )
    slots = problem.slots
    shifts = [
        PlannedShift(
            officer_id=a.officer_id, officer_name=officers[a.officer_id].name, grid_id=a.grid_id,
            grid_name=grids[a.grid_id].name, day=a.day, slot=slots[a.slot].name,
            starts_at=problem.slot_start(a.day, a.slot).isoformat(), ends_at=problem.slot_end(a.day, a.slot).isoformat(),
        )
        for a in sorted(sol.assignments, key=lambda a: (a.day, a.slot, a.grid_id, a.officer_id))
    ]  # fmt: skip
    gaps = [
        GapOut(grid_id=g.grid_id, grid_name=grids[g.grid_id].name, day=g.day, slot=slots[g.slot].name,
               demanded=g.demanded, assigned=g.assigned, reason=g.reason)
        for g in sol.gaps
    ]  # fmt: skip
    written = 0
    if req.write:
        for a in sol.assignments:
            roster_service.create_shift(
                session,
                data=ShiftCreate(officer_id=a.officer_id, grid_id=a.grid_id, starts_at=problem.slot_start(a.day, a.slot),
                                 ends_at=problem.slot_end(a.day, a.slot)),
                actor_id=actor_id,
            )  # fmt: skip
            written += 1
        audit_service.append(
            session, actor_id=actor_id, action="scheduling.planned", entity="schedule",
            entity_id=req.week_start.isoformat(),
            payload={"status": sol.status, "demanded": sol.demanded, "covered": sol.covered, "shifts": written,
                     "gaps": len(gaps)},
        )  # fmt: skip
    counts = sorted(sol.shifts_per_officer.values())
    explanation = (
        f"需求 {sol.demanded} 人次，已安排 {sol.covered} 人次（覆盖率 {sol.coverage:.0%}）；"
        f"每名队员 {counts[0]}–{counts[-1]} 个班次；"
        + (f"{len(gaps)} 个时段未排满，原因见 gaps。" if gaps else "全部需求已覆盖。")
        + f"求解 {sol.seconds:.1f} 秒（{sol.status}）。"
    )
    return PlanResult(
        status=sol.status, seconds=round(sol.seconds, 2), demanded=sol.demanded, covered=sol.covered,
        coverage=round(sol.coverage, 4), shifts=shifts, gaps=gaps, shifts_per_officer=sol.shifts_per_officer,
        written=written, explanation=explanation,
    )  # fmt: skip
