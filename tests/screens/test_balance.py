"""The single-leg balance screen: hold times, collapse events, sway, refusals, real clips."""

from __future__ import annotations

import json

import numpy as np
import pytest
from single_leg_bodies import FPS, analysed, balance_clip, both_feet_down_clip, criteria

from clips import clip
from groundup.pose.landmarks import INDEX
from groundup.screens import SCREENS
from groundup.screens.balance import analyse, excursions
from real_tracks import real_track

MOVEMENT = "single-leg-balance"


def run(track):
    return analysed(analyse, track, MOVEMENT)


@pytest.fixture(scope="module")
def right_collapse():
    """12 s on the left leg, 6 s on the right; the right knee caves in 0.35 shank lengths at 16-17 s."""
    track, truth = balance_clip(holds=(("left", 12.0), ("right", 6.0)), sway=0.1,
                                collapse=[("right", 16.0, 17.0, 0.35)], noise_px=0.5, seed=2)
    return run(track), truth, track


def test_the_registry_points_at_this_protocol() -> None:
    assert SCREENS[MOVEMENT].analyse_fn() is analyse


def test_hold_times_from_lift_off_to_touch_down(right_collapse) -> None:
    a, truth, _ = right_collapse
    assert a.quality.can_judge, a.quality.issues
    for (side, lift), (_, down) in zip(truth.lift_off, truth.touch_down):
        assert a.screen.figures[f"{side}_hold_s"] == pytest.approx((down - lift) / FPS, abs=2.5 / FPS)
    lifts = [(e.side, e.frame) for e in a.screen.events if e.kind == "lift_off"]
    downs = [(e.side, e.frame) for e in a.screen.events if e.kind == "touch_down"]
    assert [s for s, _ in lifts] == ["left", "right"] == [s for s, _ in downs]
    assert all(abs(f - t) <= 2 for (_, f), (_, t) in zip(lifts + downs, truth.lift_off + truth.touch_down))


def test_hold_time_rated_against_the_programs_target(right_collapse) -> None:
    a, _, _ = right_collapse
    left, right = criteria(a, "left")["hold_time"], criteria(a, "right")["hold_time"]
    assert left.rating == "good" and left.threshold.key == "balance.target_hold_s" and left.threshold.value == 10
    assert right.rating == "poor" and "touched down" in right.note
    assert a.symmetry["hold_difference_s"] == pytest.approx(6.0, abs=0.2)


def test_knee_collapse_event_on_the_right_leg_only_with_its_frame(right_collapse) -> None:
    a, _, _ = right_collapse
    (event,) = [e for e in a.screen.events if e.kind == "knee_collapse"]
    assert event.side == "right" and 16.0 <= event.time_s <= 17.0
    assert criteria(a, "right")["knee_collapse"].rating == "poor"
    assert criteria(a, "right")["knee_collapse"].frames == [event.frame]
    assert criteria(a, "left")["knee_collapse"].rating == "good"
    assert a.knees["right"].verdict == "valgus" and a.knees["left"].verdict == "neutral"
    assert a.knees["right"].evidence[0].frame == pytest.approx(event.frame, abs=3)
    assert a.symmetry["pattern"] == "right only"


def test_sway_of_the_body_centre_in_hip_widths(right_collapse) -> None:
    a, _, _ = right_collapse
    for side in ("left", "right"):  # a 0.1 hip-width sine at 0.7 Hz: SD 0.071, path 4 x 0.1 x 0.7 per second
        assert a.screen.figures[f"{side}_hip_sway_sd"] == pytest.approx(0.1 / np.sqrt(2), abs=0.01)
        assert a.screen.figures[f"{side}_hip_sway_path_per_s"] == pytest.approx(0.28, abs=0.04)
        assert a.screen.figures[f"{side}_shoulder_sway_sd"] == pytest.approx(0.1 / np.sqrt(2), abs=0.01)
        assert criteria(a, side)["sway"].rating == "measured"
    json.dumps(a.screen.as_dict())


def test_a_steady_figure_sways_less() -> None:
    track, _ = balance_clip(holds=(("left", 5.0), ("right", 5.0)))
    a = run(track)
    assert a.screen.figures["left_hip_sway_sd"] < 0.01
    assert all(c.rating in ("good", "measured") for c in a.screen.criteria if c.name != "hold_time")


def test_ankle_collapse_events_from_the_eversion_proxy() -> None:
    track, _ = balance_clip(holds=(("left", 5.0), ("right", 5.0)))
    # roll the left ankle in by shifting its landmark medially during the left hold (2-4 s)
    t = track.times_s
    inside = (t >= 2.0) & (t <= 4.0)
    track.image_xy[inside, INDEX["left_ankle"], 0] -= 0.2 * 150  # left is image right: medial is -x
    a = run(track)
    events = [e for e in a.screen.events if e.kind == "ankle_collapse"]
    assert events and all(e.side == "left" and 2.0 <= e.time_s <= 4.0 for e in events)
    assert criteria(a, "left")["ankle_collapse"].rating == "poor"
    assert criteria(a, "right")["ankle_collapse"].rating == "good"
    assert a.ankles["left"].verdict == "eversion" and a.ankles["left"].confidence <= 0.6


