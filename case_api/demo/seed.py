"""Seed the demo district into an empty database, in one transaction; a second run changes nothing."""

from __future__ import annotations

import base64
import hashlib
import io
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from PIL import Image, ImageDraw
from sqlmodel import Session, func, select

from case_api.camera import flows as camera_flows
from case_api.camera import service as camera_service
from case_api.camera.models import CameraEventCreate, FrameIn
from case_api.cases.models import Case, CaseState
from case_api.demo import data
from case_api.demo.casefactory import Actors, CaseSpec, make_case
from case_api.payments import service as payment_service
from case_api.roster import service as roster_service
from case_api.roster.models import Grid, GridCreate, Location, OfficerCreate, ShiftCreate, VehicleCreate
from case_api.storage import BlobStore
from case_api.users import service as users_service
from case_api.users.models import User, UserCreate
from core.errors import ConfigError
from core.settings import Settings


@dataclass
class SeedReport:
    seeded: bool
    reason: str
    counts: dict[str, int] = field(default_factory=dict)


def is_seeded(session: Session) -> bool:
    return session.exec(select(Grid).where(Grid.code == data.DEMO_MARKER_GRID)).first() is not None


def is_empty(session: Session) -> bool:
    return (
        session.exec(select(func.count()).select_from(User)).one() == 0
        and session.exec(select(func.count()).select_from(Case)).one() == 0
    )


def seed(session: Session, *, settings: Settings, now: datetime) -> SeedReport:
    """Seed when the database is empty; report why not otherwise. The caller commits."""
    if settings.environment == "production":
        raise ConfigError("演示数据只能在开发环境写入 / demo data is for development only")
    if is_seeded(session):
        return SeedReport(False, "已有演示数据，未做任何改动 / demo data already present, nothing changed")
    if not is_empty(session):
        return SeedReport(
            False, "数据库已有业务数据，不写入演示数据 / the database holds data; demo seeding skipped"
        )
    users = _users(session)
    grids = _roster(session, settings=settings, users=users, now=now)
    cases = _cases(session, settings=settings, users=users, now=now)
    events = _camera(session, settings=settings, users=users, now=now)
    return SeedReport(
        True,
        "演示数据已写入 / demo data seeded",
        {"users": len(users), "grids": len(grids), "cases": cases, "camera_events": events},
    )


def _users(session: Session) -> dict[str, User]:
    out: dict[str, User] = {}
    for username, role, name, badge, phone, _grid, _unit in (*data.STAFF, data.CITIZEN):
        extra = {"id_number": "500101199001011234"} if role == "citizen" else {}
        spec = UserCreate(
            username=username,
            password=data.PASSWORD,
            full_name=name,
            role=role,  # type: ignore[arg-type]
            badge_no=badge,
            phone=phone,
            **extra,
        )
        out[username] = users_service.create(session, data=spec)
    return out


def _roster(
    session: Session, *, settings: Settings, users: dict[str, User], now: datetime
) -> dict[str, Grid]:
    grids = {
        g.code: roster_service.create_grid(
            session,
            data=GridCreate(name=g.name, code=g.code, description=g.description, boundary=g.geojson()),
            actor_id=None,
        )
        for g in data.GRIDS
    }
    for plate, kind, grid_code in data.VEHICLES:
        roster_service.create_vehicle(
            session, data=VehicleCreate(plate=plate, kind=kind, grid_id=grids[grid_code].id), actor_id=None
        )
    tz = ZoneInfo(settings.timezone)
    day = now.astimezone(tz).date()
    start = datetime.combine(day, time(8, 0), tz)
    for username, role, name, badge, phone, code, unit in data.STAFF:
        if role != "officer" or badge is None or code is None:
            continue
        officer = roster_service.create_officer(
            session,
            data=OfficerCreate(name=name, badge_no=badge, phone=phone, unit=unit, user_id=users[username].id),
            actor_id=None,
        )
        grid = grids[code]
        roster_service.create_shift(
            session,
            data=ShiftCreate(
                officer_id=officer.id or 0,
                grid_id=grid.id or 0,
                starts_at=start,
                ends_at=start + timedelta(hours=12),
            ),
            actor_id=None,
        )
        if start <= now < start + timedelta(hours=12):
            where = Location(lat=grid.center_lat, lon=grid.center_lon, at=start + timedelta(minutes=3))
            roster_service.check_in(session, officer_id=officer.id or 0, location=where, actor_id=None)
            where.at = now
            roster_service.report_position(session, officer_id=officer.id or 0, location=where)
    return grids


def _cases(session: Session, *, settings: Settings, users: dict[str, User], now: datetime) -> int:
    actors = Actors(users["officer"], users["officer2"], users["legal"], users["commander"])
    citizen_name, citizen_phone = data.CITIZEN[2], data.CITIZEN[4]
    for i, (title, offence, location, fine, target) in enumerate(data.CASES):
        # the demo citizen (张三) is the party of the case awaiting payment and of the paid one: what they look up and pay
        own = target in data.CITIZEN_CASE_STATES
        spec = CaseSpec(
            title,
            offence,
            location,
            fine or 200,
            CaseState(target),
            party_name=citizen_name if own else f"当事人{i + 1:02d}",
            party_phone=citizen_phone if own else f"1391234{i + 1:04d}",
            party_id_number=None,
        )
        start = now - timedelta(days=3 + i, hours=12)
        case = make_case(session, settings=settings, actors=actors, spec=spec, start=start)
        if case.state == CaseState.served:
            payment_service.create_order(
                session, settings=settings, case_id=case.id or 0, provider="loopback", actor_id=None
            )
    return len(data.CASES)


def _frame_png(label: str) -> bytes:
    img = Image.new("RGB", (320, 180), (90, 110, 130))
    ImageDraw.Draw(img).text((10, 80), label, fill=(255, 255, 255))
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    return buf.getvalue()


def _camera(session: Session, *, settings: Settings, users: dict[str, User], now: datetime) -> int:
    store = BlobStore(settings.evidence_dir)
    for i, (cam, location, (lat, lon), kind, conf, plate, detail, outcome) in enumerate(data.CAMERA_EVENTS):
        png = _frame_png(f"{cam} #{i + 1}")
        frame = FrameIn(
            filename=f"{cam}-{i + 1}.png",
            content_type="image/png",
            content_b64=base64.b64encode(png).decode(),
            sha256=hashlib.sha256(png).hexdigest(),
        )
        event = camera_service.create_candidate(
            session,
            store=store,
            data=CameraEventCreate(
                camera_id=cam,
                location=location,
                lat=lat,
                lon=lon,
                occurred_at=now - timedelta(hours=2 + i),
                kind=kind,
                confidence=conf,
                plate=plate,
                detail=detail,
                frames=[frame],
            ),
            actor_id=users["commander"].id,
        )
        if outcome == "approved":
            camera_flows.approve(
                session,
                settings=settings,
                store=store,
                event_id=event.id or 0,
                reviewer=users["legal"],
                reason="",
            )
        elif outcome == "rejected":
            camera_service.reject(
                session,
                event_id=event.id or 0,
                reviewer_id=users["legal"].id,
                reason="画面逆光，车辆不可辨认，不符合第四十一条“清晰”要求",
            )
    return len(data.CAMERA_EVENTS)
