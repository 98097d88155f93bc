"""Conversation and ConversationMessage: the assistant's memory, per user (text stored masked)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, String, Text
from sqlmodel import Field, SQLModel

from case_api.sqltypes import UTCDateTime, utcnow


class Conversation(SQLModel, table=True):
    __tablename__ = "chat_conversation"

    id: str = Field(primary_key=True, max_length=32, description="随机编号（32 位十六进制）")
    user_id: int = Field(foreign_key="app_user.id", index=True)
    title: str = Field(default="", max_length=200)
    topic: dict[str, Any] = Field(
        default_factory=dict, sa_type=JSON, description="上一轮的技能与主题（追问继承）"
    )
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)


class ConversationMessage(SQLModel, table=True):
    __tablename__ = "chat_message"

    id: int | None = Field(default=None, primary_key=True)
    conversation_id: str = Field(foreign_key="chat_conversation.id", index=True, max_length=32)
    role: str = Field(sa_type=String(16), description="user | assistant")
    skill: str | None = Field(default=None, sa_type=String(16))
    text: str = Field(default="", sa_type=Text, description="个人信息已脱敏")
    meta: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class ConversationPublic(SQLModel):
    id: str
    title: str
    created_at: datetime
    updated_at: datetime
    messages: int = 0
