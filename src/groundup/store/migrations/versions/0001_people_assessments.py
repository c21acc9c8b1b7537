"""People and their assessments.

Revision ID: 0001
Revises:
Create Date: 2025-11-26
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

STAMP = sa.DateTime(timezone=True)


def _side_columns(side: str) -> list[sa.Column]:
    return [
        sa.Column(f"{side}_knee_verdict", sa.String(20), nullable=True),
        sa.Column(f"{side}_knee_severity", sa.String(20), nullable=True),
        sa.Column(f"{side}_knee_value", sa.Float(), nullable=True),
        sa.Column(f"{side}_knee_confidence", sa.Float(), nullable=True),
        sa.Column(f"{side}_ankle_verdict", sa.String(20), nullable=True),
    ]


def upgrade() -> None:
    op.create_table(
        "people",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("created_at", STAMP, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_people")),
        sa.UniqueConstraint("name", name=op.f("uq_people_name")),
    )
    op.create_table(
        "assessments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("created_at", STAMP, nullable=False),
        sa.Column("video_path", sa.Text(), nullable=True),
        sa.Column("folder", sa.Text(), nullable=False),
        sa.Column("movement", sa.String(40), nullable=True),
        *_side_columns("left"),
        *_side_columns("right"),
        sa.Column("symmetry_pattern", sa.String(20), nullable=True),
        sa.Column("summary_json", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessments")),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"], ondelete="CASCADE",
                                name=op.f("fk_assessments_person_id_people")),
    )
    op.create_index(op.f("ix_assessments_person_id"), "assessments", ["person_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_assessments_person_id"), table_name="assessments")
    op.drop_table("assessments")
    op.drop_table("people")
