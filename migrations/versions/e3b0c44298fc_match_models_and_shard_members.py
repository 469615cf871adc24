"""match runs learn one model for all their shards: match_models, match_shards.members,
match_candidates.pools instead of an explanation (the union of the shortlists is explained once)

Revision ID: e3b0c44298fc
Revises: d5e96835a66d
Create Date: 2026-11-29 10:40:00

"""

import sqlalchemy as sa
from alembic import op

revision = "e3b0c44298fc"
down_revision = "d5e96835a66d"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "match_models",
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sample_size", sa.Integer(), nullable=False),
        sa.Column("signature", sa.String(length=64), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["run_id"], ["match_runs.id"], name=op.f("fk_match_models_run_id_match_runs"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("run_id", name=op.f("pk_match_models")),
    )
    with op.batch_alter_table("match_shards", schema=None) as batch_op:
        batch_op.add_column(sa.Column("members", sa.JSON(), nullable=True))
    with op.batch_alter_table("match_candidates", schema=None) as batch_op:
        batch_op.add_column(sa.Column("pools", sa.JSON(), nullable=False, server_default=sa.text("'[]'")))
        batch_op.drop_column("explanation")


def downgrade():
    with op.batch_alter_table("match_candidates", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("explanation", sa.JSON(), nullable=False, server_default=sa.text("'{}'"))
        )
        batch_op.drop_column("pools")
    with op.batch_alter_table("match_shards", schema=None) as batch_op:
        batch_op.drop_column("members")
    op.drop_table("match_models")
