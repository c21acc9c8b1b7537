"""Recognising the movement from the pose sequence when none is named, and refusing what no screen fits."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
import recognition_bodies as rb
from jump_walk_bodies import jump_track, walk_track
from single_leg_bodies import balance_clip, single_leg_squat_clip

import groundup.pipeline as pipeline
from groundup.pipeline import AssessOptions, analyse_clip, assess_video
from groundup.pose.landmarks import INDEX
from groundup.pose.track import PoseTrack
from groundup.screens.base import prepare
from groundup.screens.recognise import Recognition, recognise
from groundup.thresholds import load_thresholds
from real_tracks import real_track
from synthetic import squat_track
from videos import write_mp4

TH = load_thresholds()


def recognised(track: PoseTrack) -> Recognition:
    return recognise(prepare(track, TH), TH)


def test_squats_are_told_apart_by_the_arms() -> None:
    assert recognised(squat_track(arms="overhead")).movement == "overhead-squat"
    assert recognised(squat_track(arms="down")).movement == "arms-down-squat"
    assert recognised(rb.squat_clip(arms_deg=175.0)).movement == "overhead-squat"


# ---------------------------------------------------------------- squats filmed awkwardly stay squats

AWKWARD_SQUATS: dict[str, Callable[[], PoseTrack]] = {
    "hand-held camera drifting closer (1.35x)": lambda: rb.squat_clip(growth=1.35, cam=rb.Camera(shake_px=8.0)),
    "hand-held camera drifting closer (1.4x)": lambda: rb.squat_clip(growth=1.4, cam=rb.Camera(shake_px=8.0)),
    "20-rep wide squat with a slow zoom out (0.69x)": lambda: rb.squat_clip(n_reps=20, half_width=0.3, zoom=0.69),
    "feet at the bottom edge": rb.feet_at_edge_squat,
    "feet at the edge, then out of the picture": lambda: rb.feet_at_edge_squat(slide_px=150.0),
    "clip ending in push-ups": rb.squat_then_push_ups,
}


@pytest.mark.parametrize("name", AWKWARD_SQUATS)
def test_squat_reps_with_both_feet_down_are_a_squat_whatever_the_size_change(name: str) -> None:
    found = recognised(AWKWARD_SQUATS[name]())
    assert found.movement == "arms-down-squat", found.reason
    assert "squat rep" in found.reason and "both feet down" in found.reason
    assert found.figures["steps"] == 0 and found.figures["squat_reps"] >= 5


def test_push_ups_after_squats_are_named_and_left_out_of_the_squat() -> None:
    found = recognised(rb.squat_then_push_ups(n_squats=5, n_push_ups=6))
    assert "horizontal with the hands on the floor" in found.reason and "left out" in found.reason
    analysis = analyse_clip(rb.squat_then_push_ups(n_squats=5, n_push_ups=6), None, TH, Path("clip.mp4"))
    assert analysis.movement == "arms-down-squat" and len(analysis.reps) == 5  # the push-ups hold no squat rep
    assert analysis.quality.can_judge
    assert any(r.startswith("lying on the floor") for r in analysis.track.invalid_reason)


# ---------------------------------------------------------------- walking needs alternating steps


def test_a_walk_toward_the_camera_is_gait_from_its_alternating_steps() -> None:
    found = recognised(walk_track()[0])
    assert found.movement == "gait" and found.figures["steps"] >= 4
    assert "alternating left and right" in found.reason and "passing each other" in found.reason


def test_a_walk_across_the_picture_is_a_walk_not_jumping_jacks() -> None:
    """Seen from the side the feet swap places in x and open and close like jumping jacks, but the hands stay down."""
    found = recognised(walk_track(across=True, duration_s=8.0)[0])
    assert found.movement == "gait" and found.figures["jacks"] == 0
    analysis = analyse_clip(walk_track(across=True, duration_s=8.0)[0], None, TH, Path("clip.mp4"))
    assert "walks_across" in [i.code for i in analysis.quality.issues if i.severity == "refuse"]


def test_a_body_growing_in_the_picture_without_steps_is_no_walk() -> None:
    track = squat_track(depth=0.0)
    grow = np.linspace(1.0, 1.6, len(track))[:, None, None]
    centre = np.array([360.0, 640.0])
    track.image_xy[:] = centre + (track.image_xy - centre) * grow
    found = recognised(track)
    assert found.movement is None and found.figures["steps"] == 0
    assert "no squat rep, jump, walk or single-leg stance" in found.reason


# ---------------------------------------------------------------- movements groundup does not screen

NOT_SCREENED: dict[str, tuple[Callable[[], PoseTrack], tuple[str, ...]]] = {
    "lateral lunge": (rb.lateral_lunge_clip, ("hips travelled sideways over one bent knee",
                                              "the other leg stayed straight", "a lateral lunge")),
    "push-ups": (rb.push_ups_clip, ("horizontal with the hands on the floor", "push-ups")),
    "jumping jacks": (rb.jumping_jacks_clip, ("feet jumped apart and together 10 times", "jumping jacks")),
}


@pytest.mark.parametrize("name", NOT_SCREENED)
def test_movements_no_screen_judges_are_refused_saying_what_was_seen(name: str) -> None:
    make, words = NOT_SCREENED[name]
    found = recognised(make())
    assert found.movement is None and found.candidates == ()
    assert found.reason.startswith("not one of groundup's movements")
    for w in words:
        assert w in found.reason


def test_a_lunge_is_never_judged_as_a_squat() -> None:
    analysis = analyse_clip(rb.lateral_lunge_clip(), None, TH, Path("clip.mp4"))
    assert not analysis.quality.can_judge and analysis.reps == []
    assert {analysis.knees[s].verdict for s in ("left", "right")} == {"insufficient"}
    assert [i.code for i in analysis.quality.issues if i.severity == "refuse"] == ["movement_not_recognised"]
    assert "a lateral lunge" in analysis.knees["left"].reasons[0]


def test_squats_then_a_walk_ask_for_the_movement() -> None:
    found = recognised(rb.squat_then_walk())
    assert found.movement is None and set(found.candidates) == {"arms-down-squat", "gait"}
    assert found.reason.startswith("more than one screen fits")
    analysis = analyse_clip(rb.squat_then_walk(), None, TH, Path("clip.mp4"))
    issue = analysis.quality.issues[0]
    assert issue.code == "movement_ambiguous" and "--movement" in issue.advice and "gait" in issue.advice


def test_a_refused_clip_writes_its_folder_saying_why(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The pose model is replaced by a synthetic lunge; the analysis folder is written and not judged (exit 4)."""
    track = rb.lateral_lunge_clip(n_reps=2)
    video = tmp_path / "lunge.mp4"
    write_mp4(video, [np.full((192, 108, 3), 90, dtype=np.uint8)] * len(track))
    monkeypatch.setattr(pipeline, "extract_chunk", lambda source, start, end: track)
    outcome = assess_video(video, tmp_path / "out", AssessOptions(movement=None, workers=1))
    assert not outcome.judged
    result = json.loads((tmp_path / "out" / "result.json").read_text())
    found = result["movement"]["recognised"]
    assert set(found) == {"assumed", "recognised", "reason", "figures", "candidates"}
    assert found["recognised"] is False and "lateral lunge" in found["reason"] and found["figures"]["lunge_reps"] == 2
    assert result["sides"]["left"]["knee"]["verdict"] == "insufficient" and result["reps"] == []
    assert (tmp_path / "out" / "report.html").is_file()


