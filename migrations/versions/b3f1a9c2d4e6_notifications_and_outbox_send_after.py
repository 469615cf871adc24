"""In-app notifications; outbox messages that wait for their send_after (or are cancelled)

Revision ID: b3f1a9c2d4e6
Revises: a7c1e2f3b4d5
Create Date: 2026-12-08 10:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "b3f1a9c2d4e6"
down_revision = "a7c1e2f3b4d5"
branch_labels = None
depends_on = None


def upgrade():
    # A message with a send_after is not sent before it (a decision's undo window); the new status value
    # "cancelled" needs no change: the status is a plain string column.
    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.add_column(sa.Column("send_after", sa.DateTime(timezone=True), nullable=True))

    op.create_table(
        "notifications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("recipient_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=64), nullable=False),
        sa.Column("subject_type", sa.String(length=32), nullable=True),
        sa.Column("subject_id", sa.Integer(), nullable=True),
        sa.Column("link_endpoint", sa.String(length=128), nullable=True),
        sa.Column("link_values", sa.JSON(), nullable=False),
        sa.Column("link_path", sa.String(length=500), nullable=True),
        sa.Column("params", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("topic", sa.String(length=100), nullable=True),
        sa.Column("state", sa.String(length=64), nullable=True),
        sa.Column("prior_state", sa.String(length=64), nullable=True),
        sa.Column("undo_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("email_id", sa.Integer(), nullable=True),
        sa.Column("once_key", sa.String(length=100), nullable=True),
        sa.ForeignKeyConstraint(
            ["email_id"],
            ["outbox_messages.id"],
            name=op.f("fk_notifications_email_id_outbox_messages"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["recipient_id"],
            ["users.id"],
            name=op.f("fk_notifications_recipient_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notifications")),
        sa.UniqueConstraint("once_key", "recipient_id", name="uq_notifications_once_key_recipient_id"),
    )
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.create_index("ix_notifications_recipient_id_id", ["recipient_id", "id"], unique=False)
        batch_op.create_index(
            "ix_notifications_recipient_id_read_at", ["recipient_id", "read_at"], unique=False
        )
        batch_op.create_index("ix_notifications_recipient_id_topic", ["recipient_id", "topic"], unique=False)


def downgrade():
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.drop_index("ix_notifications_recipient_id_topic")
        batch_op.drop_index("ix_notifications_recipient_id_read_at")
        batch_op.drop_index("ix_notifications_recipient_id_id")
    op.drop_table("notifications")
    # Messages cancelled within their undo window were never sent: before this revision there was no such
    # status, so they are recorded as failed (the sweeper leaves both alone).
    op.execute("UPDATE outbox_messages SET status = 'failed' WHERE status = 'cancelled'")
    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.drop_column("send_after")
