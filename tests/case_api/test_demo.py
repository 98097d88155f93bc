"""Demo seed: a whole district in one run, every case state, and a second run that changes nothing."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import typer
from sqlalchemy import inspect, text
from sqlmodel import Session, col, select
from typer.testing import CliRunner

from case_api import db
from case_api.audit import service as audit_service
from case_api.camera.models import CameraEvent
from case_api.cases.models import Case, CaseState
from case_api.demo import data
from case_api.demo.seed import seed
from case_api.payments.models import FineOrder, Payment
from case_api.roster import duty
from case_api.storage import BlobStore
from case_api.users import service as users_service
from channels.cli import demo_cmds
from core.settings import Settings


def yesterday_ten(settings: Settings) -> datetime:
    tz = ZoneInfo(settings.timezone)
    return datetime.combine(datetime.now(tz).date() - timedelta(days=1), time(10, 0), tz)


def row_counts(session: Session) -> dict[str, int]:
    names = [t for t in inspect(session.get_bind()).get_table_names() if t != "alembic_version"]
    return {t: session.execute(text(f"SELECT COUNT(*) FROM {t}")).scalar_one() for t in names}


def test_seed_builds_a_district_once(session: Session, settings: Settings) -> None:
    now = yesterday_ten(settings)
    report = seed(session, settings=settings, now=now)
    session.commit()
    assert report.seeded and report.counts["grids"] == len(data.GRIDS)
    states = {c.state for c in session.exec(select(Case))}
    assert states == set(CaseState)
    on_duty = duty.on_duty(session, at=now, grid_name="五桥片区")
    assert sorted(o.name for o in on_duty) == ["李建国", "王晓东"] and all(o.lat is not None for o in on_duty)
    assert session.exec(select(Payment)).first() is not None
    assert len(session.exec(select(FineOrder).where(col(FineOrder.status) == "unpaid")).all()) == 1
    assert {e.status for e in session.exec(select(CameraEvent))} == {"candidate", "approved", "rejected"}
    assert (
        users_service.authenticate(session, username="officer", password=data.PASSWORD).full_name == "李建国"
    )
    assert audit_service.verify(session, BlobStore(settings.evidence_dir)).ok
    before = row_counts(session)
    again = seed(session, settings=settings, now=now + timedelta(hours=3))
    session.commit()
    assert not again.seeded and row_counts(session) == before


def test_seed_leaves_a_used_database_alone(
    session: Session, settings: Settings, users: dict[str, object]
) -> None:
    report = seed(session, settings=settings, now=yesterday_ten(settings))
    assert not report.seeded and "skipped" in report.reason


def test_cli_setup_step_and_users(tmp_path: Path, monkeypatch: object) -> None:
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    settings = Settings(
        _env_file=None,
        environment="development",
        data_dir=tmp_path,
        database_url=url,  # type: ignore[call-arg]
        load_models_on_start=False,
    )
    demo_cmds._setup_step(settings)
    demo_cmds._setup_step(settings)  # idempotent: the database is no longer empty
    with db.session_for(settings) as s:
        assert len(s.exec(select(Case)).all()) == len(data.CASES) + 1  # + the approved camera event
    db.dispose_engine(url)
    app = typer.Typer()
    demo_cmds.register(app)
    app.command("noop")(lambda: None)
    result = CliRunner().invoke(app, ["demo", "users"])
    assert result.exit_code == 0 and data.PASSWORD in result.output and "commander" in result.output