# ---------------------------------------------------------------- the other screens still right


def test_standing_still_is_refused_saying_what_was_missing() -> None:
    found = recognised(squat_track(depth=0.0))
    assert found.movement is None
    assert "no squat rep, jump, walk or single-leg stance" in found.reason


def test_both_feet_leaving_the_floor_is_a_jump() -> None:
    track = squat_track(n_reps=1)
    t = track.times_s
    flight = (t > 1.5) & (t < 1.9)
    for name in ("ankle", "heel", "foot_index", "knee", "hip", "shoulder", "ear", "eye", "eye_inner", "eye_outer",
                 "elbow", "wrist", "pinky", "index", "thumb"):
        for side in ("left", "right"):
            track.image_xy[flight, INDEX[f"{side}_{name}"], 1] -= 120.0
    found = recognised(track)
    assert found.movement == "drop-jump" and found.figures["flight_s"] == pytest.approx(0.4, abs=0.1)
    assert recognised(jump_track()[0]).movement == "drop-jump"


def test_one_foot_held_up_without_a_hip_drop_is_balance_and_with_one_a_single_leg_squat() -> None:
    still = squat_track(depth=0.0)
    for name in ("ankle", "heel", "foot_index"):
        still.image_xy[20:, INDEX[f"right_{name}"], 1] -= 90.0
    assert recognised(still).movement == "single-leg-balance"
    squat = squat_track(depth=0.3)
    for name in ("ankle", "heel", "foot_index"):
        squat.image_xy[25:, INDEX[f"right_{name}"], 1] -= 90.0
    assert recognised(squat).movement == "single-leg-squat"
    assert recognised(single_leg_squat_clip()[0]).movement == "single-leg-squat"
    assert recognised(balance_clip()[0]).movement == "single-leg-balance"


@pytest.mark.slow
@pytest.mark.parametrize("name, movement", [("ucsd_front_squat.mp4", "arms-down-squat"),
                                            ("liftcheck_back_squat_front.mp4", "arms-down-squat"),
                                            ("ucsd_render_countermovement_jump.mp4", "drop-jump"),
                                            ("pose2sim_single_person_cam01.mp4", "single-leg-squat")])
def test_real_clips_are_recognised(name: str, movement: str) -> None:
    found = recognised(real_track(name))
    assert found.movement == movement, found.reason
