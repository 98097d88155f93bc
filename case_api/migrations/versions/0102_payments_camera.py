"""payments and camera events

Revision ID: 0102_payments_camera
Revises: 0101_roster
Create Date: 2026-11-24 09:02:47.619926
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import case_api.sqltypes

AutoString = sqlmodel.sql.sqltypes.AutoString


revision: str = "0102_payments_camera"
down_revision: str | Sequence[str] | None = "0101_roster"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = "0002_cases"  # enforcement_case.id


def upgrade() -> None:

    op.create_table(
        "camera_event",
        sa.Column("camera_id", AutoString(length=64), nullable=False),
        sa.Column("location", AutoString(length=200), nullable=False),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.Column("occurred_at", case_api.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("plate", AutoString(length=16), nullable=True),
        sa.Column("kind", AutoString(length=32), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("reported_by", sa.Integer(), nullable=True),
        sa.Column("reviewer_id", sa.Integer(), nullable=True),
        sa.Column("reviewed_at", case_api.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("review_reason", sa.Text(), nullable=True),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("created_at", case_api.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["enforcement_case.id"],
        ),
        sa.ForeignKeyConstraint(
            ["reported_by"],
            ["app_user.id"],
        ),
        sa.ForeignKeyConstraint(
            ["reviewer_id"],
            ["app_user.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("camera_event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_camera_event_kind"), ["kind"], unique=False)
        batch_op.create_index(batch_op.f("ix_camera_event_status"), ["status"], unique=False)

    op.create_table(
        "payment_order",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", AutoString(length=32), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("case_no", AutoString(length=64), nullable=False),
        sa.Column("fine_fen", sa.Integer(), nullable=False),
        sa.Column("served_on", sa.Date(), nullable=False),
        sa.Column("provider", AutoString(length=32), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("lock_version", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", case_api.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("paid_at", case_api.sqltypes.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["enforcement_case.id"],
        ),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["app_user.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("case_id"),
    )
    with op.batch_alter_table("payment_order", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_payment_order_code"), ["code"], unique=True)

    op.create_table(
        "camera_frame",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("sha256", AutoString(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("filename", AutoString(length=128), nullable=False),
        sa.Column("content_type", AutoString(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["camera_event.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("camera_frame", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_camera_frame_event_id"), ["event_id"], unique=False)

    op.create_table(
        "payment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=False),
        sa.Column("provider", AutoString(length=32), nullable=False),
        sa.Column("transaction_id", AutoString(length=64), nullable=False),
        sa.Column("receipt_no", AutoString(length=32), nullable=False),
        sa.Column("fine_fen", sa.Integer(), nullable=False),
        sa.Column("late_days", sa.Integer(), nullable=False),
        sa.Column("late_fee_fen", sa.Integer(), nullable=False),
        sa.Column("amount_fen", sa.Integer(), nullable=False),
        sa.Column("paid_at", case_api.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("received_at", case_api.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("notice_sha256", AutoString(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["order_id"],
            ["payment_order.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("order_id"),
        sa.UniqueConstraint("receipt_no"),
        sa.UniqueConstraint("transaction_id"),
    )


def downgrade() -> None:

    op.drop_table("payment")
    with op.batch_alter_table("camera_frame", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_camera_frame_event_id"))

    op.drop_table("camera_frame")
    with op.batch_alter_table("payment_order", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_payment_order_code"))

    op.drop_table("payment_order")
    with op.batch_alter_table("camera_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_camera_event_status"))
        batch_op.drop_index(batch_op.f("ix_camera_event_kind"))

    op.drop_table("camera_event")
