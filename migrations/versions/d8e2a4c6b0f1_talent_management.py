"""Talent management: work e-mails, career interests, nomination events, nominations, groups and decisions;
the department and classification of a government work experience

Revision ID: d8e2a4c6b0f1
Revises: c4d2e6f8a1b3
Create Date: 2026-12-08 00:10:27.234480

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "d8e2a4c6b0f1"
down_revision = "c4d2e6f8a1b3"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "career_interests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("wants_advancement", sa.Boolean(), nullable=False),
        sa.Column("advancement_timeframe", sa.String(length=16), nullable=True),
        sa.Column("wants_lateral", sa.Boolean(), nullable=False),
        sa.Column("lateral_moves", sa.JSON(), nullable=False),
        sa.Column("development_programmes", sa.JSON(), nullable=False),
        sa.Column("mentoring", sa.JSON(), nullable=False),
        sa.Column("consent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_career_interests_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_career_interests")),
        sa.UniqueConstraint("user_id", name=op.f("uq_career_interests_user_id")),
    )
    op.create_table(
        "nomination_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name_en", sa.String(length=255), nullable=False),
        sa.Column("name_fr", sa.String(length=255), nullable=False),
        sa.Column("description_en", sa.Text(), nullable=False),
        sa.Column("description_fr", sa.Text(), nullable=False),
        sa.Column("link_en", sa.String(length=500), nullable=True),
        sa.Column("link_fr", sa.String(length=500), nullable=True),
        sa.Column("opens_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closes_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("development_programmes", sa.JSON(), nullable=False),
        sa.Column("assesses_leadership", sa.Boolean(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_nomination_events_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_nomination_events")),
    )
    op.create_table(
        "work_emails",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("verified_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_work_emails_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_work_emails")),
        sa.UniqueConstraint("user_id", name=op.f("uq_work_emails_user_id")),
    )
    with op.batch_alter_table("work_emails", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_work_emails_email"), ["email"], unique=False)
        # A verified address is one person's (addresses are stored in lower case).
        batch_op.create_index(
            "uq_work_emails_verified_email",
            ["email"],
            unique=True,
            postgresql_where=sa.text("verified_at IS NOT NULL"),
            sqlite_where=sa.text("verified_at IS NOT NULL"),
        )

    op.create_table(
        "nomination_event_coordinators",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["nomination_events.id"],
            name=op.f("fk_nomination_event_coordinators_event_id_nomination_events"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_nomination_event_coordinators_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("event_id", "user_id", name=op.f("pk_nomination_event_coordinators")),
    )
    op.create_table(
        "nomination_groups",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("nominee_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("advancement_decision", sa.String(length=16), nullable=True),
        sa.Column("advancement_expires_on", sa.Date(), nullable=True),
        sa.Column("lateral_decision", sa.String(length=16), nullable=True),
        sa.Column("lateral_expires_on", sa.Date(), nullable=True),
        sa.Column("development_decision", sa.String(length=16), nullable=True),
        sa.Column("declined_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("promoted_on", sa.Date(), nullable=True),
        sa.Column("promotion_recorded_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["nomination_events.id"],
            name=op.f("fk_nomination_groups_event_id_nomination_events"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["nominee_id"],
            ["users.id"],
            name=op.f("fk_nomination_groups_nominee_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["promotion_recorded_by_id"],
            ["users.id"],
            name=op.f("fk_nomination_groups_promotion_recorded_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_nomination_groups")),
        sa.UniqueConstraint("event_id", "nominee_id", name="uq_nomination_groups_event_nominee"),
    )
    with op.batch_alter_table("nomination_groups", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_nomination_groups_event_id"), ["event_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_nomination_groups_nominee_id"), ["nominee_id"], unique=False)

    op.create_table(
        "nomination_decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("decision", sa.String(length=16), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("expires_on", sa.Date(), nullable=True),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["decided_by_id"],
            ["users.id"],
            name=op.f("fk_nomination_decisions_decided_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["nomination_groups.id"],
            name=op.f("fk_nomination_decisions_group_id_nomination_groups"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_nomination_decisions")),
    )
    with op.batch_alter_table("nomination_decisions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_nomination_decisions_group_id"), ["group_id"], unique=False)

    op.create_table(
        "nominations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("nominator_id", sa.Integer(), nullable=False),
        sa.Column("nominee_id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=True),
        sa.Column("for_advancement", sa.Boolean(), nullable=False),
        sa.Column("for_lateral", sa.Boolean(), nullable=False),
        sa.Column("for_development", sa.Boolean(), nullable=False),
        sa.Column("development_programmes", sa.JSON(), nullable=False),
        sa.Column("rationale", sa.Text(), nullable=False),
        sa.Column("relationship_to_nominee", sa.String(length=24), nullable=True),
        sa.Column("reference_name", sa.String(length=200), nullable=True),
        sa.Column("reference_email", sa.String(length=254), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["nomination_events.id"],
            name=op.f("fk_nominations_event_id_nomination_events"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["nomination_groups.id"],
            name=op.f("fk_nominations_group_id_nomination_groups"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["nominator_id"], ["users.id"], name=op.f("fk_nominations_nominator_id_users"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["nominee_id"], ["users.id"], name=op.f("fk_nominations_nominee_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_nominations")),
        sa.UniqueConstraint(
            "event_id", "nominator_id", "nominee_id", name="uq_nominations_event_nominator_nominee"
        ),
    )
    with op.batch_alter_table("nominations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_nominations_event_id"), ["event_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_nominations_group_id"), ["group_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_nominations_nominator_id"), ["nominator_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_nominations_nominee_id"), ["nominee_id"], unique=False)

    op.create_table(
        "nomination_skills",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("nomination_id", sa.Integer(), nullable=False),
        sa.Column("skill_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["nomination_id"],
            ["nominations.id"],
            name=op.f("fk_nomination_skills_nomination_id_nominations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["skill_id"],
            ["skills.id"],
            name=op.f("fk_nomination_skills_skill_id_skills"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_nomination_skills")),
        sa.UniqueConstraint("nomination_id", "skill_id", name="uq_nomination_skills_nomination_skill"),
    )
    with op.batch_alter_table("nomination_skills", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_nomination_skills_nomination_id"), ["nomination_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_nomination_skills_skill_id"), ["skill_id"], unique=False)

    with op.batch_alter_table("experiences", schema=None) as batch_op:
        batch_op.add_column(sa.Column("department_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("classification_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_experiences_department_id_departments"),
            "departments",
            ["department_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_experiences_classification_id_classifications"),
            "classifications",
            ["classification_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade():
    with op.batch_alter_table("experiences", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_experiences_classification_id_classifications"), type_="foreignkey"
        )
        batch_op.drop_constraint(batch_op.f("fk_experiences_department_id_departments"), type_="foreignkey")
        batch_op.drop_column("classification_id")
        batch_op.drop_column("department_id")

    with op.batch_alter_table("nomination_skills", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_nomination_skills_skill_id"))
        batch_op.drop_index(batch_op.f("ix_nomination_skills_nomination_id"))

    op.drop_table("nomination_skills")
    with op.batch_alter_table("nominations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_nominations_nominee_id"))
        batch_op.drop_index(batch_op.f("ix_nominations_nominator_id"))
        batch_op.drop_index(batch_op.f("ix_nominations_group_id"))
        batch_op.drop_index(batch_op.f("ix_nominations_event_id"))

    op.drop_table("nominations")
    with op.batch_alter_table("nomination_decisions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_nomination_decisions_group_id"))

    op.drop_table("nomination_decisions")
    with op.batch_alter_table("nomination_groups", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_nomination_groups_nominee_id"))
        batch_op.drop_index(batch_op.f("ix_nomination_groups_event_id"))

    op.drop_table("nomination_groups")
    op.drop_table("nomination_event_coordinators")
    with op.batch_alter_table("work_emails", schema=None) as batch_op:
        batch_op.drop_index("uq_work_emails_verified_email")
        batch_op.drop_index(batch_op.f("ix_work_emails_email"))

    op.drop_table("work_emails")
    op.drop_table("nomination_events")
    op.drop_table("career_interests")
