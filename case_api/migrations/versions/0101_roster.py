"""roster: grids, officers, vehicles, shifts, check-ins, positions, alerts

Revision ID: 0101_roster
Revises: 0001_foundation
Create Date: 2026-11-24 08:57:41.418913
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import case_api.sqltypes

AutoString = sqlmodel.sql.sqltypes.AutoString


revision: str = "0101_roster"
down_revision: str | Sequence[str] | None = "0001_foundation"
branch_labels: str | Sequence[str] | None = ("roster",)
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table(
        "roster_grid",
        sa.Column("name", AutoString(length=64), nullable=False),
        sa.Column("code", AutoString(length=32), nullable=False),
        sa.Column("description", AutoString(length=500), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("geojson", sa.Text(), nullable=False),
        sa.Column("center_lat", sa.Float(), nullable=False),
        sa.Column("center_lon", sa.Float(), nullable=False),
        sa.Column("created_at", case_api.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code"),
    )
    with op.batch_alter_table("roster_grid", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_roster_grid_name"), ["name"], unique=True)

    op.create_table(
        "roster_officer",
        sa.Column("name", AutoString(length=64), nullable=False),
        sa.Column("phone", AutoString(length=20), nullable=True),
        sa.Column("unit", AutoString(length=64), nullable=False),
        sa.Column("available", sa.Boolean(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("badge_no", AutoString(length=32), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("created_at", case_api.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["app_user.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("user_id"),
    )
    with op.batch_alter_table("roster_officer", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_roster_officer_badge_no"), ["badge_no"], unique=True)

    op.create_table(
        "roster_vehicle",
        sa.Column("kind", AutoString(length=32), nullable=False),
        sa.Column("plate", AutoString(length=16), nullable=False),
        sa.Column("grid_id", sa.Integer(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["grid_id"],
            ["roster_grid.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("plate"),
    )
    op.create_table(
        "roster_shift",
        sa.Column("officer_id", sa.Integer(), nullable=False),
        sa.Column("grid_id", sa.Integer(), nullable=False),
        sa.Column("vehicle_id", sa.Integer(), nullable=True),
        sa.Column("starts_at", case_api.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("ends_at", case_api.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["grid_id"],
            ["roster_grid.id"],
        ),
        sa.ForeignKeyConstraint(
            ["officer_id"],
            ["roster_officer.id"],
        ),
        sa.ForeignKeyConstraint(
            ["vehicle_id"],
            ["roster_vehicle.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("roster_shift", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_roster_shift_ends_at"), ["ends_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_roster_shift_grid_id"), ["grid_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_roster_shift_officer_id"), ["officer_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_roster_shift_starts_at"), ["starts_at"], unique=False)

    op.create_table(
        "roster_checkin",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("shift_id", sa.Integer(), nullable=False),
        sa.Column("officer_id", sa.Integer(), nullable=False),
        sa.Column("at", case_api.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("lat", sa.Float(), nullable=False),
        sa.Column("lon", sa.Float(), nullable=False),
        sa.Column("inside_grid", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["officer_id"],
            ["roster_officer.id"],
        ),
        sa.ForeignKeyConstraint(
            ["shift_id"],
            ["roster_shift.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("roster_checkin", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_roster_checkin_officer_id"), ["officer_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_roster_checkin_shift_id"), ["shift_id"], unique=False)

    op.create_table(
        "roster_offduty_alert",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("shift_id", sa.Integer(), nullable=False),
        sa.Column("officer_id", sa.Integer(), nullable=False),
        sa.Column("started_at", case_api.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("last_outside_at", case_api.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("ended_at", case_api.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("minutes", sa.Float(), nullable=False),
        sa.Column("created_at", case_api.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["officer_id"],
            ["roster_officer.id"],
        ),
        sa.ForeignKeyConstraint(
            ["shift_id"],
            ["roster_shift.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("shift_id", "started_at", name="uq_offduty_alert_shift_start"),
    )
    with op.batch_alter_table("roster_offduty_alert", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_roster_offduty_alert_officer_id"), ["officer_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_roster_offduty_alert_shift_id"), ["shift_id"], unique=False)

    op.create_table(
        "roster_position",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("officer_id", sa.Integer(), nullable=False),
        sa.Column("shift_id", sa.Integer(), nullable=True),
        sa.Column("at", case_api.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("lat", sa.Float(), nullable=False),
        sa.Column("lon", sa.Float(), nullable=False),
        sa.Column("inside_grid", sa.Boolean(), nullable=True),
        sa.ForeignKeyConstraint(
            ["officer_id"],
            ["roster_officer.id"],
        ),
        sa.ForeignKeyConstraint(
            ["shift_id"],
            ["roster_shift.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("roster_position", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_roster_position_at"), ["at"], unique=False)
        batch_op.create_index(batch_op.f("ix_roster_position_officer_id"), ["officer_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_roster_position_shift_id"), ["shift_id"], unique=False)


def downgrade() -> None:

    with op.batch_alter_table("roster_position", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_roster_position_shift_id"))
        batch_op.drop_index(batch_op.f("ix_roster_position_officer_id"))
        batch_op.drop_index(batch_op.f("ix_roster_position_at"))

    op.drop_table("roster_position")
    with op.batch_alter_table("roster_offduty_alert", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_roster_offduty_alert_shift_id"))
        batch_op.drop_index(batch_op.f("ix_roster_offduty_alert_officer_id"))

    op.drop_table("roster_offduty_alert")
    with op.batch_alter_table("roster_checkin", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_roster_checkin_shift_id"))
        batch_op.drop_index(batch_op.f("ix_roster_checkin_officer_id"))

    op.drop_table("roster_checkin")
    with op.batch_alter_table("roster_shift", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_roster_shift_starts_at"))
        batch_op.drop_index(batch_op.f("ix_roster_shift_officer_id"))
        batch_op.drop_index(batch_op.f("ix_roster_shift_grid_id"))
        batch_op.drop_index(batch_op.f("ix_roster_shift_ends_at"))

    op.drop_table("roster_shift")
    op.drop_table("roster_vehicle")
    with op.batch_alter_table("roster_officer", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_roster_officer_badge_no"))

    op.drop_table("roster_officer")
    with op.batch_alter_table("roster_grid", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_roster_grid_name"))

    op.drop_table("roster_grid")
