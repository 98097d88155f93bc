"""The hot read path (Core rows → JSON) gives the same documents as the ORM path, for every state and deadline."""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy import update as sa_update
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, col, select

from case_api import db
from case_api.cases import reads, service
from case_api.cases.models import Case, CaseState, Procedure
from case_api.demo import data
from case_api.demo.seed import seed
from case_api.errors import describe
from case_api.parties import service as parties_service
from case_api.parties.models import Party, PartyUpdate
from case_api.users.models import Role, User
from core.settings import Settings
from tests.case_api import factories as f
from tests.case_api.test_demo import yesterday_ten


def orm_json(session: Session, case: Case, settings: Settings, today: object) -> object:
    return service.present(session, case, settings=settings, today=today).model_dump(mode="json")  # type: ignore[arg-type]


def test_reads_match_the_orm_view_for_every_case(session: Session, settings: Settings) -> None:
    now = yesterday_ten(settings)
    seed(session, settings=settings, now=now)
    session.commit()
    admin = session.exec(select(User).where(User.role == Role.admin)).first()
    assert admin is not None
    today = now.date() + timedelta(days=40)  # past some due dates: overdue and met deadlines both appear
    cases = list(session.exec(select(Case).order_by(col(Case.id).desc())))
    assert {c.state for c in cases} == set(CaseState)
    kinds: set[str] = set()
    database = db.database_for(settings.sqlalchemy_url)
    for case in cases:
        fast = json.loads(
            reads.case_json(
                session.connection(),
                case.id or 0,
                database=database,
                viewer=admin,
                settings=settings,
                today=today,
            )
        )
        assert fast == orm_json(session, case, settings, today)
        kinds |= {d["kind"] for d in fast["deadlines"]}
    assert len(kinds) >= 3, kinds  # decision, service, payment at least
    page = json.loads(
        reads.cases_json(
            session.connection(), database=database, viewer=admin, settings=settings, limit=200, today=today
        )
    )
    assert page == [orm_json(session, c, settings, today) for c in cases]


def test_citizen_reads_only_own_cases(client: TestClient, session: Session, settings: Settings) -> None:
    seed(session, settings=settings, now=yesterday_ten(settings))
    session.commit()
    token = client.post("/api/auth/token", data={"username": "citizen", "password": data.PASSWORD})
    assert token.status_code == 200, token.text
    headers = {"Authorization": f"Bearer {token.json()['access_token']}"}
    mine = client.get("/api/cases", headers=headers, params={"limit": 200})
    assert mine.status_code == 200
    own_ids = {c["id"] for c in mine.json()}
    assert own_ids, "the demo citizen is a party to at least one case"
    all_ids = {c.id or 0 for c in session.exec(select(Case))}
    assert own_ids < all_ids
    for case_id in sorted(all_ids):
        r = client.get(f"/api/cases/{case_id}", headers=headers)
        if case_id in own_ids:
            assert r.status_code == 200 and r.json()["id"] == case_id
        else:
            assert r.status_code == 404 and r.json()["code"] == "not_found", r.text


def test_reads_show_every_change_at_once(
    client: TestClient,
    session: Session,
    users: dict[str, User],
    auth_headers: Callable[[User], dict[str, str]],
) -> None:
    """Encoded records are remembered by their raw row: a change to the case, its party or its officers (even one
    made behind the service's back, as another process would) shows in the next read."""
    case = f.case(session, users["officer"])
    session.commit()
    h = auth_headers(users["commander"])

    def detail() -> dict[str, Any]:
        r = client.get(f"/api/cases/{case.id}", headers=h)
        assert r.status_code == 200, r.text
        listed = [c for c in client.get("/api/cases", headers=h).json() if c["id"] == case.id]
        assert listed == [r.json()]
        return dict(r.json())

    first = detail()
    assert first == detail()  # a remembered record reads the same
    assert first["party_name"] == "张三" and [o["id"] for o in first["officers"]] == [users["officer"].id]
    party = session.get(Party, case.party_id)
    assert party is not None
    parties_service.update(session, party=party, data=PartyUpdate(name="张三丰"), actor_id=None)
    session.commit()
    assert detail()["party_name"] == "张三丰"
    service.assign_officers(
        session,
        case=case,
        user_ids=[users["officer2"].id or 0, users["officer"].id or 0],
        actor=users["officer"],
    )
    session.commit()
    officers = detail()["officers"]
    assert [o["id"] for o in officers] == sorted([users["officer"].id, users["officer2"].id])
    assert {o["full_name"] for o in officers} == {"李警官", "王队员"}
    session.execute(sa_update(Case).where(col(Case.id) == case.id).values(title="出店经营（已改）"))
    session.commit()
    assert detail()["title"] == "出店经营（已改）"


