"""assistant conversations (memory)

Revision ID: 0401_conversations
Revises: 0001_foundation
Create Date: 2026-12-01 14:05:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import case_api.sqltypes

revision: str = "0401_conversations"
down_revision: str | Sequence[str] | None = "0001_foundation"
branch_labels: str | Sequence[str] | None = ("conversations",)
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "chat_conversation",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("topic", sa.JSON(), nullable=False),
        sa.Column("created_at", case_api.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", case_api.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["app_user.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_chat_conversation_user_id"), "chat_conversation", ["user_id"], unique=False)
    op.create_index(
        op.f("ix_chat_conversation_updated_at"), "chat_conversation", ["updated_at"], unique=False
    )
    op.create_table(
        "chat_message",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("skill", sa.String(length=16), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("meta", sa.JSON(), nullable=False),
        sa.Column("created_at", case_api.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["conversation_id"], ["chat_conversation.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        op.f("ix_chat_message_conversation_id"), "chat_message", ["conversation_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_chat_message_conversation_id"), table_name="chat_message")
    op.drop_table("chat_message")
    op.drop_index(op.f("ix_chat_conversation_updated_at"), table_name="chat_conversation")
    op.drop_index(op.f("ix_chat_conversation_user_id"), table_name="chat_conversation")
    op.drop_table("chat_conversation")
