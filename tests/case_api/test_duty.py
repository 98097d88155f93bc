"""考勤 and 脱岗 by the periodic evaluator: a simulated day of positions, ticked every minute, gives exactly the
expected alerts and attendance records; re-running a minute adds nothing; commanders acknowledge once."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from fastapi.testclient import TestClient
from sqlmodel import Session

from case_api.demo import data
from case_api.duty import service, watch
from case_api.roster import service as roster_service
from case_api.roster.models import GridCreate, Location, OfficerCreate, ShiftCreate
from case_api.users.models import User

TZ = ZoneInfo("Asia/Shanghai")
DAY = datetime(2026, 3, 2, tzinfo=TZ)
PARAMS = watch.Params(silent_minutes=15, outside_minutes=15)


def at(hh: int, mm: int = 0) -> datetime:
    return DAY.replace(hour=hh, minute=mm)


def every(start: datetime, end: datetime, minutes: int = 5) -> list[datetime]:
    out, t = [], start
    while t < end:
        out.append(t)
        t += timedelta(minutes=minutes)
    return out


def plant_day(session: Session) -> dict[str, int]:
    g = data.GRIDS[0]
    grid = roster_service.create_grid(
        session, data=GridCreate(name=g.name, code=g.code, boundary=g.geojson()), actor_id=None
    )
    inside = Location(lat=grid.center_lat, lon=grid.center_lon)
    outside = Location(lat=grid.center_lat + 0.2, lon=grid.center_lon)
    ids = {}
    for name, badge in (("甲", "A1"), ("乙", "B2"), ("丙", "C3")):
        officer = roster_service.create_officer(
            session, data=OfficerCreate(name=name, badge_no=badge), actor_id=None
        )
        assert officer.id is not None and grid.id is not None
        roster_service.create_shift(
            session,
            data=ShiftCreate(officer_id=officer.id, grid_id=grid.id, starts_at=at(8), ends_at=at(20)),
            actor_id=None,
        )
        ids[name] = officer.id

    def report(name: str, when: datetime, where: Location) -> None:
        roster_service.report_position(
            session, officer_id=ids[name], location=where.model_copy(update={"at": when})
        )

    # 甲: on time; leaves the grid 10:00–10:40; silent 13:55–15:00
    roster_service.check_in(session, officer_id=ids["甲"], location=inside.model_copy(update={"at": at(8, 2)}),
                            actor_id=None)  # fmt: skip
    for t in every(at(8, 5), at(20)):
        if at(13, 55) < t < at(15):
            continue
        report("甲", t, outside if at(10) <= t < at(10, 40) else inside)
    # 乙: checks in 12 minutes late, then reports inside all day
    roster_service.check_in(session, officer_id=ids["乙"], location=inside.model_copy(update={"at": at(8, 12)}),
                            actor_id=None)  # fmt: skip
    for t in every(at(8, 12), at(20)):
        report("乙", t, inside)
    # 丙: never checks in, never reports
    session.commit()
    return ids


def test_a_simulated_day_gives_exactly_the_expected_alerts(session: Session) -> None:
    ids = plant_day(session)
    raised, attendance = [], []
    for now in every(at(7, 50), at(20, 5), minutes=1):
        result = service.tick(session, now=now, params=PARAMS)
        session.commit()
        raised += [(a.officer_name, a.kind, a.started_at, now) for a in result.raised]
        attendance += [(r.officer_name, r.kind, r.minutes, now) for r in result.attendance]
    assert raised == [
        ("丙", "no_position", at(8), at(8, 16)),
        ("甲", "outside_grid", at(10), at(10, 16)),
        ("甲", "no_position", at(13, 55), at(14, 11)),
    ]
    assert attendance == [("乙", "late", 12.0, at(8, 12)), ("丙", "missing", 31.0, at(8, 31))]
    ended = {(a.officer_id, a.kind): (a.ended_at, a.minutes) for a in service.list_alerts(session)}
    assert ended == {
        (ids["丙"], "no_position"): (at(20), 719.0),
        (ids["甲"], "outside_grid"): (at(10, 40), 39.0),
        (ids["甲"], "no_position"): (at(15), 64.0),
    }
    again = service.tick(session, now=at(10, 20), params=PARAMS)  # an old minute again: nothing new
    assert again.raised == [] and again.attendance == []


def test_commander_acknowledges_once(
    client: TestClient,
    session: Session,
    users: dict[str, User],
    auth_headers: Callable[[User], dict[str, str]],
) -> None:
    plant_day(session)
    service.tick(session, now=at(8, 20), params=PARAMS)
    session.commit()
    commander = auth_headers(users["commander"])
    assert client.get("/api/duty/alerts", headers=auth_headers(users["officer"])).status_code == 403
    open_alerts = client.get("/api/duty/alerts", params={"unacknowledged": True}, headers=commander).json()
    assert [(a["officer_name"], a["kind_label"]) for a in open_alerts] == [("丙", "长时间无定位")]
    url = f"/api/duty/alerts/{open_alerts[0]['id']}/acknowledge"
    done = client.post(url, json={"note": "已电话联系，手机没电"}, headers=commander)
    assert done.status_code == 200 and done.json()["acknowledged_by"] == users["commander"].id
    assert client.post(url, json={}, headers=commander).status_code == 409
    assert client.get("/api/duty/alerts", params={"unacknowledged": True}, headers=commander).json() == []
    late = client.get("/api/duty/attendance", headers=commander).json()
    assert [(r["officer_name"], r["kind"]) for r in late] == [("乙", "late")]
