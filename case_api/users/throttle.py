"""Login throttling per account and per client address, kept in the database (table ``login_throttle``).

Policy (module constants; tests lower them):

- ``ACCOUNT_LIMIT`` (5) failed logins for one username within ``WINDOW`` (15 min), or ``CLIENT_LIMIT`` (20) from one
  client address, lock that username or address. A lock lasts ``LOCK_BASE`` (1 min) the first time and twice as
  long at each further lock-out (up to ``LOCK_MAX``, 1 h) until a successful login, or ``FORGET`` (24 h) without
  an attempt.
- While locked, every attempt is refused with HTTP 429 ``too_many_attempts`` and ``Retry-After`` **before** the
  password is checked: the right password does not open a locked account until the lock expires.
- Every attempt is counted before its password is checked (a reservation), so guesses sent in parallel cannot
  exceed the limit; a success gives the reservation back (the account's counter is cleared, the address's goes
  down by one — a success does not wipe an address's failures, or one valid account would unlock guessing).
- Usernames are counted whether or not they exist (the answers do not tell which exist).
- Every failed login (``auth.login_failed``) and every lock-out (``auth.locked_out``) is written to the audit log.

The database rather than Redis or memory: state must hold across worker processes and restarts, the server runs
without Redis, and logins are rare enough that two short transactions each cost nothing. Rows are locked
(``SELECT … FOR UPDATE`` on PostgreSQL; on SQLite a write first, which takes the database's write lock) while
counting, never while bcrypt runs.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import delete, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col, select

from case_api.audit import service as audit_service
from case_api.errors import TooManyAttempts, Unauthenticated
from case_api.sqltypes import utcnow
from case_api.users import service
from case_api.users.models import LoginThrottle, User
from core.settings import Settings

ACCOUNT_LIMIT = 5
CLIENT_LIMIT = 20
WINDOW = timedelta(minutes=15)
LOCK_BASE = timedelta(minutes=1)
LOCK_MAX = timedelta(hours=1)
FORGET = timedelta(hours=24)

_KEY_MAX = 128


def account_key(username: str) -> str:
    return "user:" + username[: _KEY_MAX - 5]


def client_key(address: str) -> str:
    return "ip:" + address[: _KEY_MAX - 3]


def lock_duration(lockouts: int) -> timedelta:
    """The ``lockouts``-th lock-out in a row: 1, 2, 4, 8 … minutes, at most ``LOCK_MAX``."""
    return min(LOCK_BASE * (2 ** min(max(lockouts - 1, 0), 20)), LOCK_MAX)


@dataclass(frozen=True)
class Scope:
    key: str
    limit: int
    kind: str  # "account" | "client"


def _scopes(username: str, client: str) -> list[Scope]:
    return [
        Scope(account_key(username), ACCOUNT_LIMIT, "account"),
        Scope(client_key(client), CLIENT_LIMIT, "client"),
    ]


def _lock_rows(session: Session, keys: list[str], now: datetime) -> dict[str, LoginThrottle]:
    """The rows of ``keys`` (created when missing), locked until the transaction ends, in key order."""
    keys = sorted(set(keys))
    table = LoginThrottle.__table__  # type: ignore[attr-defined]
    values = [{"key": k, "failures": 0, "window_start": now, "lockouts": 0} for k in keys]
    dialect = session.get_bind().dialect.name
    stmt = select(LoginThrottle).where(col(LoginThrottle.key).in_(keys)).order_by(col(LoginThrottle.key))
    if dialect == "postgresql":
        session.execute(pg_insert(table).values(values).on_conflict_do_nothing(index_elements=["key"]))
        stmt = stmt.with_for_update()
    else:
        session.execute(sqlite_insert(table).values(values).on_conflict_do_nothing(index_elements=["key"]))
        # a write first: takes SQLite's write lock before the rows are read
        session.execute(update(table).where(table.c.key.in_(keys)).values(failures=table.c.failures))
    rows = session.exec(stmt.execution_options(populate_existing=True)).all()
    return {row.key: row for row in rows}


def _seconds(delta: timedelta) -> int:
    return max(1, math.ceil(delta.total_seconds()))


def _wait_words(seconds: int) -> str:
    return f"{seconds} 秒" if seconds < 60 else f"{math.ceil(seconds / 60)} 分钟"


def _refusal(scope: Scope, until: datetime, now: datetime, settings: Settings) -> TooManyAttempts:
    seconds = _seconds(until - now)
    local = until.astimezone(ZoneInfo(settings.timezone)).strftime("%H:%M:%S")
    who = "该账号" if scope.kind == "account" else "您所在的网络地址"
    return TooManyAttempts(
        f"登录失败次数过多，{who}已被暂时锁定。请在 {_wait_words(seconds)}后（{local} 以后）再试；"
        "忘记密码请联系系统管理员。",
        retry_after=seconds,
        details={"scope": scope.kind, "retry_after": seconds, "locked_until": until.isoformat()},
    )


def _reserve(session: Session, settings: Settings, scopes: list[Scope], now: datetime) -> None:
    """Count this attempt for every scope, or refuse it (429) when one is locked or has no attempt left."""
    rows = _lock_rows(session, [s.key for s in scopes], now)
    refusals: list[TooManyAttempts] = []
    for scope in scopes:
        row = rows[scope.key]
        if row.locked_until is not None and row.locked_until > now:
            refusals.append(_refusal(scope, row.locked_until, now, settings))
            continue
        if row.window_start + FORGET <= now:
            row.lockouts = 0
        if row.locked_until is not None or row.window_start + WINDOW <= now:  # lock over or window over
            row.failures, row.window_start, row.locked_until = 0, now, None
        if row.failures >= scope.limit:  # the last attempts are still being checked: they will lock it
            refusals.append(_refusal(scope, now + lock_duration(row.lockouts + 1), now, settings))
    if refusals:
        session.rollback()
        raise max(refusals, key=lambda r: r.retry_after)
    for row in rows.values():
        row.failures += 1
        session.add(row)
    session.commit()


def _release(session: Session, scopes: list[Scope], now: datetime) -> None:
    """A successful login: clear the account's counter, give the address its reservation back."""
    rows = _lock_rows(session, [s.key for s in scopes], now)
    for scope in scopes:
        row = rows[scope.key]
        if scope.kind == "account":
            session.delete(row)
        else:
            row.failures = max(0, row.failures - 1)
            session.add(row)
    session.commit()


