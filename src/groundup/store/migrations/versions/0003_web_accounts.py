"""Web accounts (coach, athlete), which coach owns which person, signed-in browser sessions.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

STAMP = sa.DateTime(timezone=True)
ROLE_CHECK = ("(role = 'coach' AND coach_id IS NULL AND person_id IS NULL) OR "
              "(role = 'athlete' AND coach_id IS NOT NULL AND person_id IS NOT NULL)")


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], [f"{target}.id"], ondelete="CASCADE",
                                   name=op.f(f"fk_{table}_{column}_{target}"))


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(254), nullable=False),
        sa.Column("password_hash", sa.Text(), nullable=False),
        sa.Column("role", sa.String(10), nullable=False),
        sa.Column("coach_id", sa.Integer(), nullable=True),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("created_at", STAMP, nullable=False),
        sa.Column("failed_logins", sa.Integer(), nullable=False),
        sa.Column("locked_until", STAMP, nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("email", name=op.f("uq_users_email")),
        sa.UniqueConstraint("person_id", name=op.f("uq_users_person_id")),
        _fk("users", "coach_id", "users"),
        _fk("users", "person_id", "people"),
        sa.CheckConstraint(ROLE_CHECK, name=op.f("ck_users_role")),
    )
    op.create_index(op.f("ix_users_coach_id"), "users", ["coach_id"])
    op.create_table(
        "person_coaches",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("coach_id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("person_id", name=op.f("pk_person_coaches")),
        _fk("person_coaches", "person_id", "people"),
        _fk("person_coaches", "coach_id", "users"),
    )
    op.create_index(op.f("ix_person_coaches_coach_id"), "person_coaches", ["coach_id"])
    op.create_table(
        "web_sessions",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("csrf_token", sa.String(64), nullable=False),
        sa.Column("created_at", STAMP, nullable=False),
        sa.Column("expires_at", STAMP, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_web_sessions")),
        _fk("web_sessions", "user_id", "users"),
    )
    op.create_index(op.f("ix_web_sessions_user_id"), "web_sessions", ["user_id"])


def downgrade() -> None:
    for table in ("web_sessions", "person_coaches", "users"):
        op.drop_table(table)
