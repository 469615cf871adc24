"""users.deleted_at: accounts deleted by their owner stay as anonymised rows

Revision ID: b7d41c2e9a10
Revises: aec8dde01fc1
Create Date: 2026-11-29 07:20:00

"""

import sqlalchemy as sa
from alembic import op

revision = "b7d41c2e9a10"
down_revision = "aec8dde01fc1"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("deleted_at")
