"""Staff bindings (one-time codes → openid ↔ user) and inbound-message dedupe. Keyword-only; the caller commits
unless a function says otherwise.

Inbound messages move through ``pending → inline`` (answered in the reply) or ``pending → deferred → pushing →
pushed`` (acknowledged, then sent through the customer-service API). Every move is one conditional ``UPDATE``
(:func:`claim`): of two racing parties exactly one wins, so an answer is delivered once.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from case_api.audit import service as audit_service
from case_api.errors import NotFound, ValidationFailed
from case_api.sqltypes import utcnow
from case_api.users.models import STAFF_ROLES, User
from case_api.wechat import throttle
from case_api.wechat.models import App, BindingCode, Identity, Inbound, InboundStatus
from core.settings import Settings

CODE_DIGITS = 8


def _hash(settings: Settings, code: str) -> str:
    return hmac.new(settings.secret_key.encode(), f"wechat-bind:{code}".encode(), hashlib.sha256).hexdigest()


# --- binding codes --------------------------------------------------------------------------------------------


def issue_code(
    session: Session, *, settings: Settings, user: User, now: datetime | None = None
) -> tuple[str, datetime]:
    """A new one-time code for ``user`` (staff); earlier unused codes of the user stop working."""
    assert user.id is not None
    if user.role not in STAFF_ROLES:
        raise ValidationFailed("仅工作人员可绑定公众号。", code="staff_only")
    now = now or utcnow()
    for old in session.exec(
        select(BindingCode).where(BindingCode.user_id == user.id, col(BindingCode.used_at).is_(None))
    ):
        session.delete(old)
    code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
    expires = now + timedelta(minutes=settings.wechat.binding_code_minutes)
    session.add(
        BindingCode(code_hash=_hash(settings, code), user_id=user.id, expires_at=expires, created_at=now)
    )
    audit_service.append(
        session, actor_id=user.id, action="wechat.code_issued", entity="user", entity_id=user.id,
        payload={"expires_at": expires.isoformat()},
    )  # fmt: skip
    return code, expires


def redeem_code(
    session: Session, *, settings: Settings, openid: str, code: str, now: datetime | None = None
) -> User:
    """Bind ``openid`` (official account) to the code's user; commits. Wrong, used or expired codes are one error,
    and guesses are throttled per openid (429 after 5 failures)."""
    now = now or utcnow()
    key = f"wxcode:{openid}"[:128]
    throttle.reserve(session, key, now)
    found = session.get(BindingCode, _hash(settings, code.strip()))
    user = session.get(User, found.user_id) if found is not None else None
    if (
        found is None
        or found.used_at is not None
        or found.expires_at <= now
        or user is None
        or not user.is_active
        or user.role not in STAFF_ROLES
    ):
        session.rollback()
        throttle.failed(session, key, now)
        raise ValidationFailed("绑定码无效或已过期：请在工作台重新获取绑定码。", code="bad_binding_code")
    found.used_at, found.used_by_openid = now, openid
    session.add(found)
    bind_identity(session, app=App.official, openid=openid, user=user, now=now)
    throttle.succeeded(session, key, now)
    session.commit()
    return user


def bind_identity(
    session: Session, *, app: App, openid: str, user: User, now: datetime | None = None
) -> Identity:
    """``openid`` of ``app`` is now ``user`` (a rebinding moves it; audited)."""
    assert user.id is not None
    now = now or utcnow()
    identity = identity_for(session, app=app, openid=openid)
    if identity is None:
        identity = Identity(app=app, openid=openid)
    identity.user_id, identity.bound_at = user.id, now
    session.add(identity)
    session.flush()
    audit_service.append(
        session, actor_id=user.id, action="wechat.bound", entity="user", entity_id=user.id,
        payload={"app": str(app), "openid": openid[:6] + "…"},
    )  # fmt: skip
    return identity


def identity_for(session: Session, *, app: App, openid: str) -> Identity | None:
    return session.exec(select(Identity).where(Identity.app == app, Identity.openid == openid)).first()


def user_for_openid(session: Session, *, app: App, openid: str) -> User | None:
    """The active user bound to ``openid``, else ``None``."""
    identity = identity_for(session, app=app, openid=openid)
    if identity is None or identity.user_id is None:
        return None
    user = session.get(User, identity.user_id)
    return user if user is not None and user.is_active else None


def openids_of(session: Session, *, app: App, user_ids: list[int]) -> dict[int, list[str]]:
    if not user_ids:
        return {}
    rows = session.exec(
        select(Identity.user_id, Identity.openid).where(
            Identity.app == app, col(Identity.user_id).in_(user_ids)
        )
    ).all()
    out: dict[int, list[str]] = {}
    for uid, openid in rows:
        if uid is not None:
            out.setdefault(uid, []).append(openid)
    return out


def conversation_for(
    session: Session, *, app: App, openid: str, within: timedelta, now: datetime | None = None
) -> str | None:
    """The chat thread this openid used within ``within`` (a WeChat chat is one thread; a pause starts a new one)."""
    identity = identity_for(session, app=app, openid=openid)
    now = now or utcnow()
    if identity is None or not identity.conversation_id or identity.conversation_at is None:
        return None
    return identity.conversation_id if now - identity.conversation_at <= within else None


def remember_conversation(
    session: Session, *, app: App, openid: str, conversation_id: str | None, now: datetime | None = None
) -> None:
    """Keep (or, with ``None``, forget) the thread of ``openid``; commits."""
    identity = identity_for(session, app=app, openid=openid)
    if identity is None:
        return
    identity.conversation_id, identity.conversation_at = conversation_id, (now or utcnow())
    session.add(identity)
    session.commit()


def unbind(session: Session, *, user: User, app: App = App.official) -> int:
    assert user.id is not None
    rows = list(session.exec(select(Identity).where(Identity.app == app, Identity.user_id == user.id)))
    for row in rows:
        row.user_id, row.bound_at, row.conversation_id = None, None, None
        session.add(row)
    if rows:
        audit_service.append(
            session, actor_id=user.id, action="wechat.unbound", entity="user", entity_id=user.id,
            payload={"app": str(app), "count": len(rows)},
        )  # fmt: skip
    return len(rows)


# --- inbound messages (dedupe) --------------------------------------------------------------------------------


def record_inbound(session: Session, *, msg_key: str, openid: str, kind: str) -> bool:
    """Store a message once; ``False`` when it was already stored (a WeChat retry). Commits."""
    try:
        session.add(Inbound(msg_key=msg_key[:96], openid=openid[:64], kind=kind[:24]))
        session.commit()
    except IntegrityError:
        session.rollback()
        return False
    return True


def claim(
    session: Session, *, msg_key: str, from_: tuple[InboundStatus, ...], to: InboundStatus, **values: object
) -> bool:
    """Move the message from one of ``from_`` to ``to`` (and set ``values``) if it is in one of them; commits.
    ``True`` for the one caller that made the move."""
    table = Inbound.__table__  # type: ignore[attr-defined]
    changes: dict[str, object] = {"status": str(to), **values}
    if to in (InboundStatus.inline, InboundStatus.pushed):
        changes.setdefault("answered_at", utcnow())
    result = session.execute(
        update(table)
        .where(table.c.msg_key == msg_key[:96], table.c.status.in_([str(s) for s in from_]))
        .values(**changes)
    )
    session.commit()
    return bool(getattr(result, "rowcount", 0) == 1)


def inbound(session: Session, msg_key: str) -> Inbound:
    found = session.exec(
        select(Inbound).where(Inbound.msg_key == msg_key[:96]).execution_options(populate_existing=True)
    ).first()
    if found is None:
        raise NotFound("消息不存在。")
    return found
