"""ORM tables (SQLAlchemy 2 typed mapping). Structure only: the rules live elsewhere.

The Alembic migrations in ``migrations/versions`` create exactly these tables; a test
compares the two on every backend.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Text,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

Stamp = DateTime(timezone=True)


class Base(DeclarativeBase):
    """Declarative base with constraint names that are the same on every backend."""

    metadata = MetaData(naming_convention=NAMING)


def _person_fk() -> Mapped[int]:
    return mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)


class PersonRow(Base):
    __tablename__ = "people"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(Stamp)


class AssessmentRow(Base):
    __tablename__ = "assessments"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = _person_fk()
    created_at: Mapped[dt.datetime] = mapped_column(Stamp)
    video_path: Mapped[str | None] = mapped_column(Text)
    folder: Mapped[str] = mapped_column(Text)
    movement: Mapped[str | None] = mapped_column(String(40))
    left_knee_verdict: Mapped[str | None] = mapped_column(String(20))
    left_knee_severity: Mapped[str | None] = mapped_column(String(20))
    left_knee_value: Mapped[float | None] = mapped_column(Float)
    left_knee_confidence: Mapped[float | None] = mapped_column(Float)
    left_ankle_verdict: Mapped[str | None] = mapped_column(String(20))
    right_knee_verdict: Mapped[str | None] = mapped_column(String(20))
    right_knee_severity: Mapped[str | None] = mapped_column(String(20))
    right_knee_value: Mapped[float | None] = mapped_column(Float)
    right_knee_confidence: Mapped[float | None] = mapped_column(Float)
    right_ankle_verdict: Mapped[str | None] = mapped_column(String(20))
    symmetry_pattern: Mapped[str | None] = mapped_column(String(20))
    summary_json: Mapped[str] = mapped_column(Text)


class ProgramRow(Base):
    __tablename__ = "programs"
    __table_args__ = (
        CheckConstraint("status IN ('corrective', 'maintenance', 'stopped', 'none')", name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = _person_fk()
    created_at: Mapped[dt.datetime] = mapped_column(Stamp)
    from_assessment_id: Mapped[int | None] = mapped_column(ForeignKey("assessments.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(20))
    retest_due: Mapped[dt.date | None] = mapped_column(Date)


class EntryRow(Base):
    __tablename__ = "program_entries"
    __table_args__ = (
        CheckConstraint("side IN ('left', 'right', 'both')", name="side"),
        CheckConstraint("target_kind IN ('seconds', 'reps')", name="target_kind"),
        CheckConstraint("target_low >= 0 AND target_high >= target_low", name="target_range"),
        CheckConstraint("level >= 1", name="level"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id", ondelete="CASCADE"), index=True)
    exercise_id: Mapped[str] = mapped_column(String(80))
    track: Mapped[str] = mapped_column(String(40))
    level: Mapped[int] = mapped_column(Integer)
    side: Mapped[str] = mapped_column(String(5))
    target_kind: Mapped[str] = mapped_column(String(7))
    target_low: Mapped[int] = mapped_column(Integer)
    target_high: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(Boolean)
    order: Mapped[int] = mapped_column("position", Integer)


class SessionRow(Base):
    __tablename__ = "sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = _person_fk()
    date: Mapped[dt.date] = mapped_column(Date)
    notes: Mapped[str | None] = mapped_column(Text)


class SetLogRow(Base):
    __tablename__ = "set_logs"
    __table_args__ = (
        CheckConstraint("side IN ('left', 'right', 'both')", name="side"),
        CheckConstraint("target_kind IN ('seconds', 'reps')", name="target_kind"),
        CheckConstraint("target_value IS NULL OR target_value >= 0", name="target_value"),
        CheckConstraint("actual_value >= 0", name="actual_value"),
        CheckConstraint("difficulty BETWEEN 1 AND 10", name="difficulty"),
        CheckConstraint("pain BETWEEN 0 AND 10", name="pain"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"), index=True)
    program_entry_id: Mapped[int | None] = mapped_column(
        ForeignKey("program_entries.id", ondelete="SET NULL"))
    exercise_id: Mapped[str] = mapped_column(String(80))
    side: Mapped[str] = mapped_column(String(5))
    band: Mapped[str | None] = mapped_column(String(40))
    target_kind: Mapped[str] = mapped_column(String(7))
    target_value: Mapped[int | None] = mapped_column(Integer)
    actual_value: Mapped[int] = mapped_column(Integer)
    difficulty: Mapped[int] = mapped_column(Integer)
    pain: Mapped[int] = mapped_column(Integer)
    collapse: Mapped[bool] = mapped_column(Boolean)
    notes: Mapped[str | None] = mapped_column(Text)
    discomfort: Mapped[bool] = mapped_column(Boolean, server_default=false())
    hands_free: Mapped[bool | None] = mapped_column(Boolean)


class UserRow(Base):
    """A web account: a coach, or an athlete who sees only their own person."""

    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint("(role = 'coach' AND coach_id IS NULL AND person_id IS NULL) OR "
                        "(role = 'athlete' AND coach_id IS NOT NULL AND person_id IS NOT NULL)", name="role"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(Text)
    role: Mapped[str] = mapped_column(String(10))
    coach_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(Stamp)
    failed_logins: Mapped[int] = mapped_column(Integer)
    locked_until: Mapped[dt.datetime | None] = mapped_column(Stamp)


class PersonCoachRow(Base):
    """Which coach owns a person (people added on the command line have no row: no coach sees them)."""

    __tablename__ = "person_coaches"

    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), primary_key=True)
    coach_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)


class WebSessionRow(Base):
    """A signed-in browser: the hash of its cookie token and the CSRF token of its forms."""

    __tablename__ = "web_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # sha256 hex of the cookie token
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(Stamp)
    expires_at: Mapped[dt.datetime] = mapped_column(Stamp)


class JobRow(Base):
    """One clip's analysis on a job queue: where it stands, who runs it, what it produced."""

    __tablename__ = "jobs"
    __table_args__ = (
        CheckConstraint("state IN ('queued', 'running', 'done', 'failed')", name="state"),
        CheckConstraint("attempts >= 0", name="attempts"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    queue: Mapped[str] = mapped_column(String(20))  # web (the server's own worker), celery, batch
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    clip: Mapped[str] = mapped_column(Text)  # the stored clip (relative to the data folder when inside it)
    checksum: Mapped[str] = mapped_column(String(64), index=True)  # sha256 of the clip
    out: Mapped[str] = mapped_column(Text)  # the analysis folder to write
    movement: Mapped[str | None] = mapped_column(String(40))
    state: Mapped[str] = mapped_column(String(10), index=True)
    stage: Mapped[str] = mapped_column(String(80))
    progress: Mapped[float] = mapped_column(Float)
    attempts: Mapped[int] = mapped_column(Integer)
    error: Mapped[str | None] = mapped_column(Text)
    outcome: Mapped[str | None] = mapped_column(Text)  # what storing it said (the program's message)
    assessment_id: Mapped[int | None] = mapped_column(ForeignKey("assessments.id", ondelete="SET NULL"))
    worker: Mapped[str | None] = mapped_column(String(200))  # host:pid of the process running it
    created_at: Mapped[dt.datetime] = mapped_column(Stamp)
    started_at: Mapped[dt.datetime | None] = mapped_column(Stamp)
    heartbeat_at: Mapped[dt.datetime | None] = mapped_column(Stamp)
    finished_at: Mapped[dt.datetime | None] = mapped_column(Stamp)
