"""The dashboard's overview (GET /api/screen/overview) on the demo record, without a browser: every grid with its
GeoJSON, open cases and camera events placed on the grid named in their address or containing their position, the
per-grid counts adding up, the statistics' window, and who may read it."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient
from sqlmodel import select

from case_api.cases.models import Case
from case_api.db import session_for
from case_api.demo import data as demo
from case_api.demo.seed import seed
from case_api.roster import service as roster_service
from case_api.sqltypes import utcnow
from case_api.stats.screen import grid_of
from case_api.users.models import Role
from channels.components import build_runtime
from channels.server import create_app
from core.settings import Settings

FINISHED = {"closed", "archived", "dropped"}


def test_overview_places_cases_and_events_on_grids_and_counts_add_up(
    app_settings: Settings, login: Callable[[Role], dict[str, str]]
) -> None:
    with session_for(app_settings) as session:
        assert seed(session, settings=app_settings, now=utcnow()).seeded
        session.commit()
    client = TestClient(create_app(app_settings, runtime=build_runtime(app_settings)))
    r = client.get("/api/screen/overview?days=7", headers=login(Role.commander))
    assert r.status_code == 200, r.text
    body = r.json()
    assert {g["code"] for g in body["grids"]} == {g.code for g in demo.GRIDS}
    assert all(g["boundary"]["type"] == "Polygon" for g in body["grids"])
    with session_for(app_settings) as session:
        cases = session.exec(select(Case)).all()
    open_ids = {
        c.id for c in cases if c.state not in FINISHED
    }  # the demo's cases and the approved camera event's
    assert {c["id"] for c in body["open_cases"]} == open_ids
    # every demo address names its place (五桥街道 …, 高笋塘 …): each case lands on a grid
    assert all(c["grid_code"] for c in body["open_cases"])
    wuqiao = next(c for c in body["open_cases"] if c["title"] == "五桥客运站门前占道经营水果")
    assert wuqiao["grid_code"] == "WZ-WQ"
    assert sum(g["open_cases"] for g in body["grids"]) == len(body["open_cases"])
    candidates = [e for e in demo.CAMERA_EVENTS if e[7] == "candidate"]
    assert len(body["camera_events"]) == len(candidates)
    assert sum(g["camera_events"] for g in body["grids"]) == sum(
        1 for e in body["camera_events"] if e["grid_code"]
    )
    assert body["stats"]["total"] == len(cases) and body["days"] == 7
    assert sum(x["count"] for x in body["cases_by_grid"]) == len(cases)
    assert "（未填写）" not in {x["key"] for x in body["cases_by_grid"]}
    # who may read it
    assert client.get("/api/screen/overview", headers=login(Role.legal)).status_code == 200
    refused = client.get("/api/screen/overview", headers=login(Role.officer))
    assert refused.status_code == 403 and refused.json()["message"]
    assert client.get("/api/screen/overview", headers=login(Role.citizen)).status_code == 403
    assert client.get("/api/screen/overview").status_code == 401
    assert client.get("/api/screen/overview?days=0", headers=login(Role.commander)).status_code == 422


def test_grid_of_prefers_the_recorded_grid_then_the_position_then_the_address(app_settings: Settings) -> None:
    with session_for(app_settings) as session:
        assert seed(session, settings=app_settings, now=utcnow()).seeded
        session.commit()
        grids = roster_service.list_grids(session)
    by_code = {g.code: g for g in grids}
    gst = by_code["WZ-GST"]
    # recorded grid (code or name) wins over a position elsewhere and an address naming another place
    assert (
        grid_of(grids, code="WZ-PL", lat=gst.center_lat, lon=gst.center_lon, text="五桥") is by_code["WZ-PL"]
    )
    assert grid_of(grids, code="牌楼片区", lat=None, lon=None, text="") is by_code["WZ-PL"]
    # then the grid containing the position
    assert grid_of(grids, code=None, lat=gst.center_lat, lon=gst.center_lon, text="五桥") is gst
    # then the place named in the address; nothing when none matches
    assert grid_of(grids, code=None, lat=None, lon=None, text="江南大道 与 南滨路 交叉口") is by_code["WZ-JN"]
    assert grid_of(grids, code=None, lat=0.0, lon=0.0, text="重庆市渝中区解放碑") is None
