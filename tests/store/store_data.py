"""Small builders for storage tests: a result document, a program, a set."""

from __future__ import annotations

from typing import Any

from groundup.store import ProgramEntryRecord, SetLogRecord


def result_doc(left: str = "valgus", right: str = "neutral",
               created: str = "2025-11-20T10:00:00+00:00") -> dict[str, Any]:
    """A minimal ``groundup.assessment/1`` document with one knee verdict per side."""
    def side(verdict: str, value: float) -> dict[str, Any]:
        severity = "mild" if verdict == "valgus" else "none"
        return {"knee": {"verdict": verdict, "severity": severity, "value": value, "confidence": 0.8,
                         "confidence_label": "high"},
                "ankle": {"verdict": "neutral", "severity": "none"}}
    return {
        "schema": "groundup.assessment/1", "created_utc": created,
        "video": {"path": "clips/squat.mp4"}, "movement": {"requested": "overhead-squat", "arms": "overhead"},
        "sides": {"left": side(left, 0.21), "right": side(right, 0.02)},
        "symmetry": {"pattern": "left only" if left == "valgus" and right != "valgus" else "none"},
        "reps": [{"rep": 1}, {"rep": 2}],
    }


def entries() -> list[ProgramEntryRecord]:
    """A two-track program: balance per leg in seconds, band squats in reps."""
    return [
        ProgramEntryRecord("balance-1", "balance", 1, "both", "seconds", 20, 30, "valgus on the left knee"),
        ProgramEntryRecord("band-squat-1", "band-squat", 1, "both", "reps", 8, 12, "valgus on the left knee"),
        ProgramEntryRecord("side-band-1", "single-side", 1, "left", "reps", 10, 15, "left only", active=False),
    ]


def a_set(exercise: str = "band-squat-1", **changes: Any) -> SetLogRecord:
    """A plausible set of band squats, with any field changed."""
    fields: dict[str, Any] = {"exercise_id": exercise, "side": "both", "target_kind": "reps", "actual_value": 10,
                                  "difficulty": 6, "pain": 0, "band": "light"}
    fields.update(changes)
    return SetLogRecord(**fields)
