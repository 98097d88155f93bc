"""The server's own supervision loop (channels/watchers.py): a 脱岗/no-position alert appears without `zhifa duty
watch`, a failing tick is logged and the loop goes on, it stops with the server, and one worker per machine leads."""

from __future__ import annotations

import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from case_api import db
from case_api.demo.seed import seed
from case_api.duty.models import DutyAlert
from case_api.roster import service as roster_service
from case_api.roster.models import Grid, OfficerCreate, ShiftCreate
from case_api.sqltypes import utcnow
from case_api.users.models import Role
from channels.components import build_runtime
from channels.server import create_app
from channels.watchers import Supervision
from core.settings import Settings


def plant_silent_shift(
    session: Session, *, now: datetime, name: str = "赵静默", badge: str = "50010999"
) -> int:
    """A new officer on a shift that began 40 minutes ago and who has sent no position since: the evaluator owes a
    no-position alert (N = 15 minutes) and a missing check-in. Returns the officer's roster id; the caller commits."""
    grid = session.exec(select(Grid).order_by(Grid.id)).first()  # type: ignore[arg-type]
    assert grid is not None and grid.id is not None
    officer = roster_service.create_officer(
        session, data=OfficerCreate(name=name, badge_no=badge, unit="测试中队"), actor_id=None
    )
    assert officer.id is not None
    start = now - timedelta(minutes=40)
    roster_service.create_shift(
        session,
        data=ShiftCreate(
            officer_id=officer.id, grid_id=grid.id, starts_at=start, ends_at=start + timedelta(hours=4)
        ),
        actor_id=None,
    )
    return officer.id


@pytest.fixture
def watch_settings(app_settings: Settings) -> Settings:
    fresh = app_settings.model_copy(update={"duty_watch_seconds": 1, "warnings_watch_hours": 24})
    with db.session_for(fresh) as session:
        seed(session, settings=fresh, now=utcnow())
        session.commit()
    return fresh


def _alerts(settings: Settings, officer_id: int) -> list[DutyAlert]:
    with db.session_for(settings) as session:
        return list(session.exec(select(DutyAlert).where(DutyAlert.officer_id == officer_id)))


def test_the_server_raises_the_alert_itself_and_stops_with_it(watch_settings: Settings, login) -> None:
    with db.session_for(watch_settings) as session:
        officer_id = plant_silent_shift(session, now=utcnow())
        session.commit()
    app = create_app(watch_settings, runtime=build_runtime(watch_settings))
    with TestClient(app) as client:
        supervision: Supervision = app.state.supervision
        assert supervision.thread is not None and supervision.thread.is_alive()
        deadline = time.monotonic() + 20
        mine: list[dict[str, object]] = []
        while time.monotonic() < deadline and not mine:
            found = client.get("/api/duty/alerts", params={"open_only": True}, headers=login(Role.commander))
            assert found.status_code == 200
            mine = [a for a in found.json() if a["officer_id"] == officer_id]
            time.sleep(0.3)
        assert [a["kind"] for a in mine] == ["no_position"], mine
        attendance = client.get("/api/duty/attendance", headers=login(Role.commander)).json()
        assert [r["kind"] for r in attendance if r["officer_id"] == officer_id] == ["missing"]
        ticks = supervision.ticks
        time.sleep(2.5)
        assert supervision.ticks > ticks  # it keeps ticking …
        assert len(_alerts(watch_settings, officer_id)) == 1  # … and stores the alert once
    assert supervision.thread is None  # stopped with the server
    assert supervision.failures == 0


def test_a_failing_tick_is_logged_and_the_loop_goes_on(
    watch_settings: Settings, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    calls = {"n": 0}

    def broken(self: Supervision) -> None:
        calls["n"] += 1
        raise RuntimeError("数据库暂时不可用（测试）")

    monkeypatch.setattr(Supervision, "_duty", broken)
    app = create_app(watch_settings, runtime=build_runtime(watch_settings))
    with TestClient(app) as client:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and calls["n"] < 3:
            time.sleep(0.1)
        assert client.get("/healthz").status_code == 200
        supervision: Supervision = app.state.supervision
        assert calls["n"] >= 3 and supervision.failures >= 3
        assert supervision.thread is not None and supervision.thread.is_alive()
    assert "supervision tick failed" in caplog.text


def test_one_worker_per_machine_leads(watch_settings: Settings, tmp_path: Path) -> None:
    database = db.database_for(watch_settings.sqlalchemy_url)
    first, second = Supervision(watch_settings, database), Supervision(watch_settings, database)
    try:
        assert first._leader() is True
        assert second._leader() is False  # the other worker waits …
        first.stop()
        assert second._leader() is True  # … and takes over when the first one is gone
    finally:
        first.stop()
        second.stop()


def test_off_when_both_intervals_are_zero(app_settings: Settings) -> None:
    app = create_app(app_settings, runtime=build_runtime(app_settings))
    with TestClient(app):
        assert app.state.supervision.thread is None
