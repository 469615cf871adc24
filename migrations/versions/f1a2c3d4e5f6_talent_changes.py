"""talent_changes: the change log that keeps the in-memory talent counts fresh

Revision ID: f1a2c3d4e5f6
Revises: e3b0c44298fc
Create Date: 2026-12-07 07:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "f1a2c3d4e5f6"
down_revision = "e3b0c44298fc"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "talent_changes",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("process_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_talent_changes")),
    )
    op.create_index(op.f("ix_talent_changes_created_at"), "talent_changes", ["created_at"], unique=False)


def downgrade():
    op.drop_index(op.f("ix_talent_changes_created_at"), table_name="talent_changes")
    op.drop_table("talent_changes")
