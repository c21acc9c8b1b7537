"""The counts of a live session logged as a set through ``groundup log`` (no model: the engine is fed
synthetic poses)."""

from __future__ import annotations

from pathlib import Path

from single_leg_bodies import Timeline, figure_track

from groundup import coach
from groundup.cli.live import _log_sets
from groundup.live.replay import replay_track
from groundup.live.summary import SetCount, set_counts
from groundup.store import repo
from groundup.store.db import open_store
from groundup.thresholds import load_thresholds
from program.program_results import NEUTRAL, VALGUS, knee, result
from synthetic import squat_track

TH = load_thresholds()


def test_squat_reps_are_one_set_on_both_legs_with_the_caving_in() -> None:
    engine, _ = replay_track(squat_track(n_reps=3, valgus={"left": 0.35}), TH)
    assert set_counts(engine) == [SetCount("both", "reps", 3, True)]
    engine, _ = replay_track(squat_track(n_reps=2), TH)
    assert set_counts(engine) == [SetCount("both", "reps", 2, False)]
    assert SetCount("both", "reps", 2, False).log_args() == ["--reps", "2", "--side", "both", "--no-collapse"]


def test_balance_logs_each_legs_longest_hold_in_whole_seconds() -> None:
    tl = Timeline().both_down(2.0).lift_foot("left", 2.0).touch_down("left").both_down(1.0)
    tl.lift_foot("left", 4.0).touch_down("left").both_down(1.0).lift_foot("right", 3.0).touch_down("right")
    engine, _ = replay_track(figure_track(tl.both_down(1.0), collapse=[("right", 11.5, 12.5, 0.4)]), TH,
                             movement="single-leg-balance")
    assert set_counts(engine) == [SetCount("left", "seconds", 4, False), SetCount("right", "seconds", 3, True)]


def test_the_counted_set_is_stored_in_the_persons_log(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'g.sqlite3'}"
    store = open_store(url)
    try:
        with store.session() as s:
            repo.add_person(s, "Ana")
        coach.store_assessment(store, "Ana", result(knee("valgus", VALGUS), knee("neutral", NEUTRAL)), "/tmp/a")
        week, _, _ = coach.plan_for_week(store, "Ana")
        squats = next(e for e in week.entries if e.unit == "reps")
        _log_sets([SetCount("both", "reps", 7, True)], "Ana", squats.exercise_id, 5, 0, url)
        [logged] = coach.logged_sets(store, "Ana")
    finally:
        store.close()
    assert (logged.exercise_id, logged.unit, logged.actual, logged.side, logged.collapse) == \
        (squats.exercise_id, "reps", 7, "both", True)
    assert logged.notes == "counted by groundup live"
