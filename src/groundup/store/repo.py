"""Repository functions: one small step each, over a caller's SQLAlchemy ``Session``.

They take and return the plain records of ``groundup.store.records`` and raise ``StoreError``
with one sentence for anything that cannot be stored. The caller owns the transaction
(``Store.session()``).
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from groundup.store import convert, validate
from groundup.store import models as m
from groundup.store.errors import StoreError
from groundup.store.records import (
    AssessmentRecord,
    PersonRecord,
    ProgramEntryRecord,
    ProgramRecord,
    SessionRecord,
    SetLogRecord,
)

RESULT_SCHEMA_PREFIX = "groundup.assessment/"


def _now() -> datetime:
    return datetime.now(UTC)


def _insert(s: Session, rows: Sequence[m.Base], failure: str) -> None:
    """Write ``rows`` in a savepoint; a constraint the database refuses becomes ``failure``.

    The caller's transaction stays usable after the refusal.
    """
    try:
        with s.begin_nested():
            s.add_all(rows)
    except IntegrityError:
        raise StoreError(failure) from None


# --- people -------------------------------------------------------------------------------------

def add_person(s: Session, name: str) -> PersonRecord:
    """Store a new person; the name must be unused."""
    name = validate.name(name)
    if s.scalar(select(m.PersonRow.id).where(m.PersonRow.name == name)) is not None:
        raise StoreError(f"A person named {name!r} already exists.")
    row = m.PersonRow(name=name, created_at=_now())
    _insert(s, [row], f"A person named {name!r} already exists.")
    return convert.person(row)


def list_people(s: Session) -> list[PersonRecord]:
    """Everyone, by name."""
    return [convert.person(r) for r in s.scalars(select(m.PersonRow).order_by(m.PersonRow.name))]


def get_person_by_name(s: Session, name: str) -> PersonRecord:
    """The person with exactly this name (surrounding spaces ignored)."""
    wanted = name.strip() if isinstance(name, str) else name
    row = s.scalar(select(m.PersonRow).where(m.PersonRow.name == wanted))
    if row is None:
        known = ", ".join(p.name for p in list_people(s)) or "none yet"
        raise StoreError(f"No person named {name!r} (known: {known}).")
    return convert.person(row)


def _person_name(s: Session, person_id: int) -> str:
    row = s.get(m.PersonRow, person_id)
    if row is None:
        raise StoreError(f"No person with id {person_id} in this database.")
    return row.name


# --- assessments --------------------------------------------------------------------------------

def _created(result: dict[str, Any]) -> datetime:
    """When the analysis ran (``created_utc``), else now."""
    try:
        return convert.aware(datetime.fromisoformat(result["created_utc"]))
    except (KeyError, TypeError, ValueError):
        return _now()


def _side_columns(result: dict[str, Any], side: str) -> dict[str, Any]:
    found = (result.get("sides") or {}).get(side) or {}
    knee, ankle = found.get("knee") or {}, found.get("ankle") or {}
    return {
        f"{side}_knee_verdict": knee.get("verdict"), f"{side}_knee_severity": knee.get("severity"),
        f"{side}_knee_value": knee.get("value"), f"{side}_knee_confidence": knee.get("confidence"),
        f"{side}_ankle_verdict": ankle.get("verdict"),
    }


def add_assessment(s: Session, person: PersonRecord, result: dict[str, Any], folder: str | Path) -> AssessmentRecord:
    """Store an analysis (its ``result.json`` as a dict) and the folder it was written to."""
    schema = result.get("schema") if isinstance(result, dict) else None
    if not isinstance(schema, str) or not schema.startswith(RESULT_SCHEMA_PREFIX):
        raise StoreError(f"Not a groundup assessment result (schema {schema!r}).")
    row = m.AssessmentRow(
        person_id=person.id, created_at=_created(result), video_path=(result.get("video") or {}).get("path"),
        folder=str(folder), movement=(result.get("movement") or {}).get("requested"),
        **_side_columns(result, "left"), **_side_columns(result, "right"),
        symmetry_pattern=(result.get("symmetry") or {}).get("pattern"),
        summary_json=json.dumps(result, sort_keys=True, allow_nan=False),
    )
    _insert(s, [row], f"Person {person.name!r} is not in this database.")
    return convert.assessment(row)


def latest_assessments(s: Session, person: PersonRecord, n: int = 2) -> list[AssessmentRecord]:
    """The person's ``n`` most recent assessments, newest first."""
    rows = s.scalars(select(m.AssessmentRow).where(m.AssessmentRow.person_id == person.id)
                     .order_by(m.AssessmentRow.created_at.desc(), m.AssessmentRow.id.desc()).limit(n))
    return [convert.assessment(r) for r in rows]


def get_assessment(s: Session, person: PersonRecord, assessment_id: int | None) -> AssessmentRecord:
    """One of the person's assessments by id (unknown or someone else's -> StoreError)."""
    row = s.get(m.AssessmentRow, assessment_id) if assessment_id is not None else None
    if row is None or row.person_id != person.id:
        raise StoreError(f"The assessment {assessment_id} of {person.name!r} is not in this database.")
    return convert.assessment(row)