def test_list_filters_and_their_errors(
    client: TestClient,
    session: Session,
    users: dict[str, User],
    auth_headers: Callable[[User], dict[str, str]],
) -> None:
    """The list's filters (read from the query string as one model) select what the ORM would, and a bad value is
    a 422 located under ``query``, worded in Chinese by case_api itself (the same answer as the whole server's)."""
    officer = users["officer"]
    simple = f.case(session, officer, procedure=Procedure.simple, fine_fen=100_00, title="出店经营 甲")
    ordinary = f.case(session, officer, title="占道经营 乙")
    session.commit()
    h = auth_headers(users["commander"])

    def ids(**params: Any) -> list[int]:
        r = client.get("/api/cases", headers=h, params=params)
        assert r.status_code == 200, r.text
        return [c["id"] for c in r.json()]

    assert ids() == [ordinary.id, simple.id]  # newest first
    assert ids(procedure="simple") == [simple.id]
    assert ids(procedure="ordinary", state=ordinary.state.value) == [ordinary.id]
    assert ids(q="乙") == [ordinary.id]
    assert ids(q="出店", procedure="ordinary") == []
    assert ids(q="") == [ordinary.id, simple.id]  # an empty search is no filter
    assert ids(limit=1) == [ordinary.id] and ids(limit=1, offset=1) == [simple.id]
    assert ids(unknown="x") == [ordinary.id, simple.id]  # unknown names are ignored, as FastAPI does
    for params, field in [({"limit": 0}, "limit"), ({"limit": "many"}, "limit"), ({"state": "nope"}, "state"),
                          ({"offset": -1}, "offset"), ({"q": "长" * 101}, "q")]:  # fmt: skip
        r = client.get("/api/cases", headers=h, params=params)
        assert r.status_code == 422, (params, r.text)
        body = r.json()
        errors = body["errors"]
        assert errors[0]["loc"] == ["query", field], errors
        assert body["code"] == "validation_error" and body["message"] == describe(errors)
        assert body["message"].startswith(f"请求参数不正确——{field}：")
    assert client.get("/api/cases", params={"limit": 0}).status_code == 401  # who calls is checked first


def test_list_parameters_are_documented(client: TestClient) -> None:
    operation = client.get("/openapi.json").json()["paths"]["/api/cases"]["get"]
    documented = {p["name"]: p for p in operation["parameters"]}
    assert set(documented) == {"state", "procedure", "q", "limit", "offset"}
    assert all(p["in"] == "query" and not p["required"] for p in documented.values())
    assert documented["limit"]["schema"]["maximum"] == 200
    assert "$ref" not in str(documented) and "simple" in str(documented["procedure"]["schema"])
    assert operation["security"], "the list needs a bearer token"


