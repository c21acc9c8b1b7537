"""The single-leg squat screen on figures with known reps, valgus, pelvic drop and trunk shift, and on real clips."""

from __future__ import annotations

import json

import pytest
from single_leg_bodies import analysed, balance_clip, both_feet_down_clip, criteria, single_leg_squat_clip

from clips import clip
from groundup.screens import SCREENS
from groundup.screens.single_leg_squat import analyse
from real_tracks import real_track

MOVEMENT = "single-leg-squat"


def run(track):
    return analysed(analyse, track, MOVEMENT)


@pytest.fixture(scope="module")
def left_valgus():
    """Both legs, 3 reps each; the left knee caves in 0.4 shank lengths at the bottom."""
    track, truth = single_leg_squat_clip(knee_in={"left": 0.4}, noise_px=0.5, seed=1)
    return run(track), truth, track


def test_the_registry_points_at_this_protocol() -> None:
    assert SCREENS[MOVEMENT].analyse_fn() is analyse


def test_reps_per_leg_found_at_their_bottoms_and_only_the_standing_leg_summarised(left_valgus) -> None:
    a, truth, _ = left_valgus
    assert a.quality.can_judge, a.quality.issues
    assert len(a.reps) == 6 and all(r.complete for r in a.reps)
    for r, s, (side, bottom) in zip(a.reps, a.summaries, truth.bottoms):
        assert abs(r.bottom - bottom) <= 2
        assert list(s.side) == [side]
    assert a.screen.figures["left_reps"] == 3 and a.screen.figures["right_reps"] == 3


def test_events_stance_start_bottom_and_end_per_rep(left_valgus) -> None:
    a, truth, _ = left_valgus
    events = a.screen.events
    starts = [(e.side, e.frame) for e in events if e.kind == "stance_start"]
    assert [s for s, _ in starts] == ["left", "right"]
    assert all(abs(f - lift) <= 2 for (_, f), (_, lift) in zip(starts, truth.lift_off))
    bottoms = [(e.side, e.frame) for e in events if e.kind == "bottom"]
    assert [s for s, _ in bottoms] == [s for s, _ in truth.bottoms]
    assert all(abs(f - b) <= 2 for (_, f), (_, b) in zip(bottoms, truth.bottoms))
    for kind in ("rep_start", "rep_end"):
        assert sum(e.kind == kind for e in events) == 6
    ends = [e.frame for e in events if e.kind == "stance_end"]
    assert all(abs(f - d) <= 2 for f, (_, d) in zip(ends, truth.touch_down))


def test_valgus_on_the_chosen_leg_and_neutral_on_the_other(left_valgus) -> None:
    a, _, _ = left_valgus
    left, right = a.knees["left"], a.knees["right"]
    assert left.verdict == "valgus" and left.reps_judged == 3 and left.confidence >= 0.75
    assert left.evidence and left.evidence[0].threshold.key == "knee.valgus_mild"
    assert right.verdict == "neutral" and abs(right.summary_value) < 0.1
    assert a.symmetry["pattern"] == "left only"
    assert a.symmetry["reps_per_leg"] == {"left": 3, "right": 3}
    assert a.symmetry["fppa_matched_difference_deg"] > 6


def test_hip_knee_alignment_rated_on_fppa_at_matched_depth(left_valgus) -> None:
    a, _, _ = left_valgus
    left, right = criteria(a, "left")["hip_knee"], criteria(a, "right")["hip_knee"]
    assert left.rating == "poor" and left.value > 6 and left.threshold.key == "single_leg.fppa_valgus_deg"
    assert "Qinematic" in left.threshold.source and len(left.frames) == 3
    assert right.rating == "good" and abs(right.value) < 3
    matched = [s.matched_frame for s in a.summaries]
    depths = [a.depth[f] - a.depth[r.start] for f, r in zip(matched, a.reps)]
    assert max(depths) - min(depths) < 0.03  # every rep, both legs, compared at the same hip depth


def test_each_leg_gets_the_five_front_view_crossley_criteria(left_valgus) -> None:
    a, _, _ = left_valgus
    for side in ("left", "right"):
        c = criteria(a, side)
        assert set(c) == {"overall", "trunk", "pelvis", "hip_knee", "foot"}
        assert all(x.rating in ("good", "poor") for x in c.values())
        assert all(x.threshold is not None and x.threshold.source for x in c.values())
    assert criteria(a, "right")["overall"].rating == "good"
    json.dumps(a.screen.as_dict())  # serialisable for result.json


def test_pelvic_drop_and_trunk_shift_are_rated_poor_when_present() -> None:
    track, _ = single_leg_squat_clip(pelvic_drop_deg=9.0, trunk_shift=0.5, knee_in={"right": 0.4})
    a = run(track)
    for side in ("left", "right"):
        c = criteria(a, side)
        assert c["pelvis"].rating == "poor" and c["pelvis"].value == pytest.approx(9.0, abs=1.5)
        assert c["trunk"].rating == "poor" and c["trunk"].value == pytest.approx(0.5, abs=0.1)
    assert criteria(a, "right")["overall"].rating == "poor" and criteria(a, "right")["overall"].value == 3
    assert criteria(a, "left")["overall"].rating == "poor"  # pelvis and trunk


