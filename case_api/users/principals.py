"""Who is calling: the user behind a verified access token, with a snapshot kept for a few seconds.

Every authenticated request needs the caller's row (role, active flag, and for citizens their identity). Reading it
costs a query and a worker-thread hop per request, on a busy server more than many routes' own work; so a snapshot of
the row is kept for :data:`TTL_SECONDS` per user id by the :class:`~case_api.db.Database` (its ``user_snapshots``),
as a frozen :class:`Principal`. Routes that only
need to know who calls (the hot case reads) take the principal itself; the others get their own detached ``User``
made from it (:meth:`Principal.user`), never a shared instance, so a route may still attach it to its session.
Changes made through :mod:`case_api.users.service` drop the snapshot at once in this process; another process (a
second server worker, the ``zhifa users`` CLI) is seen within the TTL — a deactivated account is refused at most
that much later.
"""

from __future__ import annotations

import time
from dataclasses import astuple, dataclass, fields
from datetime import datetime

from sqlalchemy.orm import make_transient_to_detached
from sqlmodel import Session

from case_api.db import Database
from case_api.users.models import Role, User

TTL_SECONDS = 5.0
_MAX_ENTRIES = 10_000


@dataclass(frozen=True, slots=True)
class Principal:
    """Every column of a user's row, immutable: safe to share between concurrent requests."""

    id: int
    username: str
    full_name: str
    role: Role
    badge_no: str | None
    phone: str | None
    id_number: str | None
    hashed_password: str
    is_active: bool
    created_at: datetime

    @classmethod
    def of(cls, user: User) -> Principal:
        return cls(**{name: getattr(user, name) for name in _FIELDS})

    def user(self) -> User:
        """A detached ``User`` of this row, the caller's own (attach it to a session to change it)."""
        user = User(**dict(zip(_FIELDS, astuple(self), strict=True)))
        make_transient_to_detached(user)
        return user


_FIELDS = tuple(f.name for f in fields(Principal))
assert set(_FIELDS) == set(User.__table__.columns.keys()), "Principal must carry every column of app_user"  # type: ignore[attr-defined]


def principal(database: Database, user_id: int) -> Principal | None:
    """The user from a fresh snapshot in ``database``, or ``None`` (never seen, expired or forgotten)."""
    hit = database.user_snapshots.get(user_id)
    if hit is None or hit[0] < time.monotonic():
        return None
    found: Principal = hit[1]
    return found


def cached(database: Database, user_id: int) -> User | None:
    """A detached copy of the user from a fresh snapshot, or ``None`` (never seen, expired or forgotten)."""
    found = principal(database, user_id)
    return None if found is None else found.user()


def fetch(database: Database, user_id: int) -> Principal | None:
    """The user from the database, remembered for the next requests."""
    with database.session() as session:
        user = load(database, session, user_id)
        return None if user is None else Principal.of(user)


def load(database: Database, session: Session, user_id: int) -> User | None:
    """The user from ``database`` (attached to ``session``, one of its sessions), remembered for the next
    requests."""
    user = session.get(User, user_id)
    if user is not None:
        snapshots = database.user_snapshots
        if len(snapshots) >= _MAX_ENTRIES:
            snapshots.clear()
        snapshots[user_id] = (time.monotonic() + TTL_SECONDS, Principal.of(user))
    return user


def forget(database: Database, user_id: int | None = None) -> None:
    """Drop ``database``'s snapshot of ``user_id``, or all of them."""
    if user_id is None:
        database.user_snapshots.clear()
    else:
        database.user_snapshots.pop(user_id, None)
