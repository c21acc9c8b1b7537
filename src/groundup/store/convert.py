"""ORM rows to the plain records the rest of groundup sees."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from groundup.store import models as m
from groundup.store.records import (
    AssessmentRecord,
    KneeFinding,
    PersonRecord,
    ProgramEntryRecord,
    ProgramRecord,
    SessionRecord,
    SetLogRecord,
)


def aware(stamp: datetime) -> datetime:
    """A UTC timestamp with its zone (SQLite hands them back naive)."""
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)


def person(row: m.PersonRow) -> PersonRecord:
    return PersonRecord(row.id, row.name, aware(row.created_at))


def _finding(row: m.AssessmentRow, side: str) -> KneeFinding:
    return KneeFinding(
        verdict=getattr(row, f"{side}_knee_verdict"),
        severity=getattr(row, f"{side}_knee_severity"),
        value=getattr(row, f"{side}_knee_value"),
        confidence=getattr(row, f"{side}_knee_confidence"),
        ankle_verdict=getattr(row, f"{side}_ankle_verdict"),
    )


def assessment(row: m.AssessmentRow) -> AssessmentRecord:
    return AssessmentRecord(
        id=row.id, person_id=row.person_id, created_at=aware(row.created_at), video_path=row.video_path,
        folder=row.folder, movement=row.movement, left=_finding(row, "left"), right=_finding(row, "right"),
        symmetry_pattern=row.symmetry_pattern, summary=json.loads(row.summary_json),
    )


def entry(row: m.EntryRow) -> ProgramEntryRecord:
    return ProgramEntryRecord(
        exercise_id=row.exercise_id, track=row.track, level=row.level, side=row.side,
        target_kind=row.target_kind, target_low=row.target_low, target_high=row.target_high,
        reason=row.reason, active=row.active, order=row.order, id=row.id, program_id=row.program_id,
    )


def program(row: m.ProgramRow, entries: list[m.EntryRow]) -> ProgramRecord:
    return ProgramRecord(
        id=row.id, person_id=row.person_id, created_at=aware(row.created_at), status=row.status,
        retest_due=row.retest_due, from_assessment_id=row.from_assessment_id,
        entries=[entry(e) for e in entries],
    )


def session(row: m.SessionRow) -> SessionRecord:
    return SessionRecord(row.id, row.person_id, row.date, row.notes)


def set_log(row: m.SetLogRow, day: m.SessionRow) -> SetLogRecord:
    return SetLogRecord(
        exercise_id=row.exercise_id, side=row.side, target_kind=row.target_kind,
        actual_value=row.actual_value, difficulty=row.difficulty, pain=row.pain,
        target_value=row.target_value, band=row.band, collapse=row.collapse, notes=row.notes,
        discomfort=row.discomfort, hands_free=row.hands_free,
        program_entry_id=row.program_entry_id, id=row.id, session_id=row.session_id, date=day.date,
    )
