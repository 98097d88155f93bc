"""Throttling of guessable WeChat inputs (a citizen's case binding, a staff binding code), on the login throttle's
table and rules (:mod:`case_api.users.throttle`): every attempt is counted before it is checked, ``limit`` failures
within the window lock the key for 1, 2, 4 … minutes, a success clears it. Keys: ``mini:<user id>``,
``wxcode:<openid>``.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from case_api.errors import TooManyAttempts
from case_api.users.throttle import FORGET, WINDOW, _lock_rows, _seconds, _wait_words, lock_duration

LIMIT = 5


def reserve(session: Session, key: str, now: datetime, *, limit: int = LIMIT) -> None:
    """Count one attempt for ``key`` (committed), or refuse it (429) while the key is locked."""
    row = _lock_rows(session, [key], now)[key]
    if row.locked_until is not None and row.locked_until > now:
        session.rollback()
        raise _refusal(_seconds(row.locked_until - now))
    if row.window_start + FORGET <= now:
        row.lockouts = 0
    if row.locked_until is not None or row.window_start + WINDOW <= now:
        row.failures, row.window_start, row.locked_until = 0, now, None
    if row.failures >= limit:
        session.rollback()
        raise _refusal(_seconds(lock_duration(row.lockouts + 1)))
    row.failures += 1
    session.add(row)
    session.commit()


def failed(session: Session, key: str, now: datetime, *, limit: int = LIMIT) -> None:
    """The attempt failed: lock the key when it reached ``limit`` (committed)."""
    row = _lock_rows(session, [key], now)[key]
    row.last_failure_at = now
    if row.failures >= limit and not (row.locked_until is not None and row.locked_until > now):
        row.lockouts += 1
        row.locked_until = now + lock_duration(row.lockouts)
    session.add(row)
    session.commit()


def succeeded(session: Session, key: str, now: datetime) -> None:
    """The attempt succeeded: forget the key's failures (in the caller's transaction)."""
    row = _lock_rows(session, [key], now)[key]
    session.delete(row)


def _refusal(seconds: int) -> TooManyAttempts:
    return TooManyAttempts(
        f"尝试次数过多，已暂时锁定。请在 {_wait_words(seconds)}后再试；如有疑问请联系办案机关。",
        retry_after=seconds,
        details={"retry_after": seconds},
    )
