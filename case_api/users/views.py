"""/api/auth (token, me) and /api/users (admin)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.security import OAuth2PasswordRequestForm

from case_api.deps import AdminUser, CurrentUser, IdPath, SessionDep, SettingsDep, require_roles
from case_api.users import service, throttle
from case_api.users.models import Role, Token, User, UserCreate, UserPublic, UserUpdate
from case_api.users.security import create_access_token

auth_router = APIRouter(prefix="/api/auth", tags=["auth 登录"])
router = APIRouter(prefix="/api/users", tags=["users 用户"])


@auth_router.post(
    "/token",
    response_model=Token,
    summary="登录取令牌 / OAuth2 password flow",
    description="同一账号连续输错密码 5 次、同一地址 20 次即暂时锁定（429 too_many_attempts，见 Retry-After）。",
    responses={
        401: {"description": "用户名或密码错误 / bad credentials"},
        429: {"description": "登录失败次数过多，暂时锁定 / too many failed logins"},
    },
)
def login(
    form: Annotated[OAuth2PasswordRequestForm, Depends()],
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
) -> Token:
    client = request.client.host if request.client else "unknown"
    user = throttle.authenticate(
        session, settings=settings, username=form.username, password=form.password, client=client
    )
    assert user.id is not None
    token = create_access_token(settings, user_id=user.id, role=user.role)
    return Token(access_token=token, expires_in=settings.access_token_minutes * 60)


@auth_router.get("/me", response_model=UserPublic, summary="当前用户 / who am I")
def me(user: CurrentUser) -> UserPublic:
    return UserPublic.of(user)


@router.get("", response_model=list[UserPublic], summary="用户列表")
def list_users(
    session: SessionDep,
    _: Annotated[User, Depends(require_roles(Role.admin, Role.commander, Role.legal))],
    role: Role | None = None,
) -> list[UserPublic]:
    return [UserPublic.of(u) for u in service.list_users(session, role=role)]


@router.post("", response_model=UserPublic, status_code=201, summary="新建用户（管理员）")
def create_user(data: UserCreate, session: SessionDep, admin: AdminUser) -> UserPublic:
    user = service.create(session, data=data, actor_id=admin.id)
    session.commit()
    return UserPublic.of(user)


@router.patch("/{user_id}", response_model=UserPublic, summary="修改用户（管理员）")
def update_user(user_id: IdPath, data: UserUpdate, session: SessionDep, admin: AdminUser) -> UserPublic:
    user = service.update(session, user=service.get(session, user_id), data=data, actor_id=admin.id)
    session.commit()
    return UserPublic.of(user)
