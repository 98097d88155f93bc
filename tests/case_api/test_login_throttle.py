"""Login throttling per account and per client address, on SQLite and PostgreSQL (``client`` is parametrized).

The clock is the throttle module's ``utcnow``, moved by the tests; the state is in the database, so a new app (a
restart, another worker) sees the same locks.
"""

from __future__ import annotations

import re
import threading
from collections import Counter
from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import select

from case_api import db
from case_api.api import mount
from case_api.audit import service as audit_service
from case_api.audit.models import AuditEntry
from case_api.errors import TooManyAttempts, Unauthenticated
from case_api.sqltypes import utcnow
from case_api.users import throttle
from case_api.users.models import LoginThrottle, User
from core.settings import Settings
from tests.case_api.conftest import PASSWORD


class Clock:
    def __init__(self) -> None:
        self.now = utcnow()

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kwargs: float) -> None:
        self.now += timedelta(**kwargs)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    c = Clock()
    monkeypatch.setattr(throttle, "utcnow", c)
    return c


def login(client: TestClient, username: str, password: str) -> object:
    return client.post("/api/auth/token", data={"username": username, "password": password})


def test_twenty_wrong_passwords_for_one_account_get_429_before_the_20th(
    client: TestClient, users: dict[str, User], clock: Clock
) -> None:
    statuses = [login(client, "officer", f"wrong-{i}").status_code for i in range(20)]  # type: ignore[attr-defined]
    first = statuses.index(429)
    assert first == throttle.ACCOUNT_LIMIT - 1 < 19  # the 5th wrong password locks the account
    assert statuses[:first] == [401] * first and set(statuses[first:]) == {429}
    refused = login(client, "officer", "wrong-again")
    assert refused.status_code == 429  # type: ignore[attr-defined]
    body = refused.json()  # type: ignore[attr-defined]
    assert body["code"] == "too_many_attempts"
    assert "登录失败次数过多" in body["message"] and re.search(r"\d+ (秒|分钟)后", body["message"])
    retry = int(refused.headers["Retry-After"])  # type: ignore[attr-defined]
    assert 0 < retry <= 60 and body["details"]["retry_after"] == retry


def test_a_locked_account_refuses_the_right_password_until_the_lock_expires(
    client: TestClient, users: dict[str, User], clock: Clock
) -> None:
    for i in range(throttle.ACCOUNT_LIMIT):
        login(client, "officer", f"wrong-{i}")
    assert login(client, "officer", PASSWORD).status_code == 429  # type: ignore[attr-defined]
    clock.advance(seconds=59)
    assert login(client, "officer", PASSWORD).status_code == 429  # type: ignore[attr-defined]
    clock.advance(seconds=2)
    ok = login(client, "officer", PASSWORD)
    assert ok.status_code == 200 and ok.json()["access_token"]  # type: ignore[attr-defined]
    # other accounts were never locked
    assert login(client, "legal", PASSWORD).status_code == 200  # type: ignore[attr-defined]


def test_a_success_resets_the_account_counter(
    client: TestClient, users: dict[str, User], clock: Clock
) -> None:
    for _ in range(3):
        for i in range(throttle.ACCOUNT_LIMIT - 1):
            assert login(client, "officer", f"wrong-{i}").status_code == 401  # type: ignore[attr-defined]
        assert login(client, "officer", PASSWORD).status_code == 200  # type: ignore[attr-defined]


def test_failures_outside_the_window_do_not_add_up(
    client: TestClient, users: dict[str, User], clock: Clock
) -> None:
    for i in range(throttle.ACCOUNT_LIMIT - 1):
        assert login(client, "officer", f"wrong-{i}").status_code == 401  # type: ignore[attr-defined]
    clock.advance(seconds=throttle.WINDOW.total_seconds() + 1)
    for i in range(throttle.ACCOUNT_LIMIT - 1):
        assert login(client, "officer", f"wrong-{i}").status_code == 401  # type: ignore[attr-defined]


def test_lock_outs_grow_longer(client: TestClient, users: dict[str, User], clock: Clock) -> None:
    retries = []
    for _ in range(4):
        for i in range(throttle.ACCOUNT_LIMIT):
            last = login(client, "officer", f"wrong-{i}")
        assert last.status_code == 429  # type: ignore[attr-defined]
        retry = int(last.headers["Retry-After"])  # type: ignore[attr-defined]
        retries.append(retry)
        clock.advance(seconds=retry + 1)
    assert retries == [60, 120, 240, 480]
    assert login(client, "officer", PASSWORD).status_code == 200  # type: ignore[attr-defined]
    for i in range(throttle.ACCOUNT_LIMIT):  # the success forgot the lock-outs: 1 minute again
        last = login(client, "officer", f"wrong-{i}")
    assert int(last.headers["Retry-After"]) == 60  # type: ignore[attr-defined]


