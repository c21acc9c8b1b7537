"""Flat rows of assessments and set logs, ready for ``csv.DictWriter`` or ``json.dump``."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from groundup.store import models as m
from groundup.store.records import PersonRecord

ASSESSMENT_COLUMNS = (
    "id", "created_at", "video_path", "folder", "movement",
    "left_knee_verdict", "left_knee_severity", "left_knee_value", "left_knee_confidence", "left_ankle_verdict",
    "right_knee_verdict", "right_knee_severity", "right_knee_value", "right_knee_confidence", "right_ankle_verdict",
    "symmetry_pattern",
)
SET_LOG_COLUMNS = (
    "id", "session_id", "program_entry_id", "exercise_id", "side", "band", "target_kind", "target_value",
    "actual_value", "difficulty", "pain", "collapse", "notes", "discomfort", "hands_free",
)


def _plain(value: Any) -> Any:
    """Dates and times as ISO text; everything else as is."""
    return value.isoformat() if hasattr(value, "isoformat") else value


def _pick(row: object, columns: tuple[str, ...]) -> dict[str, Any]:
    return {c: _plain(getattr(row, c)) for c in columns}


def assessment_rows(s: Session, person: PersonRecord) -> list[dict[str, Any]]:
    """One row per assessment (oldest first); the full result stays in each analysis folder."""
    rows = s.scalars(select(m.AssessmentRow).where(m.AssessmentRow.person_id == person.id)
                     .order_by(m.AssessmentRow.created_at, m.AssessmentRow.id))
    return [{"person": person.name, **_pick(r, ASSESSMENT_COLUMNS)} for r in rows]


def set_log_rows(s: Session, person: PersonRecord) -> list[dict[str, Any]]:
    """One row per logged set (oldest first) with its session's date and notes."""
    query = (select(m.SetLogRow, m.SessionRow).join(m.SessionRow, m.SetLogRow.session_id == m.SessionRow.id)
             .where(m.SessionRow.person_id == person.id)
             .order_by(m.SessionRow.date, m.SessionRow.id, m.SetLogRow.id))
    return [{"person": person.name, "date": day.date.isoformat(), "session_notes": day.notes,
             **_pick(log, SET_LOG_COLUMNS)} for log, day in s.execute(query)]


def export_rows(s: Session, person: PersonRecord) -> dict[str, list[dict[str, Any]]]:
    """``{"assessments": [...], "set_logs": [...]}`` for one person."""
    return {"assessments": assessment_rows(s, person), "set_logs": set_log_rows(s, person)}
