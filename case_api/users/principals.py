"""Who is calling: the user behind a verified access token, with a snapshot kept for a few seconds.

Every authenticated request needs the caller's row (role, active flag, and for citizens their identity). Reading it
costs a query and a worker-thread hop per request, on a busy server more than many routes' own work; so a snapshot of
the row is kept for :data:`TTL_SECONDS` per database and user id. Each request gets its own detached ``User`` (from
the snapshot, or just read), never a shared instance, so a route may still attach it to its session. Changes made through
:mod:`case_api.users.service` drop the snapshot at once in this process; another process (a second server worker,
the ``zhifa users`` CLI) is seen within the TTL — a deactivated account is refused at most that much later.
"""

from __future__ import annotations

import time
from typing import Any

from sqlalchemy.orm import make_transient_to_detached
from sqlmodel import Session

from case_api.db import session_for
from case_api.users.models import User
from core.settings import Settings

TTL_SECONDS = 5.0
_MAX_ENTRIES = 10_000
_COLUMNS = tuple(User.__table__.columns.keys())  # type: ignore[attr-defined]
_snapshots: dict[tuple[str, int], tuple[float, dict[str, Any]]] = {}


def cached(url: str, user_id: int) -> User | None:
    """A detached copy of the user from a fresh snapshot, or ``None`` (never seen, expired or forgotten)."""
    hit = _snapshots.get((url, user_id))
    if hit is None or hit[0] < time.monotonic():
        return None
    user = User(**hit[1])
    make_transient_to_detached(user)
    return user


def fetch(settings: Settings, user_id: int) -> User | None:
    """The user from the database (detached, every column loaded), remembered for the next requests."""
    with session_for(settings) as session:
        return load(session, settings.sqlalchemy_url, user_id)


def load(session: Session, url: str, user_id: int) -> User | None:
    """The user from the database (attached to ``session``), remembered for the next requests."""
    user = session.get(User, user_id)
    if user is not None:
        if len(_snapshots) >= _MAX_ENTRIES:
            _snapshots.clear()
        _snapshots[(url, user_id)] = (time.monotonic() + TTL_SECONDS, {c: getattr(user, c) for c in _COLUMNS})
    return user


def forget(user_id: int | None = None) -> None:
    """Drop the snapshots of ``user_id`` (every database), or all of them."""
    if user_id is None:
        _snapshots.clear()
        return
    for key in [k for k in _snapshots if k[1] == user_id]:
        _snapshots.pop(key, None)
