"""The caller's user snapshot: refused at once when deactivated through the API, a direct change seen within the
TTL, and every request gets its own instance that a route can attach to its session."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update
from sqlmodel import Session, select

from case_api import db, deps
from case_api.audit.models import AuditEntry
from case_api.users import principals
from case_api.users.models import User
from core.settings import Settings

Headers = Callable[[User], dict[str, str]]


def test_deactivation_through_the_api_applies_to_the_next_request(
    client: TestClient, users: dict[str, User], auth_headers: Headers
) -> None:
    officer = users["officer"]
    assert client.get("/api/auth/me", headers=auth_headers(officer)).status_code == 200  # snapshot taken
    r = client.patch(
        f"/api/users/{officer.id}", json={"is_active": False}, headers=auth_headers(users["admin"])
    )
    assert r.status_code == 200, r.text
    refused = client.get("/api/cases", headers=auth_headers(officer))
    assert refused.status_code == 401 and refused.json()["code"] == "inactive_user"


def test_a_change_elsewhere_is_seen_after_the_ttl(
    client: TestClient,
    session: Session,
    settings: Settings,
    users: dict[str, User],
    auth_headers: Headers,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    officer = users["officer"]
    headers = auth_headers(officer)
    assert client.get("/api/auth/me", headers=headers).json()["full_name"] == "李警官"
    # another process (the CLI, a second worker) renames the user behind this process's back
    session.exec(update(User).where(User.id == officer.id).values(full_name="李建国"))  # type: ignore[call-overload]
    session.commit()
    assert client.get("/api/auth/me", headers=headers).json()["full_name"] == "李警官"  # within the TTL
    later = time.monotonic() + principals.TTL_SECONDS + 1
    monkeypatch.setattr(principals.time, "monotonic", lambda: later)
    assert client.get("/api/auth/me", headers=headers).json()["full_name"] == "李建国"


def test_each_request_gets_its_own_attachable_copy(
    session: Session, settings: Settings, users: dict[str, User]
) -> None:
    database, officer_id = db.database_for(settings.sqlalchemy_url), users["officer"].id or 0
    principals.forget(database)
    assert principals.cached(database, officer_id) is None
    assert principals.load(database, session, officer_id) is not None
    session.close()
    first, second = principals.cached(database, officer_id), principals.cached(database, officer_id)
    assert first is not None and second is not None and first is not second
    audits_before = len(session.exec(select(AuditEntry)).all())
    first.full_name = "李建军"  # a route may attach the caller and change them: an UPDATE, not an INSERT
    session.add(first)
    session.commit()
    assert session.get(User, officer_id).full_name == "李建军"  # type: ignore[union-attr]
    assert len(session.exec(select(User)).all()) == len(users)
    assert len(session.exec(select(AuditEntry)).all()) == audits_before


def test_an_expired_snapshot_is_read_once_for_every_request_waiting_on_it(
    settings: Settings, users: dict[str, User], monkeypatch: pytest.MonkeyPatch
) -> None:
    """When a snapshot expires, every connection of a busy client asks for the same row at once: it is read once,
    and all of them get the answer (a read for each was a burst of reader-thread work that stalled the loop)."""
    database, officer_id = db.database_for(settings.sqlalchemy_url), users["officer"].id or 0
    principals.forget(database)
    loads: list[int] = []
    load = principals.load

    def counting(*args: Any) -> User | None:
        loads.append(args[-1])
        return load(*args)

    monkeypatch.setattr(principals, "load", counting)

    async def burst() -> list[principals.Principal | None]:
        return await asyncio.gather(*(deps.fetch_principal(database, officer_id) for _ in range(32)))

    found = asyncio.run(burst())
    assert loads == [officer_id]
    assert {p.id if p else None for p in found} == {officer_id} and found[0] is not None
    assert found[0].full_name == "李警官"
    assert principals.principal(database, officer_id) == found[0]  # remembered as the snapshot
    assert asyncio.run(deps.fetch_principal(database, officer_id)) == found[0]
    assert loads == [officer_id, officer_id]  # nothing left in flight: a later miss reads again
    assert asyncio.run(deps.fetch_principal(database, 2_000_000)) is None  # no such user: None, not an error
