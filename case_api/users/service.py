"""Users: create, read, update, authenticate. Keyword-only functions; the caller commits."""

from __future__ import annotations

from sqlalchemy import event
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from case_api import updates
from case_api.audit import service as audit_service
from case_api.db import Database
from case_api.errors import Conflict, NotFound, Unauthenticated, ValidationFailed
from case_api.users import principals, security
from case_api.users.models import Role, User, UserCreate, UserUpdate
from case_api.users.security import hash_password, verify_password


def get(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise NotFound(f"用户 {user_id} 不存在。")
    return user


def get_by_username(session: Session, username: str) -> User | None:
    return session.exec(select(User).where(User.username == username)).first()


def list_users(session: Session, *, role: Role | None = None) -> list[User]:
    stmt = select(User)
    if role is not None:
        stmt = stmt.where(User.role == role)
    return list(session.exec(stmt.order_by(col(User.id))))


def create(session: Session, *, data: UserCreate, actor_id: int | None = None) -> User:
    if data.role == Role.officer and not data.badge_no:
        raise ValidationFailed("执法队员必须填写执法证号（badge_no）。", code="badge_required")
    if get_by_username(session, data.username) is not None:
        raise Conflict(f"用户名 {data.username} 已被使用，请换一个。", code="username_taken")
    if data.badge_no and session.exec(select(User).where(User.badge_no == data.badge_no)).first():
        raise Conflict(f"执法证号 {data.badge_no} 已登记给其他用户。", code="badge_taken")
    user = User.model_validate(data, update={"hashed_password": hash_password(data.password)})
    session.add(user)
    session.flush()
    assert user.id is not None
    audit_service.append(
        session,
        actor_id=actor_id,
        action="user.created",
        entity="user",
        entity_id=user.id,
        payload={"username": user.username, "role": str(user.role), "badge_no": user.badge_no},
    )
    return user


def update(session: Session, *, user: User, data: UserUpdate, actor_id: int | None) -> User:
    changes = updates.changes(data, required=frozenset({"full_name", "is_active"}))
    badge_no = changes.get("badge_no")
    if (
        badge_no is not None
        and session.exec(select(User).where(User.badge_no == badge_no, col(User.id) != user.id)).first()
    ):
        raise Conflict(f"执法证号 {badge_no} 已登记给其他用户。", code="badge_taken")
    password = changes.pop("password", None)
    if password:
        user.hashed_password = hash_password(password)
    user.sqlmodel_update(changes)
    session.add(user)
    try:
        session.flush()
    except IntegrityError as exc:  # another request took the badge number in between
        raise Conflict(f"执法证号 {badge_no} 已登记给其他用户。", code="badge_taken") from exc
    database = Database.of(session)
    if (
        database is not None
    ):  # its snapshot goes now, and again once committed (a request may re-read the old row)
        principals.forget(database, user.id)
        event.listen(
            session, "after_commit", lambda _s, uid=user.id: principals.forget(database, uid), once=True
        )
    audit_service.append(
        session,
        actor_id=actor_id,
        action="user.updated",
        entity="user",
        entity_id=user.id or 0,
        payload={"fields": sorted(changes) + (["password"] if password else [])},
    )
    return user


def authenticate(session: Session, *, username: str, password: str) -> User:
    user = get_by_username(session, username)
    if user is None:
        verify_password(password, _dummy_hash())  # as long as a real check: the time does not tell who exists
        raise Unauthenticated("用户名或密码错误，请重试。", code="bad_credentials")
    if not verify_password(password, user.hashed_password):
        raise Unauthenticated("用户名或密码错误，请重试。", code="bad_credentials")
    if not user.is_active:
        raise Unauthenticated("账号已停用，请联系管理员。", code="inactive_user")
    return user


_DUMMY_HASHES: dict[int, str] = {}


def _dummy_hash() -> str:
    """A bcrypt hash of nothing, at the current cost (tests lower it)."""
    rounds = security.BCRYPT_ROUNDS
    if rounds not in _DUMMY_HASHES:
        _DUMMY_HASHES[rounds] = hash_password("zhifa-no-such-user")
    return _DUMMY_HASHES[rounds]