def test_a_still_pelvis_and_trunk_are_good(left_valgus) -> None:
    a, _, _ = left_valgus
    for side in ("left", "right"):
        assert criteria(a, side)["pelvis"].rating == "good" and criteria(a, side)["trunk"].rating == "good"


def test_ankle_rolling_in_rates_the_foot_poor_on_that_leg() -> None:
    track, _ = single_leg_squat_clip(eversion={"right": 0.2})
    a = run(track)
    assert a.ankles["right"].verdict == "eversion" and a.ankles["left"].verdict == "neutral"
    assert criteria(a, "right")["foot"].rating == "poor" and criteria(a, "left")["foot"].rating == "good"


def test_the_side_swapped_figure_gives_the_swapped_answer(left_valgus) -> None:
    _, _, track = left_valgus
    a = run(track.mirrored())
    assert a.knees["right"].verdict == "valgus" and a.knees["left"].verdict == "neutral"
    assert a.symmetry["pattern"] == "right only"
    assert criteria(a, "right")["hip_knee"].rating == "poor"


def test_one_leg_filmed_leaves_the_other_insufficient() -> None:
    track, _ = single_leg_squat_clip(legs=("right",))
    a = run(track)
    assert a.knees["right"].verdict == "neutral"
    assert a.knees["left"].verdict == "insufficient"
    assert a.knees["left"].reasons == ["No trial on the left leg was found."]
    assert all(c.rating == "unknown" for c in criteria(a, "left").values() if c.name != "foot")
    assert a.symmetry["pattern"] == "insufficient"


def test_both_feet_down_is_refused_with_refilming_advice() -> None:
    a = run(both_feet_down_clip(noise_px=1.0))
    assert not a.quality.can_judge
    (issue,) = [i for i in a.quality.issues if i.severity == "refuse"]
    assert issue.code == "no_reps" and "No single-leg stance was found" in issue.message
    assert "stand on one leg" in issue.advice and "5 slow single-leg squats" in issue.advice
    assert a.knees["left"].verdict == a.knees["right"].verdict == "insufficient"
    assert all(c.rating == "unknown" for c in a.screen.criteria)


def test_standing_on_one_leg_without_squatting_says_so() -> None:
    track, _ = balance_clip(holds=(("left", 4.0),))
    a = run(track)
    assert [i.code for i in a.quality.issues if i.severity == "refuse"] == ["no_reps"]
    assert "hips never dropped" in a.quality.issues[-1].message


# ---------------------------------------------------------------- real clips


@pytest.fixture(scope="module")
def real():
    names = ("pose2sim_single_person_cam01.mp4", "pose2sim_single_person_cam02.mp4",
             "ucsd_render_single_leg_squat_left.mp4")
    return {n: run(real_track(clip(n))) for n in names}


def refusals(a) -> set[str]:
    return {i.code for i in a.quality.issues if i.severity == "refuse"}


def test_real_lunging_clip_cam01_is_refused_oblique_and_without_a_single_leg_rep(real) -> None:
    """1.7 s of weight shifts and lunging steps filmed ~35 deg off the front: brief stances, no squat."""
    a = real["pose2sim_single_person_cam01.mp4"]
    assert {"not_square", "no_reps"} <= refusals(a)
    assert a.quality.stats["hip_yaw_deg"] > 20
    assert a.reps == [] and any(e.kind == "stance_start" for e in a.screen.events)
    assert all(a.screen.figures[f"{s}_stance_s"] < 1.5 for s in ("left", "right"))
    for side in ("left", "right"):
        assert a.knees[side].verdict == "insufficient"
        assert any("hips never dropped" in r for r in a.knees[side].reasons)


def test_real_lunging_clip_cam02_is_refused_for_the_lost_track_and_no_rep(real) -> None:
    a = real["pose2sim_single_person_cam02.mp4"]
    assert {"lost_track", "no_reps"} <= refusals(a)
    assert a.reps == [] and a.knees["left"].verdict == "insufficient"


def test_real_rendered_single_leg_squat_is_refused_the_person_lost_before_any_stance(real) -> None:
    """BlazePose loses the rendered body after ~2.7 s, while it still stands on both feet."""
    a = real["ucsd_render_single_leg_squat_left.mp4"]
    assert {"lost_track", "no_reps"} <= refusals(a)
    assert a.quality.stats["invalid_share_in_reps"] > 0.5
    assert a.screen.events == [] and a.reps == []
    assert any("No single-leg stance was found" in r for r in a.knees["right"].reasons)


def test_a_dropping_pelvis_does_not_shrink_the_knee_shift() -> None:
    """Offsets are read along the standing hip line: on each frame's, an 8 deg drop read 0.4 as 0.26."""
    level = run(single_leg_squat_clip(knee_in={"right": 0.4})[0])
    dropped = run(single_leg_squat_clip(knee_in={"right": 0.4}, pelvic_drop_deg=8.0)[0])
    assert dropped.knees["right"].summary_value == pytest.approx(level.knees["right"].summary_value, abs=0.02)
    assert dropped.knees["right"].summary_value == pytest.approx(0.4, abs=0.03)
