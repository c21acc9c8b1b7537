"""Plain values the storage layer takes and returns, free of ORM objects.

The program logic and the CLI map their own types onto these; nothing here imports them.
Sides of an entry or a logged set are ``groundup.pose.landmarks.LOG_SIDES``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

TARGET_KINDS = ("seconds", "reps")
PROGRAM_STATUSES = ("corrective", "maintenance", "stopped", "none")


@dataclass(frozen=True)
class PersonRecord:
    """A person who is assessed and trains."""

    id: int
    name: str
    created_at: datetime


@dataclass(frozen=True)
class KneeFinding:
    """One side's stored knee verdict and the ankle verdict beside it."""

    verdict: str | None
    severity: str | None
    value: float | None
    confidence: float | None
    ankle_verdict: str | None


@dataclass(frozen=True)
class AssessmentRecord:
    """A stored assessment: where its analysis folder is and what it found."""

    id: int
    person_id: int
    created_at: datetime
    video_path: str | None
    folder: str
    movement: str | None
    left: KneeFinding
    right: KneeFinding
    symmetry_pattern: str | None
    summary: dict[str, Any]


@dataclass(frozen=True)
class ProgramEntryRecord:
    """One prescribed exercise: what, for which side, at what dose and why.

    ``id`` and ``program_id`` are ``None`` until stored; ``order`` defaults to the list position.
    """

    exercise_id: str
    track: str
    level: int
    side: str
    target_kind: str
    target_low: int
    target_high: int
    reason: str = ""
    active: bool = True
    order: int | None = None
    id: int | None = None
    program_id: int | None = None


@dataclass(frozen=True)
class ProgramRecord:
    """A stored program with its entries in order."""

    id: int
    person_id: int
    created_at: datetime
    status: str
    retest_due: date | None
    from_assessment_id: int | None
    entries: list[ProgramEntryRecord] = field(default_factory=list)


@dataclass(frozen=True)
class SessionRecord:
    """A training session on one day."""

    id: int
    person_id: int
    date: date
    notes: str | None


@dataclass(frozen=True)
class SetLogRecord:
    """One logged set: the target beside what was done, and how it felt.

    ``actual_value`` and ``target_value`` are in ``target_kind`` units (seconds or reps).
    ``id``, ``session_id``, ``date`` and ``program_entry_id`` are filled in when stored.
    """

    exercise_id: str
    side: str
    target_kind: str
    actual_value: int
    difficulty: int
    pain: int
    target_value: int | None = None
    band: str | None = None
    collapse: bool = False
    notes: str | None = None
    discomfort: bool = False  # the pain figure is the ordinary ache of rolling or stretching
    hands_free: bool | None = None  # balance: held without touching support (None: not asked)
    program_entry_id: int | None = None
    id: int | None = None
    session_id: int | None = None
    date: date | None = None
