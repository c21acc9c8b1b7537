"""Programs and their entries, training sessions and set logs.

Revision ID: 0002
Revises: 0001
Create Date: 2025-11-26
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

SIDE_CHECK = "side IN ('left', 'right', 'both')"
KIND_CHECK = "target_kind IN ('seconds', 'reps')"


def _fk(table: str, column: str, target: str, ondelete: str) -> sa.ForeignKeyConstraint:
    name = op.f(f"fk_{table}_{column}_{target}")
    return sa.ForeignKeyConstraint([column], [f"{target}.id"], ondelete=ondelete, name=name)


def _programs() -> None:
    op.create_table(
        "programs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("from_assessment_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("retest_due", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_programs")),
        _fk("programs", "person_id", "people", "CASCADE"),
        _fk("programs", "from_assessment_id", "assessments", "SET NULL"),
        sa.CheckConstraint("status IN ('corrective', 'maintenance', 'stopped', 'none')",
                           name=op.f("ck_programs_status")),
    )
    op.create_index(op.f("ix_programs_person_id"), "programs", ["person_id"])


def _entries() -> None:
    op.create_table(
        "program_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("program_id", sa.Integer(), nullable=False),
        sa.Column("exercise_id", sa.String(80), nullable=False),
        sa.Column("track", sa.String(40), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("side", sa.String(5), nullable=False),
        sa.Column("target_kind", sa.String(7), nullable=False),
        sa.Column("target_low", sa.Integer(), nullable=False),
        sa.Column("target_high", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_program_entries")),
        _fk("program_entries", "program_id", "programs", "CASCADE"),
        sa.CheckConstraint(SIDE_CHECK, name=op.f("ck_program_entries_side")),
        sa.CheckConstraint(KIND_CHECK, name=op.f("ck_program_entries_target_kind")),
        sa.CheckConstraint("target_low >= 0 AND target_high >= target_low",
                           name=op.f("ck_program_entries_target_range")),
        sa.CheckConstraint("level >= 1", name=op.f("ck_program_entries_level")),
    )
    op.create_index(op.f("ix_program_entries_program_id"), "program_entries", ["program_id"])


def _sessions() -> None:
    op.create_table(
        "sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sessions")),
        _fk("sessions", "person_id", "people", "CASCADE"),
    )
    op.create_index(op.f("ix_sessions_person_id"), "sessions", ["person_id"])


def _set_logs() -> None:
    op.create_table(
        "set_logs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("program_entry_id", sa.Integer(), nullable=True),
        sa.Column("exercise_id", sa.String(80), nullable=False),
        sa.Column("side", sa.String(5), nullable=False),
        sa.Column("band", sa.String(40), nullable=True),
        sa.Column("target_kind", sa.String(7), nullable=False),
        sa.Column("target_value", sa.Integer(), nullable=True),
        sa.Column("actual_value", sa.Integer(), nullable=False),
        sa.Column("difficulty", sa.Integer(), nullable=False),
        sa.Column("pain", sa.Integer(), nullable=False),
        sa.Column("collapse", sa.Boolean(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_set_logs")),
        _fk("set_logs", "session_id", "sessions", "CASCADE"),
        _fk("set_logs", "program_entry_id", "program_entries", "SET NULL"),
        sa.CheckConstraint(SIDE_CHECK, name=op.f("ck_set_logs_side")),
        sa.CheckConstraint(KIND_CHECK, name=op.f("ck_set_logs_target_kind")),
        sa.CheckConstraint("target_value IS NULL OR target_value >= 0", name=op.f("ck_set_logs_target_value")),
        sa.CheckConstraint("actual_value >= 0", name=op.f("ck_set_logs_actual_value")),
        sa.CheckConstraint("difficulty BETWEEN 1 AND 10", name=op.f("ck_set_logs_difficulty")),
        sa.CheckConstraint("pain BETWEEN 0 AND 10", name=op.f("ck_set_logs_pain")),
    )
    op.create_index(op.f("ix_set_logs_session_id"), "set_logs", ["session_id"])


def upgrade() -> None:
    _programs()
    _entries()
    _sessions()
    _set_logs()


def downgrade() -> None:
    for table in ("set_logs", "sessions", "program_entries", "programs"):
        op.drop_table(table)
