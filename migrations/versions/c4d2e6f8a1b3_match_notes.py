"""Recruiters' private notes on ranked candidates; the explanation a referral was made on

Revision ID: c4d2e6f8a1b3
Revises: b3f1a9c2d4e6
Create Date: 2026-12-12 10:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "c4d2e6f8a1b3"
down_revision = "b3f1a9c2d4e6"
branch_labels = None
depends_on = None


def upgrade():
    # One note per run, candidate and author, read only by its author; deleted with the run.
    op.create_table(
        "match_notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"], ["users.id"], name=op.f("fk_match_notes_author_id_users"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["run_id"], ["match_runs.id"], name=op.f("fk_match_notes_run_id_match_runs"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_match_notes_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_match_notes")),
        sa.UniqueConstraint("run_id", "user_id", "author_id", name="uq_match_notes_run_user_author"),
    )
    with op.batch_alter_table("match_notes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_match_notes_author_id"), ["author_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_match_notes_run_id"), ["run_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_match_notes_user_id"), ["user_id"], unique=False)

    # The explanation a referral was made on (a copy of the run's result), kept with the referral.
    op.create_table(
        "referral_explanations",
        sa.Column("referral_id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=True),
        sa.Column("explanation", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["referral_id"],
            ["referrals.id"],
            name=op.f("fk_referral_explanations_referral_id_referrals"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["match_runs.id"],
            name=op.f("fk_referral_explanations_run_id_match_runs"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("referral_id", name=op.f("pk_referral_explanations")),
    )


def downgrade():
    op.drop_table("referral_explanations")
    with op.batch_alter_table("match_notes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_match_notes_user_id"))
        batch_op.drop_index(batch_op.f("ix_match_notes_run_id"))
        batch_op.drop_index(batch_op.f("ix_match_notes_author_id"))
    op.drop_table("match_notes")
