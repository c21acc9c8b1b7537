"""The streaming engine on synthetic squats (no model): baseline, reps, knee cues, refusals."""

from __future__ import annotations

import numpy as np
import pytest

from groundup.live.calibrate import StandingCalibration
from groundup.live.engine import LiveEngine
from groundup.live.replay import knee_cues, replay_track
from groundup.pose.estimator import FramePose
from groundup.thresholds import load_thresholds
from synthetic import HEIGHT, WIDTH, squat_track

TH = load_thresholds()


def test_healthy_squat_counts_every_rep_without_a_knee_cue() -> None:
    engine, frames = replay_track(squat_track(n_reps=3, noise_px=1.0), TH)
    assert [r.number for r in engine.reps] == [1, 2, 3]
    assert knee_cues(frames) == []
    assert not any(any(r.caved.values()) for r in engine.reps)
    assert frames[-1].reps == 3


def test_caving_left_knee_is_cued_once_per_rep_on_the_left_only() -> None:
    engine, frames = replay_track(squat_track(n_reps=3, valgus={"left": 0.35}, noise_px=1.0), TH)
    assert knee_cues(frames) == [("left", 1), ("left", 2), ("left", 3)]
    assert [r.caved for r in engine.reps] == [{"left": True, "right": False}] * 3


def test_a_knee_caving_below_the_cut_off_is_not_cued() -> None:
    # 0.07 shank lengths in from standing, too shallow (0.3 leg lengths) for the position over the foot
    engine, frames = replay_track(squat_track(n_reps=2, depth=0.3, valgus={"right": 0.12}, noise_px=1.0), TH)
    assert len(engine.reps) == 2
    assert knee_cues(frames) == []


def test_the_cue_comes_while_the_knee_is_in_not_after_the_rep() -> None:
    _, frames = replay_track(squat_track(n_reps=1, valgus={"right": 0.4}), TH)
    cued = next(f for f in frames if any(c.kind == "knee_out" for c in f.cues))
    assert cued.phase in ("down", "up") and cued.knees["right"].state == "in"
    assert cued.rep is None  # before the rep finished


def test_dropped_frames_still_count_the_reps() -> None:
    engine, _ = replay_track(squat_track(n_reps=3, valgus={"left": 0.35}), TH, every=3)
    assert [any(r.caved.values()) for r in engine.reps] == [True, True, True]


def test_nothing_is_judged_before_the_person_stood_still() -> None:
    engine = LiveEngine(WIDTH, HEIGHT, TH)
    track = squat_track(n_reps=1)
    first = engine.feed(None, 0.0)
    assert first.status == "no_person" and [c.text for c in first.cues] == ["Step into view, facing the camera"]
    pose = FramePose(track.image_xy[0], track.world_xyz[0], track.visibility[0])
    second = engine.feed(pose, 0.033)
    assert second.status == "calibrating" and second.knees == {}
    assert [c.text for c in second.cues] == ["Stand still to start"]


def test_feet_out_of_the_picture_ask_to_step_back() -> None:
    track = squat_track(n_reps=1)
    xy = track.image_xy[0].copy()
    xy[:, 1] += HEIGHT * 0.3  # the feet below the bottom edge
    frame = LiveEngine(WIDTH, HEIGHT, TH).feed(FramePose(xy, track.world_xyz[0], track.visibility[0]), 0.0)
    assert frame.status == "feet_out" and frame.cues[0].text == "Step back: feet out of view"


def test_moving_restarts_the_standing_still_clock() -> None:
    track = squat_track(n_reps=1)
    calib = StandingCalibration(still_s=1.0)
    xy, world = track.image_xy[0], track.world_xyz[0]
    assert calib.add(0.0, xy, world) is None
    assert calib.add(0.6, xy + [0.0, 60.0], world) is None  # moved 0.4 shank lengths
    assert calib.held_s == 0.0
    for t in (0.8, 1.0, 1.2, 1.4):
        assert calib.add(t, xy + [0.0, 60.0], world) is None
    standing = calib.add(1.7, xy + [0.0, 60.0], world)
    assert standing is not None and standing.hip_y == pytest.approx(float(np.mean(xy[[23, 24], 1])) + 60.0)
