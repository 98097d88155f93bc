"""智能排班: every hard rule holds in the CP-SAT solution (checked rule by rule), the checker catches a broken plan,
shifts are spread fairly, and the plan is written into the roster without overlapping existing shifts."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import date

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from case_api.demo import data
from case_api.roster import service as roster_service
from case_api.roster.models import GridCreate, OfficerCreate, Shift
from case_api.scheduling.solver import Assignment, Demand, OfficerSpec, Problem, Solution, solve, violations
from case_api.users.models import User

WEEK = date(2026, 12, 7)  # a Monday


def small_problem() -> Problem:
    officers = [OfficerSpec(i, f"队员{i}", max_hours=32) for i in range(1, 21)]
    officers[0] = OfficerSpec(1, "法制员甲", skills=frozenset({"legal"}), max_hours=32)
    officers[1] = OfficerSpec(2, "法制员乙", skills=frozenset({"legal"}), max_hours=32)
    officers[2] = OfficerSpec(
        3, "请假", max_hours=32, unavailable=frozenset((d, s) for d in (0, 1, 2) for s in (0, 1))
    )
    demand = []
    for d in range(7):
        demand.append(Demand(1, d, 0, 4, {"legal": 1}))
        demand.append(Demand(1, d, 1, 2))
        demand.append(Demand(2, d, 0, 3))  # odd demand: at most one pair
        demand.append(Demand(2, d, 1, 2))
    return Problem(week_start=WEEK, grids=(1, 2), officers=tuple(officers), demand=tuple(demand))


def test_every_hard_rule_holds() -> None:
    p = small_problem()
    sol = solve(p, seconds=20)
    assert sol.status in {"OPTIMAL", "FEASIBLE"}
    assert violations(p, sol) == []
    by_cell = Counter((a.grid_id, a.day, a.slot) for a in sol.assignments)
    assert all(n % 2 == 0 for n in by_cell.values())  # two officers per patrol
    assert all(by_cell[(2, d, 0)] <= 2 for d in range(7))  # never more than the demand
    assert not [a for a in sol.assignments if a.officer_id == 3 and a.day in (0, 1, 2)]  # leave
    for d in range(7):
        if by_cell[(1, d, 0)]:
            on = {a.officer_id for a in sol.assignments if (a.grid_id, a.day, a.slot) == (1, d, 0)}
            assert on & {1, 2}  # a 法制员 on every staffed day patrol of grid 1
    per_officer = Counter(a.officer_id for a in sol.assignments)
    assert max(per_officer.values()) * 8 <= 32  # hours
    days = Counter((a.officer_id, a.day) for a in sol.assignments)
    assert max(days.values()) == 1  # one slot a day, so an evening is never followed by a morning within 12 h
    assert (sol.covered, sol.demanded) == (7 * (4 + 2 + 2 + 2), 7 * (4 + 2 + 3 + 2))
    assert {(g.grid_id, g.slot, g.assigned) for g in sol.gaps} == {(2, 0, 2)}  # the odd third officer only


def test_fair_spread_and_explained_gaps() -> None:
    p = small_problem()
    sol = solve(p, seconds=20)
    available = [n for o, n in sol.shifts_per_officer.items() if o != 3]
    assert max(available) - min(available) <= 1
    tight = Problem(week_start=WEEK, grids=(1,), officers=(OfficerSpec(1), OfficerSpec(2)),
                    demand=(Demand(1, 0, 0, 4),))  # fmt: skip
    short = solve(tight, seconds=5)
    assert (short.covered, short.demanded) == (2, 4) and short.gaps[0].reason


def test_the_checker_catches_each_broken_rule() -> None:
    p = small_problem()
    bad = Solution(
        "FEASIBLE",
        (
            Assignment(3, 2, 0, 0),  # on leave, and alone (odd) in the cell
            Assignment(4, 1, 0, 1), Assignment(4, 2, 1, 0),  # evening then next morning: rest < 12 h
            Assignment(5, 1, 2, 0), Assignment(6, 1, 2, 0),  # grid 1 day patrol without a 法制员
        ),
        0, 0, (), {}, 0.0,
    )  # fmt: skip
    found = " ".join(violations(p, bad))
    for rule in ("availability", "rest", "pairs", "skill legal"):
        assert rule in found, found


Headers = Callable[[User], dict[str, str]]


def test_plan_writes_shifts_into_the_roster(
    client: TestClient, session: Session, users: dict[str, User], auth_headers: Headers
) -> None:
    grid_ids = []
    for g in data.GRIDS[:2]:
        grid = roster_service.create_grid(session, data=GridCreate(name=g.name, code=g.code, boundary=g.geojson()),
                                          actor_id=None)  # fmt: skip
        grid_ids.append(grid.id)
    for i in range(8):
        roster_service.create_officer(
            session, data=OfficerCreate(name=f"队员{i}", badge_no=f"B{i}"), actor_id=None
        )
    session.commit()
    commander = auth_headers(users["commander"])
    body = {"week_start": WEEK.isoformat(), "seconds": 10, "write": True,
            "leave": [{"officer_id": 1, "day": 0}]}  # fmt: skip  # demand from history: one patrol per grid-slot
    assert (
        client.post("/api/scheduling/plan", json=body, headers=auth_headers(users["officer"])).status_code
        == 403
    )
    resp = client.post("/api/scheduling/plan", json=body, headers=commander)
    assert resp.status_code == 200, resp.text
    result = resp.json()
    assert (
        result["demanded"] == 2 * 7 * 2 * 2
        and result["written"] == len(result["shifts"]) == result["covered"]
    )
    assert "覆盖率" in result["explanation"]
    stored = session.exec(select(Shift)).all()
    assert len(stored) == result["written"]
    assert not [s for s in result["shifts"] if s["officer_id"] == 1 and s["day"] == 0]
    again = client.post(
        "/api/scheduling/plan", json=body, headers=commander
    ).json()  # the roster covers it now
    assert (again["demanded"], again["written"]) == (result["demanded"] - result["covered"], 0)
    assert {g["reason"] for g in again["gaps"]} <= {
        "空闲队员的周工时已满",
        "该时段没有空闲队员（均已排班或请假）",
    }
    unknown = client.post("/api/scheduling/plan", headers=commander,
                          json={"week_start": WEEK.isoformat(), "demand": [{"grid_id": 999, "day": 0, "slot": 0,
                                                                             "officers": 2}]})  # fmt: skip
    assert unknown.status_code == 422


def test_a_week_outside_the_calendar_is_a_422_not_a_500() -> None:
    """Found by the whole-app fuzz: a week near date.max overflowed the solver's calendar (OverflowError → 500)."""
    import pytest
    from pydantic import ValidationError

    from case_api.scheduling.models import PlanRequest

    for week in ("9999-12-27", "0001-01-01"):
        with pytest.raises(ValidationError, match="2000—2099"):
            PlanRequest.model_validate({"week_start": week})
    assert PlanRequest.model_validate({"week_start": "2026-11-30"}).week_start.isoformat() == "2026-11-30"