def test_the_side_swapped_figure_gives_the_swapped_answer(right_collapse) -> None:
    _, _truth, track = right_collapse
    a = run(track.mirrored())
    assert a.knees["left"].verdict == "valgus" and a.knees["right"].verdict == "neutral"
    assert a.screen.figures["right_hold_s"] > 11 and a.screen.figures["left_hold_s"] < 7


def test_both_feet_down_is_refused_with_a_clear_message_and_advice() -> None:
    a = run(both_feet_down_clip(noise_px=1.0, seed=4))
    assert not a.quality.can_judge
    (issue,) = [i for i in a.quality.issues if i.severity == "refuse"]
    assert issue.code == "no_holds"
    assert issue.message == "No single-leg stance found: lift one foot clear of the floor and hold."
    assert "stand on one leg with the other foot clear of the floor" in issue.advice
    for side in ("left", "right"):
        assert a.knees[side].verdict == "insufficient" and a.knees[side].reasons == [issue.message]
    assert all(c.rating == "unknown" for c in a.screen.criteria)


def test_a_hold_too_short_is_refused_with_its_length() -> None:
    track, truth = balance_clip(holds=(("left", 1.0),))
    a = run(track)
    held = (truth.touch_down[0][1] - truth.lift_off[0][1]) / FPS
    (issue,) = [i for i in a.quality.issues if i.severity == "refuse"]
    assert f"longest stance on one leg lasted {held:.1f} s, before the foot touched down" in issue.message
    assert a.screen.figures["left_hold_s"] == pytest.approx(held, abs=2.5 / FPS)


def test_a_hold_cut_by_the_clip_end_before_the_target_is_not_rated_poor() -> None:
    track, _ = balance_clip(holds=(("right", 5.0),), end_on_one_leg=True)
    a = run(track)
    hold = criteria(a, "right")["hold_time"]
    assert hold.rating == "unknown" and "the clip ended" in hold.note and hold.value > 4.5
    assert a.reps[0].complete and a.knees["right"].verdict == "neutral"


def test_a_person_lost_mid_hold_ends_the_hold_as_lost() -> None:
    track, _ = balance_clip(holds=(("left", 12.0),), end_on_one_leg=True, lost_from_s=5.0)
    a = run(track)
    assert [e.kind for e in a.screen.events] == ["lift_off", "hold_lost"]
    assert criteria(a, "left")["hold_time"].rating == "unknown"
    assert "person was lost" in criteria(a, "left")["hold_time"].note


def test_excursions_need_the_minimum_duration() -> None:
    v = np.zeros(100)
    v[10:13] = 1.0  # 0.07 s
    v[50:70] = np.linspace(0.5, 1.5, 20)
    t = np.arange(100) / FPS
    assert excursions(v, 0.4, np.arange(100), t, 0.2) == [(50, 69, 69)]


# ---------------------------------------------------------------- real clips


@pytest.fixture(scope="module")
def real():
    names = ("pose2sim_single_person_cam01.mp4", "pose2sim_single_person_cam02.mp4",
             "ucsd_render_single_leg_squat_left.mp4")
    return {n: run(real_track(clip(n))) for n in names}


def refusals(a) -> dict[str, str]:
    return {i.code: i.message for i in a.quality.issues if i.severity == "refuse"}


def test_real_cam01_stances_are_far_too_short_for_a_hold(real) -> None:
    """The man is on one leg for under a second at a time (and filmed ~35 deg off the front)."""
    a = real["pose2sim_single_person_cam01.mp4"]
    r = refusals(a)
    assert "not_square" in r and "no_holds" in r
    assert "No single-leg hold of 2 s was found" in r["no_holds"]
    assert 0.3 <= max(a.screen.figures["left_hold_s"], a.screen.figures["right_hold_s"]) < 1.5
    assert a.knees["left"].verdict == "insufficient" and a.reps == []


def test_real_cam02_hold_ends_when_the_tracker_loses_the_person(real) -> None:
    a = real["pose2sim_single_person_cam02.mp4"]
    r = refusals(a)
    assert "lost_track" in r and "no_holds" in r
    assert "tracker lost the person" in r["no_holds"] or "lasted" in r["no_holds"]
    assert a.knees["right"].verdict == "insufficient"


def test_real_rendered_clip_shows_no_single_leg_stance_before_the_person_is_lost(real) -> None:
    a = real["ucsd_render_single_leg_squat_left.mp4"]
    r = refusals(a)
    assert r["no_holds"] == "No single-leg stance found: lift one foot clear of the floor and hold."
    assert "lost_track" in r
    assert a.screen.figures["left_hold_s"] == 0 and a.screen.figures["right_hold_s"] == 0
