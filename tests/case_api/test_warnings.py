"""预警: the Poisson rule on planted spikes and steady counts; stored once, delivered to subscribers; repeat
offenders within a year."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from case_api.users.models import User
from case_api.warnings import rules
from tests.case_api import factories

WEEK = date(2026, 3, 2)  # a Monday


def events(
    per_week: list[int], grid: str = "WZ-01", offence: str = "占道经营"
) -> list[tuple[str, str, date]]:
    """``per_week`` counts, oldest first, the last one being the week under test."""
    out = []
    for i, n in enumerate(reversed(per_week)):
        day = WEEK - timedelta(weeks=i) + timedelta(days=2)
        out += [(grid, offence, day)] * n
    return out


def test_steady_counts_give_no_warning() -> None:
    assert rules.spikes(events([2, 3, 2, 1, 2, 3, 2, 2, 3]), WEEK) == []
    assert rules.spikes(events([0] * 8 + [2]), WEEK) == []  # a quiet grid: two cases are not a spike


def test_planted_spike_gives_a_warning_with_the_figures() -> None:
    found = rules.spikes(events([2, 3, 2, 1, 2, 3, 2, 2, 9]) + events([1] * 9, grid="WZ-02"), WEEK)
    assert len(found) == 1
    s = found[0]
    assert (s.grid, s.offence, s.week_start, s.count) == ("WZ-01", "占道经营", WEEK, 9)
    assert s.baseline == pytest.approx(17 / 8, abs=1e-3) and s.history == (2, 3, 2, 1, 2, 3, 2, 2)
    assert s.threshold == 7 and s.p_value < 0.01
    assert (
        rules.poisson_tail(s.threshold - 1, s.baseline) >= 0.01
    )  # the threshold is the smallest warning count


def test_poisson_tail() -> None:
    assert rules.poisson_tail(0, 3.0) == 1.0
    assert rules.poisson_tail(1, 2.0) == pytest.approx(1 - 2.718281828**-2)


Headers = Callable[[User], dict[str, str]]


def test_evaluate_stores_once_and_delivers_to_subscribers(
    client: TestClient, session: Session, users: dict[str, User], auth_headers: Headers
) -> None:
    officer = users["officer"]
    base = factories.T0  # Monday 2026-03-02 10:00 Chongqing
    for weeks_ago in range(1, 9):
        factories.case(session, officer, grid="WZ-01", discovered_at=base - timedelta(weeks=weeks_ago))
    for hour in range(6):
        factories.case(session, officer, grid="WZ-01", discovered_at=base + timedelta(hours=hour))
    repeat_party = factories.party(session, name="王五")
    for days in (30, 0):
        factories.case(session, officer, grid="WZ-02", discovered_at=base - timedelta(days=days),
                       party_obj=repeat_party, location="万州区牌楼路1号")  # fmt: skip
    session.commit()
    commander, legal = auth_headers(users["commander"]), auth_headers(users["legal"])
    assert (
        client.post("/api/warnings/subscriptions", json={"grid": "WZ-01"}, headers=commander).status_code
        == 201
    )
    assert (
        client.post("/api/warnings/subscriptions", json={"grid": "WZ-02"}, headers=legal).status_code == 201
    )
    assert (
        client.post("/api/warnings/evaluate", params={"week": "2026-03-04"}, headers=legal).status_code == 403
    )

    first = client.post("/api/warnings/evaluate", params={"week": "2026-03-04"}, headers=commander).json()
    assert [(w["grid"], w["count"], w["threshold"]) for w in first["created"]] == [("WZ-01", 6, 5)]
    assert "WZ-01" in first["created"][0]["message"] and first["created"][0]["history"] == [1] * 8
    again = client.post("/api/warnings/evaluate", params={"week": "2026-03-04"}, headers=commander).json()
    assert (again["created"], again["already"]) == ([], 1)
    assert [w["grid"] for w in client.get("/api/warnings", headers=commander).json()] == ["WZ-01"]
    assert client.get("/api/warnings", headers=legal).json() == []
    quiet = client.post("/api/warnings/evaluate", params={"week": "2026-02-23"}, headers=commander).json()
    assert quiet["created"] == []

    repeat = client.get("/api/warnings/repeat-offenders", params={"days": 3650}, headers=commander).json()
    found = {(r["kind"], r["label"]): len(r["cases"]) for r in repeat}
    assert set(found) == {("party", "王*"), ("address", "万州区牌楼路1号"), ("address", "万州区高笋塘")}
    assert found[("party", "王*")] == 2 and found[("address", "万州区牌楼路1号")] == 2
    assert found[("address", "万州区高笋塘")] == 14
    assert client.get("/api/warnings/repeat-offenders", headers=legal).status_code == 403
