"""指挥调度: an order to a grid reaches everyone on duty there (一呼全应); acknowledge, arrival with a position,
result — each once; the order is done when everyone reported; the timeline in order."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from fastapi.testclient import TestClient
from sqlmodel import Session

from case_api.demo import data
from case_api.roster import service as roster_service
from case_api.roster.models import GridCreate, OfficerCreate, ShiftCreate
from case_api.sqltypes import utcnow
from case_api.users.models import User
from tests.case_api import factories

Headers = Callable[[User], dict[str, str]]


def setup_grid(session: Session, users: dict[str, User]) -> tuple[int, dict[str, int]]:
    g = data.GRIDS[0]
    grid = roster_service.create_grid(session, data=GridCreate(name=g.name, code=g.code, boundary=g.geojson()),
                                      actor_id=None)  # fmt: skip
    now = utcnow()
    ids = {}
    for key, badge, on_duty in (
        ("officer", "50010001", True),
        ("officer2", "50010002", True),
        ("other", "X9", False),
    ):
        user = users.get(key)
        officer = roster_service.create_officer(
            session,
            data=OfficerCreate(
                name=user.full_name if user else "休班", badge_no=badge, user_id=user.id if user else None
            ),
            actor_id=None,
        )
        start = now - timedelta(hours=1) if on_duty else now + timedelta(hours=5)
        roster_service.create_shift(
            session,
            data=ShiftCreate(officer_id=officer.id or 0, grid_id=grid.id or 0, starts_at=start,
                             ends_at=start + timedelta(hours=4)),
            actor_id=None,
        )  # fmt: skip
        ids[key] = officer.id or 0
    session.commit()
    return grid.id or 0, ids


def test_grid_order_reaches_everyone_on_duty_and_closes(
    client: TestClient, session: Session, users: dict[str, User], auth_headers: Headers
) -> None:
    grid_id, ids = setup_grid(session, users)
    case = factories.case(session, users["officer"])
    session.commit()
    commander, o1, o2 = (auth_headers(users[k]) for k in ("commander", "officer", "officer2"))
    body = {
        "title": "高笋塘占道经营聚集",
        "case_id": case.id,
        "grid_id": grid_id,
        "lat": 30.76,
        "lon": 108.38,
    }
    assert client.post("/api/dispatch/orders", json=body, headers=o1).status_code == 403
    assert client.post("/api/dispatch/orders", json={"title": "x"}, headers=commander).status_code == 422
    resp = client.post("/api/dispatch/orders", json=body, headers=commander)
    assert resp.status_code == 201, resp.text
    order = resp.json()
    assert sorted(a["officer_id"] for a in order["assignments"]) == sorted([ids["officer"], ids["officer2"]])
    url = f"/api/dispatch/orders/{order['id']}"

    assert client.post(f"{url}/acknowledge", headers=o1).json()["assignments"][0]["state"] in {
        "acknowledged",
        "sent",
    }
    assert client.post(f"{url}/acknowledge", headers=o1).status_code == 409
    early = client.post(f"{url}/result", json={"result": "已劝离"}, headers=o2)
    assert early.status_code == 409 and early.json()["code"] == "arrival_required"
    arrived = client.post(f"{url}/arrival", json={"lat": 30.761, "lon": 108.38}, headers=o1).json()
    mine = next(a for a in arrived["assignments"] if a["officer_id"] == ids["officer"])
    assert mine["state"] == "arrived" and 100 < mine["distance_m"] < 120
    assert client.post(f"{url}/arrival", json={"lat": 30.761, "lon": 108.38}, headers=o1).status_code == 409
    assert (
        client.post(f"{url}/result", json={"result": "已责令改正，摊主撤离"}, headers=o1).json()["status"]
        == "open"
    )
    client.post(f"{url}/arrival", json={"lat": 30.76, "lon": 108.38}, headers=o2)
    done = client.post(f"{url}/result", json={"result": "协助清理"}, headers=o2).json()
    assert done["status"] == "done" and done["closed_at"]
    whats = [e["what"] for e in done["timeline"]]
    assert whats[0] == "created" and whats[-1] == "closed"
    assert whats.count("arrived") == 2 and whats.count("done") == 2 and whats.count("acknowledged") == 2
    assert [e["lat"] for e in done["timeline"] if e["what"] == "arrived"] == [30.761, 30.76]
    assert client.post(f"{url}/acknowledge", headers=o2).status_code == 409  # the order is over
    assert [o["id"] for o in client.get("/api/dispatch/orders", headers=o2).json()] == [order["id"]]
    assert client.get(url, headers=auth_headers(users["citizen"])).status_code == 403


def test_order_to_one_officer_and_to_an_empty_grid(
    client: TestClient, session: Session, users: dict[str, User], auth_headers: Headers
) -> None:
    _, ids = setup_grid(session, users)
    commander = auth_headers(users["commander"])
    one = client.post(
        "/api/dispatch/orders", json={"title": "核查投诉", "officer_id": ids["officer2"]}, headers=commander
    )
    assert [a["officer_id"] for a in one.json()["assignments"]] == [ids["officer2"]]
    assert (
        client.get(
            f"/api/dispatch/orders/{one.json()['id']}", headers=auth_headers(users["officer"])
        ).status_code
        == 403
    )
    assert client.post(f"/api/dispatch/orders/{one.json()['id']}/acknowledge",
                       headers=auth_headers(users["officer"])).status_code == 404  # fmt: skip
    g = data.GRIDS[1]
    empty = roster_service.create_grid(session, data=GridCreate(name=g.name, code=g.code, boundary=g.geojson()),
                                       actor_id=None)  # fmt: skip
    session.commit()
    resp = client.post("/api/dispatch/orders", json={"title": "x", "grid_id": empty.id}, headers=commander)
    assert resp.status_code == 422 and resp.json()["code"] == "nobody_on_duty"
