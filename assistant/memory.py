"""Conversation memory: per user and conversation, in the database (case_api.conversations), masked.

Each turn stores the user's message and the answer's text (personal data masked) and the conversation's *topic*:
the skill that answered, the question it answered (masked), the party type, the offence chosen. A follow-up
("那如果是单位呢？", "如果是第二次呢", "期限呢？", "那龙都呢？") inherits it (:func:`resolve`):

* after an offence answer, the previous situation is matched again, with the party type the follow-up names and any
  fact it adds;
* after a legal answer, the previous question's words go with the follow-up to retrieval;
* after a record tool, the place or grid the follow-up names replaces the previous one.

Conversations untouched for ``settings.chat_retention_days`` are deleted (checked on every write); a user deletes
their own conversation (another's looks absent).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from assistant.router import is_follow_up, party_in
from assistant.tools.places import find_grid_name, find_place
from case_api.conversations import service as conv_service
from case_api.conversations.models import Conversation
from case_api.db import session_for
from core.settings import Settings

_MAX_QUESTION = 400


@dataclass(frozen=True)
class Resolved:
    """What to answer: the skill (None = route afresh), the text to answer, the party type."""

    skill: str | None
    text: str
    party_type: str
    follow_up: bool = False


def resolve(text: str, topic: dict[str, Any], *, party_type: str) -> Resolved:
    """A follow-up of ``topic`` becomes a full request; anything else is routed afresh."""
    prev_skill = topic.get("skill")
    prev = str(topic.get("question") or "")
    if not prev_skill or not prev or not is_follow_up(text):
        return Resolved(None, text, party_type)
    party = party_in(text)
    if prev_skill == "offence":
        rest = text
        for word in ("那如果是", "如果是", "要是", "那么", "那", "呢", "？", "?", "的话"):
            rest = rest.replace(word, "")
        only_party = party is not None and len(rest.strip()) <= 4
        combined = prev if only_party else f"{prev}。{text}"
        return Resolved("offence", combined, party or str(topic.get("party_type") or party_type), True)
    if prev_skill == "legal":
        return Resolved("legal", f"{text}（接上一问：{prev}）", party or party_type, True)
    if prev_skill == "tools":
        new_place = find_place(text)
        new_grid = find_grid_name(text)
        combined = prev
        old_place = find_place(prev)
        if new_place is not None and old_place is not None:
            for word in (old_place.name, *old_place.aliases):
                combined = combined.replace(word, new_place.name)
        elif new_grid is not None:
            old_grid = find_grid_name(prev)
            if old_grid is not None:
                stem = old_grid.removesuffix("片区").removesuffix("新区")
                combined = combined.replace(old_grid, new_grid).replace(stem, new_grid)
        return Resolved("tools", combined if combined != prev else f"{prev} {text}", party_type, True)
    return Resolved(None, text, party_type)


class Memory:
    """The database side: open, read the topic of, record into and delete conversations."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def open(self, *, user_id: int, conversation_id: str | None, title: str) -> tuple[str, dict[str, Any]]:
        """The conversation (a new one when ``conversation_id`` is None) and its topic; NotFound when it is not the
        user's (or was deleted)."""
        with session_for(self.settings) as session:
            if conversation_id:
                conv = conv_service.get_own(session, conversation_id=conversation_id, user_id=user_id)
                return conv.id, dict(conv.topic or {})
            conv = conv_service.create(session, user_id=user_id, title=title)
            session.commit()
            return conv.id, {}

    def record(
        self,
        *,
        conversation_id: str,
        user_id: int,
        question: str,
        answer: str,
        skill: str,
        topic: dict[str, Any],
        meta: dict[str, Any] | None = None,
        now: datetime | None = None,
    ) -> None:
        """Store one turn (texts already masked) and the topic follow-ups inherit; purge expired conversations."""
        topic = {**topic, "question": str(topic.get("question", ""))[:_MAX_QUESTION]}
        with session_for(self.settings) as session:
            conv = conv_service.get_own(session, conversation_id=conversation_id, user_id=user_id)
            conv_service.append(session, conversation=conv, role="user", text=question, skill=skill, now=now)
            conv_service.append(
                session,
                conversation=conv,
                role="assistant",
                text=answer,
                skill=skill,
                meta=meta,
                topic=topic,
                now=now,
            )
            conv_service.purge(session, retention_days=self.settings.chat_retention_days)  # by the clock
            session.commit()

    def history(self, *, conversation_id: str, user_id: int) -> list[dict[str, Any]]:
        with session_for(self.settings) as session:
            conv_service.get_own(session, conversation_id=conversation_id, user_id=user_id)
            return [
                {"role": m.role, "skill": m.skill, "text": m.text, "at": m.created_at.isoformat()}
                for m in conv_service.messages(session, conversation_id=conversation_id)
            ]

    def conversations(self, *, user_id: int) -> list[Conversation]:
        with session_for(self.settings) as session:
            return [conv for conv, _ in conv_service.list_for(session, user_id=user_id)]

    def delete(self, *, conversation_id: str, user_id: int) -> None:
        with session_for(self.settings) as session:
            conv_service.delete_own(session, conversation_id=conversation_id, user_id=user_id)
            session.commit()
