"""wechat: identities, binding codes, inbound dedupe, citizens' case bindings, notification log

Revision ID: 0501_wechat
Revises: 0002_cases
Create Date: 2026-12-01 14:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import case_api.sqltypes

revision: str = "0501_wechat"
down_revision: str | Sequence[str] | None = "0002_cases"
branch_labels: str | Sequence[str] | None = ("wechat",)
depends_on: str | Sequence[str] | None = None

AutoString = sqlmodel.sql.sqltypes.AutoString
UTC = case_api.sqltypes.UTCDateTime


def upgrade() -> None:
    op.create_table(
        "wechat_identity",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("app", sa.String(length=8), nullable=False),
        sa.Column("openid", AutoString(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("bound_at", UTC(), nullable=True),
        sa.Column("conversation_id", AutoString(length=64), nullable=True),
        sa.Column("conversation_at", UTC(), nullable=True),
        sa.Column("created_at", UTC(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["app_user.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("app", "openid", name="uq_wechat_identity"),
    )
    with op.batch_alter_table("wechat_identity", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_wechat_identity_openid"), ["openid"], unique=False)
        batch_op.create_index(batch_op.f("ix_wechat_identity_user_id"), ["user_id"], unique=False)

    op.create_table(
        "wechat_binding_code",
        sa.Column("code_hash", AutoString(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("expires_at", UTC(), nullable=False),
        sa.Column("used_at", UTC(), nullable=True),
        sa.Column("used_by_openid", AutoString(length=64), nullable=True),
        sa.Column("created_at", UTC(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["app_user.id"]),
        sa.PrimaryKeyConstraint("code_hash"),
    )
    with op.batch_alter_table("wechat_binding_code", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_wechat_binding_code_user_id"), ["user_id"], unique=False)

    op.create_table(
        "wechat_inbound",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("msg_key", AutoString(length=96), nullable=False),
        sa.Column("openid", AutoString(length=64), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("parts", sa.Integer(), nullable=False),
        sa.Column("error", AutoString(length=500), nullable=True),
        sa.Column("received_at", UTC(), nullable=False),
        sa.Column("answered_at", UTC(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("wechat_inbound", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_wechat_inbound_msg_key"), ["msg_key"], unique=True)
        batch_op.create_index(batch_op.f("ix_wechat_inbound_openid"), ["openid"], unique=False)

    op.create_table(
        "wechat_case_binding",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("matched_by", sa.String(length=16), nullable=False),
        sa.Column("created_at", UTC(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["enforcement_case.id"]),
        sa.ForeignKeyConstraint(["user_id"], ["app_user.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("user_id", "case_id", name="uq_wechat_case_binding"),
    )
    with op.batch_alter_table("wechat_case_binding", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_wechat_case_binding_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_wechat_case_binding_user_id"), ["user_id"], unique=False)

    op.create_table(
        "wechat_notification",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_key", AutoString(length=96), nullable=False),
        sa.Column("openid", AutoString(length=64), nullable=False),
        sa.Column("app", sa.String(length=8), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("error", AutoString(length=500), nullable=True),
        sa.Column("created_at", UTC(), nullable=False),
        sa.Column("sent_at", UTC(), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["app_user.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("event_key", "openid", name="uq_wechat_notification"),
    )
    with op.batch_alter_table("wechat_notification", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_wechat_notification_event_key"), ["event_key"], unique=False)


def downgrade() -> None:
    op.drop_table("wechat_notification")
    op.drop_table("wechat_case_binding")
    op.drop_table("wechat_inbound")
    op.drop_table("wechat_binding_code")
    op.drop_table("wechat_identity")
