"""match shards are claimed: one worker at a time ranks a shard, beating its heartbeat; a stale claim is
taken over and its late result discarded (match_shards.sent_at, claim, heartbeat_at, attempts)

Revision ID: a7c3e9d14b2f
Revises: f1a2c3d4e5f6
Create Date: 2026-12-08 09:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "a7c3e9d14b2f"
down_revision = "f1a2c3d4e5f6"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("match_shards", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("claim", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("heartbeat_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("attempts", sa.Integer(), nullable=False, server_default=sa.text("0")))


def downgrade():
    with op.batch_alter_table("match_shards", schema=None) as batch_op:
        batch_op.drop_column("attempts")
        batch_op.drop_column("heartbeat_at")
        batch_op.drop_column("claim")
        batch_op.drop_column("sent_at")
