"""``Annotated`` dependency aliases shared by every route.

::

    SettingsDep   the app's Settings (``app.state.settings``)
    SessionDep    one SQLModel session per request
    CurrentUser   the authenticated, active user (Bearer JWT) — 401 otherwise
    require_roles(Role.officer, Role.legal)   a dependency returning the user if their role is listed — 403 otherwise
    require_principal(Role.officer, …)        the same check, returning the caller's frozen ``Principal`` (no ORM
                  object): for hot read routes that only need to know who calls
    StoreDep      the content-addressed file store under ``settings.evidence_dir``

The dependencies are ``async``: FastAPI runs every synchronous dependency in its own threadpool hop, and on a busy
server those hops (GIL hand-offs between the event loop and worker threads) cost more than the work. Only the user
lookup touches the database, in one hop; routes then do their own work in one more.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends, Path, Request
from fastapi.security import OAuth2PasswordBearer
from sqlmodel import Session

from case_api.db import get_session, run_read
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
SessionDep = Annotated[Session, Depends(get_session)]

oauth2_scheme = OAuth2PasswordBearer(tokenUrl="/api/auth/token", auto_error=False)


async def current_principal(settings: Settings, token: str | None) -> Principal:
    """The active caller behind ``token`` (a snapshot, else one read in a reader thread); 401 otherwise."""
    if not token:
        raise Unauthenticated("请先登录（缺少访问令牌）。")
    user_id = decode_access_token(settings, token)
    found = principals.principal(settings.sqlalchemy_url, user_id) or await run_read(
        principals.fetch, settings, user_id
    )
    if found is None or not found.is_active:
        raise Unauthenticated("账号不存在或已停用，请联系管理员。", code="inactive_user")
    return found


async def get_current_user(
    settings: SettingsDep, token: Annotated[str | None, Depends(oauth2_scheme)]
) -> User:
    return (await current_principal(settings, token)).user()


CurrentUser = Annotated[User, Depends(get_current_user)]


def require_principal(*roles: Role) -> Callable[..., Awaitable[Principal]]:
    """As :func:`require_roles`, returning the caller's :class:`Principal`, in one dependency (FastAPI resolves each
    level of a dependency tree on every request; on the hot reads that was a good part of the route's cost)."""
    allowed = frozenset(roles)
    names = "、".join(ROLE_LABELS[r] for r in roles)

    async def dependency(request: Request, token: Annotated[str | None, Depends(oauth2_scheme)]) -> Principal:
        found = await current_principal(request.app.state.settings, token)
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
