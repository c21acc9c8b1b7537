"""Single-leg balance, live (no model): seconds held per leg and the standing knee's collapses."""

from __future__ import annotations

import pytest
from single_leg_bodies import Timeline, figure_track

from groundup.live.replay import replay_track
from groundup.thresholds import load_thresholds

TH = load_thresholds()


def holds_clip(**figure):
    """Stand 2 s, 4 s on the left leg, stand, 3 s on the right leg, stand."""
    tl = Timeline().both_down(2.0).lift_foot("left", 4.0).touch_down("left").both_down(1.0)
    tl.lift_foot("right", 3.0).touch_down("right").both_down(1.0)
    return figure_track(tl, **figure)


def test_seconds_held_on_each_leg() -> None:
    engine, frames = replay_track(holds_clip(noise_px=1.0), TH, movement="single-leg-balance")
    assert engine.balance is not None
    holds = engine.balance.holds
    assert [h.side for h in holds] == ["left", "right"]
    assert [h.held_s for h in holds] == [pytest.approx(4.15, abs=0.25), pytest.approx(3.15, abs=0.25)]
    assert [h.collapses for h in holds] == [0, 0]
    assert not [c for f in frames for c in f.cues if c.kind == "knee_out"]
    shown = [f.as_dict(1, 1)["hold"] for f in frames if f.holding]
    assert shown[0].startswith("On the left leg: 0.") and shown[-1].startswith("On the right leg: 3.")
    assert engine.reps == []  # no squat reps counted in a balance set


def test_a_knee_collapse_in_a_hold_is_counted_and_cued_once() -> None:
    track = holds_clip(collapse=[("left", 3.5, 4.5, 0.4)], noise_px=1.0)
    engine, frames = replay_track(track, TH, movement="single-leg-balance")
    assert engine.balance is not None
    assert [h.collapses for h in engine.balance.holds] == [1, 0]
    assert [(c.side, c.text) for f in frames for c in f.cues if c.kind == "knee_out"] == [("left", "Left knee out")]


def test_the_baseline_waits_for_both_feet_on_the_floor() -> None:
    tl = Timeline().lift_foot("left", 3.0).touch_down("left").both_down(2.0)
    _, frames = replay_track(figure_track(tl), TH, movement="single-leg-balance")
    first_ready = next(f.time_s for f in frames if f.status == "ready")
    assert first_ready > 3.0  # not while standing still on one leg