# --- programs -----------------------------------------------------------------------------------

def save_program(s: Session, person: PersonRecord, entries: Sequence[ProgramEntryRecord], *, status: str,
                 retest_due: date | None = None, from_assessment: AssessmentRecord | None = None) -> ProgramRecord:
    """Store a new program, which becomes the person's current one (older programs stay as history)."""
    validate.status(status)
    for item in entries:
        validate.entry(item)
    if from_assessment is not None and from_assessment.person_id != person.id:
        raise StoreError(f"That assessment belongs to someone else, not {person.name!r}.")
    row = m.ProgramRow(person_id=person.id, created_at=_now(), status=status, retest_due=retest_due,
                       from_assessment_id=from_assessment.id if from_assessment else None)
    _insert(s, [row], f"Person {person.name!r} or the assessment is not in this database.")
    rows = [_entry_row(row.id, item, i) for i, item in enumerate(entries)]
    _insert(s, rows, "A program entry was refused by the database.")
    return convert.program(row, sorted(rows, key=lambda r: (r.order, r.id)))


def _entry_row(program_id: int, item: ProgramEntryRecord, index: int) -> m.EntryRow:
    fields = dataclasses.asdict(item)
    fields.pop("id")
    fields["program_id"] = program_id
    fields["order"] = index if item.order is None else item.order
    return m.EntryRow(**fields)


def current_program(s: Session, person: PersonRecord) -> ProgramRecord | None:
    """The person's newest program with its entries in order, or ``None``."""
    return _program_of(s, person.id)


def _program_of(s: Session, person_id: int) -> ProgramRecord | None:
    row = s.scalar(select(m.ProgramRow).where(m.ProgramRow.person_id == person_id)
                   .order_by(m.ProgramRow.id.desc()).limit(1))
    if row is None:
        return None
    entries = s.scalars(select(m.EntryRow).where(m.EntryRow.program_id == row.id)
                        .order_by(m.EntryRow.order, m.EntryRow.id))
    return convert.program(row, list(entries))


# --- training log -------------------------------------------------------------------------------

def add_session(s: Session, person: PersonRecord, day: date, notes: str | None = None) -> SessionRecord:
    """Open a training session on ``day``."""
    if not isinstance(day, date):
        raise StoreError(f"A session's date must be a date, not {day!r}.")
    row = m.SessionRow(person_id=person.id, date=day, notes=notes)
    _insert(s, [row], f"Person {person.name!r} is not in this database.")
    return convert.session(row)


def _matching_entry(s: Session, person_id: int, log: SetLogRecord) -> ProgramEntryRecord:
    """The current-program entry the set belongs to: same exercise, same side if there is one."""
    who = _person_name(s, person_id)
    program = _program_of(s, person_id)
    if program is None:
        raise StoreError(f"{who} has no program yet, so {log.exercise_id!r} cannot be logged.")
    same = [e for e in program.entries if e.exercise_id == log.exercise_id]
    if not same:
        listed = ", ".join(dict.fromkeys(e.exercise_id for e in program.entries)) or "no exercises"
        raise StoreError(f"{log.exercise_id!r} is not in {who}'s current program ({listed}).")
    chosen = next((e for e in same if e.side in (log.side, "both")), same[0])
    if chosen.target_kind != log.target_kind:
        raise StoreError(f"{log.exercise_id!r} is prescribed in {chosen.target_kind}, not {log.target_kind}.")
    return chosen


def add_set_log(s: Session, session: SessionRecord, log: SetLogRecord) -> SetLogRecord:
    """Log one set in ``session``; the exercise must be in the person's current program.

    Without a ``target_value`` the set keeps the top of the prescribed range as its target.
    """
    validate.set_log(log)
    prescribed = _matching_entry(s, session.person_id, log)
    target = log.target_value if log.target_value is not None else prescribed.target_high
    row = m.SetLogRow(
        session_id=session.id, program_entry_id=prescribed.id, exercise_id=log.exercise_id, side=log.side,
        band=log.band, target_kind=log.target_kind, target_value=target, actual_value=log.actual_value,
        difficulty=log.difficulty, pain=log.pain, collapse=log.collapse, notes=log.notes,
        discomfort=log.discomfort, hands_free=log.hands_free,
    )
    _insert(s, [row], "The set was refused by the database (is the session stored?).")
    return dataclasses.replace(log, id=row.id, session_id=session.id, date=session.date,
                               program_entry_id=prescribed.id, target_value=target)


def logs_for(s: Session, person: PersonRecord, since: date | None = None) -> list[SetLogRecord]:
    """The person's logged sets (from ``since`` on, inclusive), oldest first."""
    query = (select(m.SetLogRow, m.SessionRow).join(m.SessionRow, m.SetLogRow.session_id == m.SessionRow.id)
             .where(m.SessionRow.person_id == person.id)
             .order_by(m.SessionRow.date, m.SessionRow.id, m.SetLogRow.id))
    if since is not None:
        query = query.where(m.SessionRow.date >= since)
    return [convert.set_log(log, day) for log, day in s.execute(query)]