def test_sqlite_reads_on_the_event_loop_are_read_only_and_retry_when_busy(
    client: TestClient,
    session: Session,
    settings: Settings,
    users: dict[str, User],
    auth_headers: Callable[[User], dict[str, str]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if not settings.sqlalchemy_url.startswith("sqlite"):
        pytest.skip("the event-loop read path is SQLite's")
    case = f.case(session, users["officer"])
    session.commit()
    h = auth_headers(users["commander"])
    # the caller's snapshot first: below, the only read on the event loop is the case's
    assert client.get("/api/auth/me", headers=h).status_code == 200
    database = db.database_for(settings.sqlalchemy_url)
    reader = database.reader_engine()
    with reader.connect() as conn, pytest.raises(OperationalError, match="readonly"):
        conn.execute(sa_update(Case).where(col(Case.id) == case.id).values(title="不应写入"))
    calls: list[str] = []

    class Busy:
        def connect(self) -> None:
            calls.append("loop")
            raise OperationalError("SELECT", {}, sqlite3.OperationalError("database is locked"))

    monkeypatch.setattr(database, "reader_engine", lambda: Busy())
    r = client.get(f"/api/cases/{case.id}", headers=h)
    assert r.status_code == 200 and r.json()["title"] == "占道经营", r.text  # read again in a reader thread
    assert calls == ["loop"]


def test_only_bounded_reads_run_on_the_event_loop(
    client: TestClient,
    session: Session,
    settings: Settings,
    users: dict[str, User],
    auth_headers: Callable[[User], dict[str, str]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """On SQLite a case by its id and the first pages of the newest cases are read on the event loop; a title
    search, a filter, a large page or offset, and every read of a citizen (their parties are found by a scan) go to
    a reader thread, so that they never hold up the other requests. A database server's reads all go there."""
    case = f.case(session, users["officer"], title="出店经营 甲")
    session.commit()
    threads: list[str] = []

    def recording(fn: Callable[..., bytes]) -> Callable[..., bytes]:
        def call(*args: Any, **kwargs: Any) -> bytes:
            threads.append(threading.current_thread().name)
            return fn(*args, **kwargs)

        return call

    monkeypatch.setattr(reads, "cases_json", recording(reads.cases_json))
    monkeypatch.setattr(reads, "case_json", recording(reads.case_json))
    staff, citizen = auth_headers(users["commander"]), auth_headers(users["citizen"])
    sqlite = settings.sqlalchemy_url.startswith("sqlite")

    def where(path: str, headers: dict[str, str], **params: Any) -> str:
        threads.clear()
        r = client.get(path, headers=headers, params=params)
        assert r.status_code in (200, 404), r.text
        assert len(threads) == 1, threads
        return "reader" if threads[0].startswith("zhifa-read") else "loop"

    bounded = "loop" if sqlite else "reader"
    assert where(f"/api/cases/{case.id}", staff) == bounded
    assert where("/api/cases", staff) == bounded
    assert where("/api/cases", staff, limit=reads.BOUNDED_LIMIT, offset=reads.BOUNDED_OFFSET) == bounded
    unbounded: list[dict[str, Any]] = [{"q": "甲"}, {"state": case.state.value}, {"procedure": "ordinary"},
                                       {"limit": reads.BOUNDED_LIMIT + 1}, {"offset": reads.BOUNDED_OFFSET + 1}]  # fmt: skip
    for params in unbounded:
        assert where("/api/cases", staff, **params) == "reader", params
    assert where("/api/cases", citizen) == "reader"
    assert where(f"/api/cases/{case.id}", citizen) == "reader"
    found = client.get("/api/cases", headers=staff, params={"q": "甲"}).json()
    assert [c["id"] for c in found] == [case.id]  # the same answer, wherever it is read


def test_server_reads_survive_a_dropped_connection(
    client: TestClient,
    session: Session,
    settings: Settings,
    users: dict[str, User],
    auth_headers: Callable[[User], dict[str, str]],
) -> None:
    """The reader pool on a database server pings nothing at checkout: a read that finds its connection dropped
    (a server restart, an administrator) is done again on a new connection, and the caller sees nothing of it."""
    if settings.sqlalchemy_url.startswith("sqlite"):
        pytest.skip("a database server's connections")
    case = f.case(session, users["officer"])
    session.commit()
    session.close()
    h = auth_headers(users["commander"])
    assert (
        client.get(f"/api/cases/{case.id}", headers=h).status_code == 200
    )  # the reader pool holds a connection
    with db.get_engine(settings.sqlalchemy_url).connect() as conn:
        killed = conn.execute(
            text(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        ).scalar_one()
    assert killed >= 1
    for _ in range(3):
        r = client.get(f"/api/cases/{case.id}", headers=h)
        assert r.status_code == 200 and r.json()["id"] == case.id, r.text
    assert client.get("/api/cases", headers=h).json()[0]["id"] == case.id
