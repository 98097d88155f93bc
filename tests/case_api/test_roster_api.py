"""Roster over HTTP on SQLite and PostgreSQL: grids, shifts, check-in, positions, 脱岗 alerts, on-duty, nearest."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from case_api.sqltypes import utcnow
from case_api.users.models import User

Headers = Callable[[User], dict[str, str]]


def square(lon: float, lat: float, d: float = 0.01) -> dict[str, Any]:
    ring = [[lon, lat], [lon + d, lat], [lon + d, lat + d], [lon, lat + d], [lon, lat]]
    return {"type": "Polygon", "coordinates": [ring]}


INSIDE = {"lat": 30.805, "lon": 108.405}
OUTSIDE = {"lat": 30.79, "lon": 108.39}


@pytest.fixture
def duty(client: TestClient, users: dict[str, User], auth_headers: Headers) -> dict[str, Any]:
    admin = auth_headers(users["admin"])
    grid = client.post(
        "/api/roster/grids",
        headers=admin,
        json={"name": "五桥片区", "code": "WQ01", "boundary": square(108.40, 30.80)},
    ).json()
    client.post(
        "/api/roster/grids",
        headers=admin,
        json={"name": "高笋塘片区", "code": "GST01", "boundary": square(108.42, 30.80)},
    )
    officers = []
    for key in ("officer", "officer2"):
        u = users[key]
        body = {
            "name": u.full_name,
            "badge_no": u.badge_no,
            "phone": u.phone,
            "user_id": u.id,
            "unit": "一中队",
        }
        officers.append(client.post("/api/roster/officers", headers=admin, json=body).json())
    start = utcnow().replace(microsecond=0) - timedelta(hours=1)
    shifts = [
        client.post(
            "/api/roster/shifts",
            headers=admin,
            json={
                "officer_id": o["id"],
                "grid_id": grid["id"],
                "starts_at": start.isoformat(),
                "ends_at": (start + timedelta(hours=8)).isoformat(),
            },
        ).json()
        for o in officers
    ]
    return {"grid": grid, "officers": officers, "shifts": shifts, "start": start, "admin": admin}


def at(base: datetime, minutes: int, where: dict[str, float]) -> dict[str, Any]:
    return {**where, "at": (base + timedelta(minutes=minutes)).isoformat()}


def test_grid_validation_and_duplicates(
    client: TestClient, users: dict[str, User], auth_headers: Headers, duty: dict[str, Any]
) -> None:
    admin = duty["admin"]
    bow_tie = {"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]}
    r = client.post(
        "/api/roster/grids", headers=admin, json={"name": "坏网格", "code": "X", "boundary": bow_tie}
    )
    assert r.status_code == 422
    r = client.post(
        "/api/roster/grids", headers=admin, json={"name": "五桥片区", "code": "WQ9", "boundary": square(1, 1)}
    )
    assert r.status_code == 409 and r.json()["code"] == "duplicate"
    assert client.get("/api/roster/grids", headers=auth_headers(users["citizen"])).status_code == 403
    assert (
        client.post(
            "/api/roster/grids",
            headers=auth_headers(users["officer"]),
            json={"name": "n", "code": "c", "boundary": square(1, 1)},
        ).status_code
        == 403
    )
    shift = duty["shifts"][0]
    assert shift["grid_name"] == "五桥片区" and shift["officer_name"] == users["officer"].full_name
    overlap = {k: shift[k] for k in ("officer_id", "grid_id", "starts_at", "ends_at")}
    assert client.post("/api/roster/shifts", headers=admin, json=overlap).json()["code"] == "shift_overlap"


def test_check_in_records_inside_or_outside(
    client: TestClient, users: dict[str, User], auth_headers: Headers, duty: dict[str, Any]
) -> None:
    me = auth_headers(users["officer"])
    r = client.post("/api/roster/checkins", headers=me, json=at(duty["start"], 2, INSIDE))
    assert r.status_code == 201 and r.json()["inside_grid"] is True and r.json()["late"] is True
    r = client.post(
        "/api/roster/checkins", headers=auth_headers(users["officer2"]), json=at(duty["start"], -5, OUTSIDE)
    )
    assert r.json()["inside_grid"] is False and r.json()["late"] is False
    other = {**INSIDE, "officer_id": duty["officers"][1]["id"]}
    assert client.post("/api/roster/checkins", headers=me, json=other).status_code == 403
    early = at(duty["start"], -120, INSIDE)
    assert client.post("/api/roster/checkins", headers=me, json=early).json()["code"] == "no_shift"


def test_offduty_alert_is_raised_once_and_closed(
    client: TestClient, users: dict[str, User], auth_headers: Headers, duty: dict[str, Any]
) -> None:
    me, base = auth_headers(users["officer"]), duty["start"]
    post = lambda m, where: client.post("/api/roster/positions", headers=me, json=at(base, m, where)).json()  # noqa: E731
    assert post(1, INSIDE)["inside_grid"] is True
    assert post(5, OUTSIDE)["alert_raised"] is False
    assert post(20, OUTSIDE)["alert_raised"] is False  # exactly 15 minutes: not longer than the limit
    assert post(21, OUTSIDE)["alert_raised"] is True
    assert post(21, OUTSIDE)["alert_raised"] is False  # the same report again adds no alert
    staff = auth_headers(users["commander"])
    [alert] = client.get("/api/roster/alerts", headers=staff).json()
    assert alert["open"] and alert["minutes"] == 16 and alert["grid_name"] == "五桥片区"
    assert alert["badge_no"] == users["officer"].badge_no
    post(30, INSIDE)
    [alert] = client.get("/api/roster/alerts", headers=staff).json()
    assert not alert["open"] and alert["minutes"] == 25
    assert client.get("/api/roster/alerts?open_only=true", headers=staff).json() == []


def test_on_duty_by_grid_name_and_nearest(
    client: TestClient, users: dict[str, User], auth_headers: Headers, duty: dict[str, Any]
) -> None:
    staff, base = auth_headers(users["commander"]), duty["start"]
    client.post("/api/roster/positions", headers=auth_headers(users["officer"]), json=at(base, 10, INSIDE))
    client.post(
        "/api/roster/positions",
        headers=auth_headers(users["officer2"]),
        json=at(base, 10, {"lat": 30.809, "lon": 108.409}),
    )
    for name in ("五桥片区", "五桥"):
        rows = client.get("/api/roster/on-duty", headers=staff, params={"grid": name}).json()
        assert sorted(r["name"] for r in rows) == sorted(
            [users["officer"].full_name, users["officer2"].full_name]
        )
        assert all(r["phone_masked"].count("*") == 4 for r in rows)
    assert client.get("/api/roster/on-duty", headers=staff, params={"grid": "高笋塘片区"}).json() == []
    r = client.get("/api/roster/on-duty", headers=staff, params={"grid": "龙宝"})
    assert r.status_code == 404 and "五桥片区" in r.json()["message"]
    near = client.get("/api/roster/nearest", headers=staff, params={"lat": 30.8095, "lon": 108.4095}).json()
    assert [n["name"] for n in near] == [users["officer2"].full_name, users["officer"].full_name]
    assert near[0]["distance_m"] < near[1]["distance_m"]
    client.patch(
        f"/api/roster/officers/{duty['officers'][1]['id']}", headers=duty["admin"], json={"available": False}
    )
    near = client.get("/api/roster/nearest", headers=staff, params={"lat": 30.8095, "lon": 108.4095}).json()
    assert [n["name"] for n in near] == [users["officer"].full_name]
    naive = client.get("/api/roster/on-duty", headers=staff, params={"at": "2025-01-01T08:00:00"})
    assert naive.status_code == 422
