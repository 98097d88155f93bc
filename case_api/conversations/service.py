"""Conversation operations (keyword-only, the caller commits). A user reaches only their own conversations: another's
looks absent (404), as a citizen's view of another's case does."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, func
from sqlmodel import Session, col, select

from case_api.conversations.models import Conversation, ConversationMessage
from case_api.errors import NotFound
from case_api.sqltypes import utcnow

TITLE_CHARS = 60


def create(
    session: Session, *, user_id: int, title: str = "", topic: dict[str, Any] | None = None
) -> Conversation:
    conv = Conversation(
        id=secrets.token_hex(16), user_id=user_id, title=title[:TITLE_CHARS], topic=topic or {}
    )
    session.add(conv)
    session.flush()
    return conv


def get_own(session: Session, *, conversation_id: str, user_id: int) -> Conversation:
    conv = session.get(Conversation, conversation_id) if conversation_id else None
    if conv is None or conv.user_id != user_id:
        raise NotFound("会话不存在或已删除。", code="conversation_not_found")
    return conv


def append(
    session: Session,
    *,
    conversation: Conversation,
    role: str,
    text: str,
    skill: str | None = None,
    meta: dict[str, Any] | None = None,
    topic: dict[str, Any] | None = None,
    now: datetime | None = None,
) -> ConversationMessage:
    now = now or utcnow()
    row = ConversationMessage(
        conversation_id=conversation.id, role=role, text=text, skill=skill, meta=meta or {}, created_at=now
    )
    session.add(row)
    conversation.updated_at = now
    if topic is not None:
        conversation.topic = dict(topic)
    session.add(conversation)
    session.flush()
    return row


def messages(session: Session, *, conversation_id: str, limit: int = 50) -> list[ConversationMessage]:
    rows = session.exec(
        select(ConversationMessage)
        .where(ConversationMessage.conversation_id == conversation_id)
        .order_by(col(ConversationMessage.id).desc())
        .limit(limit)
    ).all()
    return list(reversed(rows))


def list_for(session: Session, *, user_id: int, limit: int = 50) -> list[tuple[Conversation, int]]:
    counts = (
        select(ConversationMessage.conversation_id, func.count().label("n"))
        .group_by(col(ConversationMessage.conversation_id))
        .subquery()
    )
    rows = session.exec(
        select(Conversation, func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.conversation_id == col(Conversation.id))
        .where(Conversation.user_id == user_id)
        .order_by(col(Conversation.updated_at).desc())
        .limit(limit)
    ).all()
    return [(conv, int(n)) for conv, n in rows]


def delete_own(session: Session, *, conversation_id: str, user_id: int) -> None:
    conv = get_own(session, conversation_id=conversation_id, user_id=user_id)
    _delete(session, [conv.id])


def _delete(session: Session, ids: list[str]) -> None:
    if not ids:
        return
    session.execute(delete(ConversationMessage).where(col(ConversationMessage.conversation_id).in_(ids)))
    session.execute(delete(Conversation).where(col(Conversation.id).in_(ids)))
    session.expire_all()


def purge(session: Session, *, retention_days: int, now: datetime | None = None) -> int:
    """Delete the conversations untouched for longer than ``retention_days``; how many were deleted."""
    cutoff = (now or utcnow()) - timedelta(days=retention_days)
    ids = list(session.exec(select(Conversation.id).where(col(Conversation.updated_at) < cutoff)))
    _delete(session, ids)
    return len(ids)
