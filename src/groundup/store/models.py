"""ORM tables (SQLAlchemy 2 typed mapping). Structure only: the rules live elsewhere.

The Alembic migrations in ``migrations/versions`` create exactly these tables; a test
compares the two on every backend.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (Boolean, CheckConstraint, Date, DateTime, Float, ForeignKey, Integer, MetaData,
                        String, Text)
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
