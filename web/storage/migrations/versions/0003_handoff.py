"""kiosk: pharmacist handoff requests

Revision ID: 0003
Revises: 0001
Create Date: 2026-11-27 10:55:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0001"
branch_labels = None
depends_on = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "handoff_request",
        sa.Column("id", _ID, nullable=False),
        sa.Column("session_id", sa.String(length=64), nullable=False),
        sa.Column("kiosk_id", sa.String(length=64), nullable=True),
        sa.Column("pharmacy", sa.String(length=128), nullable=True),
        sa.Column("reason", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("claimed_by", sa.String(length=64), nullable=True),
        sa.Column("handled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("handled_by", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["chat_session.id"],
            name=op.f("fk_handoff_request_session_id_chat_session"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_handoff_request")),
    )
    with op.batch_alter_table("handoff_request", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_handoff_request_session_id"), ["session_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_handoff_request_kiosk_id"), ["kiosk_id"], unique=False)
        batch_op.create_index(
            "ix_handoff_request_status_created", ["status", "created_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("handoff_request", schema=None) as batch_op:
        batch_op.drop_index("ix_handoff_request_status_created")
        batch_op.drop_index(batch_op.f("ix_handoff_request_kiosk_id"))
        batch_op.drop_index(batch_op.f("ix_handoff_request_session_id"))
    op.drop_table("handoff_request")
