"""``Annotated`` dependency aliases shared by every route.

::

    SettingsDep   the app's Settings (``app.state.settings``)
    DatabaseDep   the app's Database (``app.state.database``: engine, reader pools, snapshots of callers)
    SessionDep    one SQLModel session per request, from that Database
    CurrentUser   the authenticated, active user (Bearer JWT) — 401 otherwise
    require_roles(Role.officer, Role.legal)   a dependency returning the user if their role is listed — 403 otherwise
    require_principal(Role.officer, …)        the same check, returning the caller's frozen ``Principal`` (no ORM
                  object): for hot read routes that only need to know who calls
    StoreDep      the content-addressed file store under ``settings.evidence_dir``

The dependencies are ``async``: FastAPI runs every synchronous dependency in its own threadpool hop, and on a busy
server those hops (GIL hand-offs between the event loop and worker threads) cost more than the work. Only the user
lookup touches the database — a row by its key, read once for all the requests that need it at the same moment
(:func:`fetch_principal`); routes then do their own work.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends, Path, Request
from fastapi.security import OAuth2PasswordBearer
from sqlalchemy import Connection
from sqlmodel import Session

from case_api.db import Database, get_session, request_database
from case_api.errors import Forbidden, Unauthenticated
from case_api.storage import BlobStore
from case_api.users import principals
from case_api.users.models import ROLE_LABELS, Role, User
from case_api.users.principals import Principal
from case_api.users.security import decode_access_token
from core.settings import Settings


async def get_request_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


MAX_ID = 2_147_483_647  # INTEGER keys: larger ids are refused at the edge (422), not by the database
IdPath = Annotated[int, Path(ge=1, le=MAX_ID)]

SettingsDep = Annotated[Settings, Depends(get_request_settings)]
DatabaseDep = Annotated[Database, Depends(request_database)]
SessionDep = Annotated[Session, Depends(get_session)]

oauth2_scheme = OAuth2PasswordBearer(tokenUrl="/api/auth/token", auto_error=False)


def _principal_on(conn: Connection, database: Database, user_id: int) -> Principal | None:
    with Session(bind=conn) as session:
        user = principals.load(database, session, user_id)
        return None if user is None else Principal.of(user)


async def fetch_principal(database: Database, user_id: int) -> Principal | None:
    """The user's row from ``database`` (remembered as a snapshot), read once for every request that asks while
    it is being read (the reads in flight are the database's ``user_reads``).

    When a snapshot expires, every connection of a busy client asks for it at once. Each asked on its own: under
    bench/load.py, 35 to 64 reads of the same row every :data:`principals.TTL_SECONDS`, queued on the four reader
    threads, whose Python work took the GIL from the event loop at each of the loop's system calls and each of
    SQLite's row steps — a convoy that held up every request on the loop for up to 230 ms (the slowest percent of
    the hot reads). Now the first asks and the others wait for its answer. The read stays in a reader thread even
    on SQLite, where a row by its key could be read on the loop: measured with bench/load.py (case list, SQLite),
    reading it on the loop gave a p99 of 310–370 ms against 34–41 ms in a thread.
    """
    reads = database.user_reads
    task: asyncio.Task[Principal | None] | None = reads.get(user_id)
    if task is None or task.get_loop() is not asyncio.get_running_loop():
        task = asyncio.ensure_future(database.read(_principal_on, database, user_id))
        reads[user_id] = task

        def done(t: asyncio.Task[Principal | None]) -> None:
            if reads.get(user_id) is t:
                del reads[user_id]
            if not t.cancelled():
                t.exception()  # retrieved: the callers that still wait get it from the task itself

        task.add_done_callback(done)
    return await asyncio.shield(task)


async def current_principal(database: Database, settings: Settings, token: str | None) -> Principal:
    """The active caller behind ``token`` (a snapshot, else one read of their row); 401 otherwise."""
    if not token:
        raise Unauthenticated("请先登录（缺少访问令牌）。")
    user_id = decode_access_token(settings, token)
    found = principals.principal(database, user_id) or await fetch_principal(database, user_id)
    if found is None or not found.is_active:
        raise Unauthenticated("账号不存在或已停用，请联系管理员。", code="inactive_user")
    return found


async def get_current_user(request: Request, token: Annotated[str | None, Depends(oauth2_scheme)]) -> User:
    state = request.app.state
    return (await current_principal(state.database, state.settings, token)).user()


CurrentUser = Annotated[User, Depends(get_current_user)]


def require_principal(*roles: Role) -> Callable[..., Awaitable[Principal]]:
    """As :func:`require_roles`, returning the caller's :class:`Principal`, in one dependency (FastAPI resolves each
    level of a dependency tree on every request; on the hot reads that was a good part of the route's cost)."""
    allowed = frozenset(roles)
    names = "、".join(ROLE_LABELS[r] for r in roles)

    async def dependency(request: Request, token: Annotated[str | None, Depends(oauth2_scheme)]) -> Principal:
        state = request.app.state
        found = await current_principal(state.database, state.settings, token)
        if found.role not in allowed:
            raise Forbidden(f"无权执行此操作：仅限{names}。", code="role_forbidden")
        return found

    return dependency


def require_roles(*roles: Role) -> Callable[..., Awaitable[User]]:
    """A dependency that lets only the listed roles through: ``Depends(require_roles(Role.officer))``; the route
    gets its own detached ``User`` (the check is :func:`require_principal`'s)."""
    allowed = require_principal(*roles)

    # a default, not Annotated: this module's annotations are strings, which FastAPI resolves in module scope
    async def dependency(caller: Principal = Depends(allowed)) -> User:
        return caller.user()

    return dependency


async def get_store(settings: SettingsDep) -> BlobStore:
    return BlobStore(settings.evidence_dir)


StoreDep = Annotated[BlobStore, Depends(get_store)]

# common role sets
StaffUser = Annotated[User, Depends(require_roles(Role.officer, Role.legal, Role.commander, Role.admin))]
AdminUser = Annotated[User, Depends(require_roles(Role.admin))]
