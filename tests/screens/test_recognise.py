"""Recognising the movement from the pose sequence when none is named."""

from __future__ import annotations

import numpy as np
import pytest

from groundup.findings.thresholds import load_thresholds
from groundup.pose.landmarks import INDEX
from groundup.screens.base import prepare
from groundup.screens.recognise import recognise
from real_tracks import real_track
from synthetic import squat_track

TH = load_thresholds()


def recognised(track) -> str | None:
    return recognise(prepare(track, TH), TH).movement


def test_squats_are_told_apart_by_the_arms() -> None:
    assert recognised(squat_track(arms="overhead")) == "overhead-squat"
    assert recognised(squat_track(arms="down")) == "arms-down-squat"


def test_standing_still_is_not_recognised_and_says_what_was_missing() -> None:
    r = recognise(prepare(squat_track(depth=0.0), TH), TH)
    assert r.movement is None
    assert "no jump, walk, single-leg stance or squat rep" in r.reason


def test_both_feet_leaving_the_floor_is_a_jump() -> None:
    track = squat_track(n_reps=1)
    t = track.times_s
    flight = (t > 1.5) & (t < 1.9)
    for name in ("ankle", "heel", "foot_index", "knee", "hip", "shoulder", "ear", "eye", "eye_inner", "eye_outer",
                 "elbow", "wrist", "pinky", "index", "thumb"):
        for side in ("left", "right"):
            track.image_xy[flight, INDEX[f"{side}_{name}"], 1] -= 120.0
    r = recognise(prepare(track, TH), TH)
    assert r.movement == "drop-jump" and r.figures["flight_s"] == pytest.approx(0.4, abs=0.1)


def test_one_foot_held_up_without_a_hip_drop_is_balance_and_with_one_a_single_leg_squat() -> None:
    still = squat_track(depth=0.0)
    for name in ("ankle", "heel", "foot_index"):
        still.image_xy[20:, INDEX[f"right_{name}"], 1] -= 90.0
    assert recognised(still) == "single-leg-balance"
    squat = squat_track(depth=0.3)
    for name in ("ankle", "heel", "foot_index"):
        squat.image_xy[25:, INDEX[f"right_{name}"], 1] -= 90.0
    assert recognised(squat) == "single-leg-squat"


def test_a_body_growing_in_the_picture_is_walking_toward_the_camera() -> None:
    track = squat_track(depth=0.0)
    grow = np.linspace(1.0, 1.6, len(track))[:, None, None]
    centre = np.array([360.0, 640.0])
    track.image_xy[:] = centre + (track.image_xy - centre) * grow
    r = recognise(prepare(track, TH), TH)
    assert r.movement == "gait" and r.figures["body_growth"] > 1.3


@pytest.mark.parametrize("name, movement", [("ucsd_front_squat.mp4", "arms-down-squat"),
                                            ("ucsd_render_countermovement_jump.mp4", "drop-jump"),
                                            ("pose2sim_single_person_cam01.mp4", "single-leg-squat")])
def test_real_clips_are_recognised(name: str, movement: str) -> None:
    r = recognise(prepare(real_track(name), TH), TH)
    assert r.movement == movement, r.reason