def _record_failure(
    session: Session,
    settings: Settings,
    scopes: list[Scope],
    now: datetime,
    *,
    username: str,
    client: str,
    user: User | None,
    reason: str,
) -> TooManyAttempts | None:
    """Keep the failure counted, lock what reached its limit, audit both; the refusal to answer with, if any."""
    rows = _lock_rows(session, [s.key for s in scopes], now)
    refusals: list[TooManyAttempts] = []
    for scope in scopes:
        row = rows[scope.key]
        row.last_failure_at = now
        already_locked = row.locked_until is not None and row.locked_until > now
        if row.failures >= scope.limit and not already_locked:
            row.lockouts += 1
            row.locked_until = now + lock_duration(row.lockouts)
            refusals.append(_refusal(scope, row.locked_until, now, settings))
            audit_service.append(
                session,
                actor_id=None,
                action="auth.locked_out",
                entity="login",
                entity_id=scope.key[:64],
                payload={
                    "scope": scope.kind,
                    "username": username[:64],
                    "client": client[:64],
                    "failures": row.failures,
                    "lockouts": row.lockouts,
                    "locked_until": row.locked_until.isoformat(),
                    "seconds": _seconds(row.locked_until - now),
                },
            )
        session.add(row)
    account, address = rows[scopes[0].key], rows[scopes[1].key]
    audit_service.append(
        session,
        actor_id=None,
        action="auth.login_failed",
        entity="login",
        entity_id=username[:64],
        payload={
            "username": username[:64],
            "user_id": user.id if user is not None else None,
            "client": client[:64],
            "reason": reason,
            "account_failures": account.failures,
            "client_failures": address.failures,
        },
    )
    # forget what nobody tried for a day: the table holds only recent attempts
    stale = now - FORGET
    session.execute(
        delete(LoginThrottle).where(
            col(LoginThrottle.window_start) < stale,
            (col(LoginThrottle.locked_until).is_(None)) | (col(LoginThrottle.locked_until) < now),
            col(LoginThrottle.key).not_in([s.key for s in scopes]),
        )
    )
    session.commit()
    return max(refusals, key=lambda r: r.retry_after) if refusals else None


def authenticate(
    session: Session,
    *,
    settings: Settings,
    username: str,
    password: str,
    client: str,
    now: datetime | None = None,
) -> User:
    """:func:`case_api.users.service.authenticate` behind the throttle: the user, or ``Unauthenticated`` (401) /
    ``TooManyAttempts`` (429). Commits its own short transactions."""
    now = now or utcnow()
    scopes = _scopes(username, client)
    _reserve(session, settings, scopes, now)
    try:
        user = service.authenticate(session, username=username, password=password)
    except Unauthenticated as exc:
        session.rollback()
        if exc.code == "inactive_user":  # the password was right: the account is disabled, not being guessed
            _release(session, scopes, now)
            raise
        known = service.get_by_username(session, username)
        refusal = _record_failure(
            session, settings, scopes, now, username=username, client=client, user=known, reason=exc.code
        )
        if refusal is not None:
            raise refusal from None
        raise
    except BaseException:
        session.rollback()
        _release(session, scopes, now)  # not a failed password: give the attempt back
        raise
    user_id = user.id
    _release(session, scopes, now)
    return session.get(User, user_id) or user
