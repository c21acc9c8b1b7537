"""The coaching loop end to end through the real store (SQLite file): assess -> program ->
log -> progression -> re-test -> maintenance, export and progress."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from groundup import coach
from groundup.errors import GroundupError
from groundup.program import SetLog
from groundup.program.errors import LogError
from groundup.store import repo
from groundup.store.db import open_store
from groundup.store.errors import StoreError
from program.program_results import NEUTRAL, VALGUS, knee, result

START = date(2024, 1, 1)


@pytest.fixture()
def store(tmp_path: Path):
    s = open_store(f"sqlite:///{tmp_path / 'g.sqlite3'}")
    with s.session() as session:
        repo.add_person(session, "Ana")
    yield s
    s.close()


def valgus_left(created: str = "2024-01-01T09:00:00+00:00") -> dict:
    return result(knee("valgus", VALGUS), knee("neutral", NEUTRAL), created=created)


def log(day: date, exercise: str, actual: int, unit: str, side: str, difficulty: int = 5, pain: int = 0) -> SetLog:
    """A set with the evidence mastery needs (hands-free for balance, the band for band work)."""
    return SetLog(exercise, day, side, unit, actual, actual, difficulty, pain, False,
                  "light" if "band" in exercise or "single" in exercise else None,
                  hands_free=True if exercise.startswith("balance") else None)


def test_one_sided_valgus_starts_a_program_with_the_single_side_track(store) -> None:
    update = coach.store_assessment(store, "Ana", valgus_left(), "/tmp/a")
    assert update.prescription.status == "program"
    plan, week, view = coach.plan_for_week(store, "Ana", today=START)
    assert week == 1 and plan.mode == "corrective"
    tracks = {e.track for e in plan.entries}
    assert "single-side" in tracks, tracks
    single = [e for e in plan.entries if e.track == "single-side"]
    assert all(e.sides == ("left",) for e in single)
    assert view.record.status == "corrective"


def test_logged_mastery_advances_the_track_next_week(store) -> None:
    coach.store_assessment(store, "Ana", valgus_left(), "/tmp/a")
    plan, _, _ = coach.plan_for_week(store, "Ana", week=1)
    balance = next(e for e in plan.entries if e.track == "balance")
    for side in ("left", "right"):
        coach.log_set(store, "Ana", log(START + timedelta(days=2), balance.exercise_id, balance.dose.high,
                                        balance.unit, side, difficulty=6))
    week2, _, _ = coach.plan_for_week(store, "Ana", week=2)
    nxt = next(e for e in week2.entries if e.track == "balance")
    assert nxt.level == balance.level + 1


def test_pain_at_a_first_level_pauses_the_exercise(store) -> None:
    coach.store_assessment(store, "Ana", valgus_left(), "/tmp/a")
    plan, _, _ = coach.plan_for_week(store, "Ana", week=1)
    squat = next(e for e in plan.entries if e.track == "band-squat")
    coach.log_set(store, "Ana", log(START + timedelta(days=1), squat.exercise_id, 8, squat.unit, "both", pain=4))
    week2, _, _ = coach.plan_for_week(store, "Ana", week=2)
    assert squat.exercise_id not in {e.exercise_id for e in week2.entries}
    assert any(left.kind == "pause" and left.exercise_id == squat.exercise_id for left in week2.left_out)


def test_bad_logs_are_refused_and_nothing_is_stored(store) -> None:
    coach.store_assessment(store, "Ana", valgus_left(), "/tmp/a")
    with pytest.raises(LogError):
        coach.log_set(store, "Ana", log(START, "balance-bodyweight", 10, "seconds", "left", pain=11))
    with pytest.raises(LogError):
        coach.log_set(store, "Ana", log(START, "balance-bodyweight", -3, "seconds", "left"))
    with pytest.raises(GroundupError):
        coach.log_set(store, "Ana", log(START, "no-such-exercise", 10, "reps", "both"))
    with pytest.raises(StoreError, match="No person named"):
        coach.log_set(store, "Zoe", log(START, "balance-bodyweight", 10, "seconds", "left"))
    assert coach.logged_sets(store, "Ana") == []


def test_real_improvement_at_retest_switches_to_maintenance(store) -> None:
    coach.store_assessment(store, "Ana", valgus_left(), "/tmp/a")
    better = result(knee("neutral", (0.01, 0.0, 0.02, -0.01, 0.0)), knee("neutral", NEUTRAL),
                    created="2024-01-29T09:00:00+00:00")
    update = coach.store_assessment(store, "Ana", better, "/tmp/b")
    assert update.retest is not None and update.retest.real_improvement
    plan, _, view = coach.plan_for_week(store, "Ana", week=5)
    assert view.record.status == "maintenance" and plan.mode == "maintenance"


def test_retest_within_noise_keeps_the_program(store) -> None:
    coach.store_assessment(store, "Ana", valgus_left(), "/tmp/a")
    same = result(knee("valgus", (0.31, 0.36, 0.33, 0.35, 0.34)), knee("neutral", NEUTRAL),
                  created="2024-01-29T09:00:00+00:00")
    update = coach.store_assessment(store, "Ana", same, "/tmp/b")
    assert not update.retest.real_improvement
    assert coach.program_view(store, "Ana").record.status == "corrective"


def test_progress_and_export(store, tmp_path: Path) -> None:
    coach.store_assessment(store, "Ana", valgus_left(), "/tmp/a")
    coach.store_assessment(store, "Ana", result(knee("neutral", (0.0, 0.01, 0.0)), knee("neutral", NEUTRAL),
                                                created="2024-01-29T09:00:00+00:00"), "/tmp/b")
    coach.log_set(store, "Ana", log(START, "balance-bodyweight", 12, "seconds", "left"))
    points, _rows = coach.progress_points(coach.assessment_history(store, "Ana"))
    assert [p.verdict for p in points if p.side == "left"] == ["baseline", "improved"]
    out = tmp_path / "export"
    coach.export_person(store, "Ana", out)
    data = json.loads((out / "export.json").read_text())
    assert len(data["assessments"]) == 2 and len(data["set_logs"]) == 1
    assert (out / "assessments.csv").read_text().count("\n") == 3
    assert "balance-bodyweight" in (out / "set_logs.csv").read_text()


def test_a_clip_of_another_movement_is_stored_but_is_not_a_retest(store) -> None:
    coach.store_assessment(store, "Ana", valgus_left(), "/tmp/a")  # no movement: an (older) squat row
    neutral_walk = result(knee("neutral", NEUTRAL), knee("neutral", NEUTRAL), created="2024-02-01T09:00:00+00:00")
    neutral_walk["movement"] = {"requested": "gait"}
    update = coach.store_assessment(store, "Ana", neutral_walk, "/tmp/b")
    assert update.retest is None and update.prescription is None
    assert "same movement" in update.message and "gait" in update.message
    view = coach.program_view(store, "Ana")
    assert view.retest is None and view.record.status == "corrective"  # the walk did not end the program
    assert [a.movement for a in coach.progress_history(store, "Ana")] == [None]
    squat_again = result(knee("neutral", NEUTRAL), knee("neutral", NEUTRAL), created="2024-03-01T09:00:00+00:00")
    assert coach.store_assessment(store, "Ana", squat_again, "/tmp/c").retest.real_improvement