def test_one_client_address_is_locked_after_twenty_failures_over_many_accounts(
    client: TestClient, users: dict[str, User], clock: Clock
) -> None:
    statuses = [
        login(client, f"nobody-{i}", "wrong-password").status_code  # type: ignore[attr-defined]
        for i in range(throttle.CLIENT_LIMIT)
    ]
    assert statuses == [401] * (throttle.CLIENT_LIMIT - 1) + [429]
    refused = login(client, "legal", PASSWORD)  # a real account, the right password: the address is locked
    assert refused.status_code == 429  # type: ignore[attr-defined]
    assert "网络地址" in refused.json()["message"]  # type: ignore[attr-defined]
    clock.advance(minutes=1, seconds=1)
    assert login(client, "legal", PASSWORD).status_code == 200  # type: ignore[attr-defined]


def test_unknown_and_known_accounts_answer_alike(
    client: TestClient, users: dict[str, User], clock: Clock
) -> None:
    known = [login(client, "officer", "wrong").json() for _ in range(6)]  # type: ignore[attr-defined]
    unknown = [login(client, "no-such-user", "wrong").json() for _ in range(6)]  # type: ignore[attr-defined]
    assert [k["code"] for k in known] == [u["code"] for u in unknown]
    assert known[0]["message"] == unknown[0]["message"]


def test_failures_and_lock_outs_are_audited_without_the_password(
    client: TestClient, users: dict[str, User], clock: Clock, session, settings: Settings
) -> None:
    for i in range(throttle.ACCOUNT_LIMIT + 3):
        login(client, "officer", f"secret-guess-{i}")
    session.expire_all()
    entries = session.exec(select(AuditEntry).where(AuditEntry.entity == "login")).all()
    actions = Counter(e.action for e in entries)
    # refused attempts (locked) check no password and write nothing: only the 5 failures and the one lock-out
    assert actions == {"auth.login_failed": throttle.ACCOUNT_LIMIT, "auth.locked_out": 1}
    locked = next(e for e in entries if e.action == "auth.locked_out")
    assert locked.payload["scope"] == "account" and locked.payload["username"] == "officer"
    assert locked.payload["locked_until"] and locked.payload["seconds"] == 60
    failed = [e for e in entries if e.action == "auth.login_failed"]
    assert failed[0].payload["user_id"] == users["officer"].id
    assert failed[0].payload["client"] == "testclient" and failed[0].payload["reason"] == "bad_credentials"
    assert "secret-guess" not in str([e.payload for e in entries])
    assert audit_service.verify(session).ok


def test_the_lock_survives_a_restart(settings: Settings, users: dict[str, User], clock: Clock) -> None:
    def new_app() -> Iterator[TestClient]:
        app = FastAPI()
        mount(app, settings)
        with TestClient(app) as c:
            yield c

    for c in new_app():
        for i in range(throttle.ACCOUNT_LIMIT):
            login(c, "officer", f"wrong-{i}")
    db.dispose_engine(settings.sqlalchemy_url)  # the process's connections are gone, as after a restart
    for c in new_app():
        assert login(c, "officer", PASSWORD).status_code == 429  # type: ignore[attr-defined]
    with db.session_for(settings) as s:
        row = s.get(LoginThrottle, throttle.account_key("officer"))
        assert row is not None and row.lockouts == 1 and row.locked_until is not None


def test_parallel_guesses_cannot_check_more_passwords_than_the_limit(
    settings: Settings, users: dict[str, User], clock: Clock
) -> None:
    outcomes: Counter[str] = Counter()
    lock = threading.Lock()

    def guess(i: int) -> None:
        with db.session_for(settings) as s:
            try:
                throttle.authenticate(
                    s, settings=settings, username="officer", password=f"wrong-{i}", client="10.0.0.1"
                )
                kind = "ok"
            except TooManyAttempts:
                kind = "429"
            except Unauthenticated:
                kind = "401"
        with lock:
            outcomes[kind] += 1

    threads = [threading.Thread(target=guess, args=(i,)) for i in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcomes["ok"] == 0 and outcomes.total() == 12
    assert outcomes["401"] + outcomes["429"] == 12
    # at most the limit's passwords were checked (the one that locks answers 429)
    assert outcomes["401"] <= throttle.ACCOUNT_LIMIT - 1


def test_old_rows_are_pruned(settings: Settings, users: dict[str, User], clock: Clock, session) -> None:
    with db.session_for(settings) as s:
        for i in range(3):
            with pytest.raises(Unauthenticated):
                throttle.authenticate(
                    s, settings=settings, username=f"old-{i}", password="x", client="10.0.0.9"
                )
    clock.advance(hours=25)
    with db.session_for(settings) as s, pytest.raises(Unauthenticated):
        throttle.authenticate(s, settings=settings, username="new", password="x", client="10.0.0.8")
    session.expire_all()
    keys = {row.key for row in session.exec(select(LoginThrottle))}
    assert keys == {throttle.account_key("new"), throttle.client_key("10.0.0.8")}
