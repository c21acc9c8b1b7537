"""Overhead-squat compensation check: front items, the side view, and the arms-down advice."""

from __future__ import annotations

import numpy as np
import pytest
from side_bodies import side_squat_track

from groundup.pose.landmarks import INDEX
from groundup.screens.base import prepare
from groundup.screens.overhead import side_view_criteria
from groundup.screens.squat import add_side_view, analyse_track
from groundup.thresholds import load_thresholds
from synthetic import squat_analysis, squat_track

TH = load_thresholds()


def criteria(a) -> dict:
    return {c.name: c for c in a.screen.criteria}


def test_clean_overhead_squat_rates_every_front_item_good_and_keeps_the_overhead_verdict() -> None:
    a = squat_analysis("overhead-squat", arms="overhead")
    c = criteria(a)
    assert {c[n].rating for n in ("left_shoulder_elevates", "right_shoulder_elevates", "left_arm_falls",
                                  "right_arm_falls", "forward_lean_front")} == {"good"}
    assert a.screen.figures["arms_down_retest"] == 0.0
    assert not any("Retest with the arms down" in n for n in a.screen.notes)
    assert any("--side" in n for n in a.screen.notes)  # says what a side clip would add


def test_shrugging_shoulders_recommend_the_arms_down_retest_and_say_why() -> None:
    track = squat_track(arms="overhead")
    hip_y = track.image_xy[:, INDEX["left_hip"], 1]
    d = np.nan_to_num(hip_y - hip_y[0])
    frac = d / d.max()
    for side in ("left", "right"):  # shoulders rise toward the ears by 40 % of the ear gap at the bottom
        track.image_xy[:, INDEX[f"{side}_shoulder"], 1] -= 32.0 * frac
    a = analyse_track(track, "overhead-squat", TH)
    c = criteria(a)
    assert c["left_shoulder_elevates"].rating == c["right_shoulder_elevates"].rating == "poor"
    assert a.screen.figures["arms_down_retest"] == 1.0
    assert a.screen.notes[0].startswith("Retest with the arms down")
    assert "shoulders elevate" in a.screen.notes[0]


def test_arms_down_squat_has_no_overhead_block() -> None:
    assert squat_analysis("arms-down-squat").screen is None


@pytest.mark.parametrize("lean, drop", [(0.0, 0.0), (30.0, 0.0), (0.0, 40.0), (30.0, 40.0)])
def test_side_view_measures_lean_past_the_shin_and_arms_falling_forward(lean: float, drop: float) -> None:
    crits, events, notes = side_view_criteria(prepare(side_squat_track(lean, drop), TH), TH)
    c = {x.name: x for x in crits}
    assert len(events) == 3 and not notes
    assert c["forward_lean"].value == pytest.approx(lean, abs=2.0)
    assert c["forward_lean"].rating == ("poor" if lean > TH.value("overhead.forward_lean") else "good")
    assert c["arms_forward"].value == pytest.approx(drop, abs=2.0)
    assert c["arms_forward"].rating == ("poor" if drop > TH.value("overhead.arms_forward") else "good")
    assert c["low_back_arch"].rating == "unknown" and c["low_back_arch"].frames == [e.frame for e in events]


def test_side_view_uses_the_side_nearer_the_camera() -> None:
    crits, _, _ = side_view_criteria(prepare(side_squat_track(30.0, 0.0, near="right"), TH), TH)
    lean = next(c for c in crits if c.name == "forward_lean")
    assert "right side" in lean.note and lean.rating == "poor"


def test_a_front_view_given_as_the_side_clip_is_not_judged() -> None:
    crits, events, notes = side_view_criteria(prepare(squat_track(arms="overhead"), TH), TH)
    assert {c.rating for c in crits} == {"unknown"} and not events
    assert "does not look like a side view" in notes[0]


def test_side_clip_forward_lean_triggers_the_retest_on_the_overhead_analysis() -> None:
    a = squat_analysis("overhead-squat", arms="overhead")
    add_side_view(a, prepare(side_squat_track(35.0, 0.0), TH))
    assert a.screen.figures["arms_down_retest"] == 1.0
    assert "trunk leans forward past the shin" in a.screen.notes[0]
    assert not any("--side" in n for n in a.screen.notes)


def test_front_lean_proxy_cut_off_sits_below_the_healthy_real_squats(ucsd_squat_prepared, liftcheck_prepared) -> None:
    """The threshold's source quotes these: healthy deep squats keep 0.49 and 0.56 of the torso length."""
    from groundup.screens.squat import analyse_squat

    for p, expected in ((ucsd_squat_prepared, 0.49), (liftcheck_prepared, 0.56)):
        lean = criteria(analyse_squat(p, "overhead-squat", TH))["forward_lean_front"]
        assert lean.value == pytest.approx(expected, abs=0.02)
        assert lean.rating == "good" and lean.confidence <= 0.5
