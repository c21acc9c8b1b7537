"""End-to-end on real footage (../shared/data), and known-answer edits of it.

No real clip of caving knees exists yet, so the positive cases move one knee of
a real recording medially by a known amount: in BlazePose's track, and in the
pixels themselves so that the pose model sees the knee cave in.
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import av
import numpy as np
import pytest

from clips import clip
from groundup.analysis import analyse_track
from groundup.findings.thresholds import load_thresholds
from groundup.pipeline import ANALYSIS_MAX_SIDE
from groundup.pose.extract import extract_chunk
from groundup.pose.landmarks import INDEX
from groundup.pose.track import PoseTrack
from groundup.video.reader import VideoSource
from known_edits import collapse_knee_in_frames, depth_profile, knee_shift_px, shift_knee_in_track
from videos import clip_frames, write_mp4

TH = load_thresholds()
SIDES = ("left", "right")


def track_of(path: Path) -> PoseTrack:
    """The pose track the pipeline gets for a clip read in one chunk."""
    return extract_chunk(VideoSource(path, max_side=ANALYSIS_MAX_SIDE), None, None)


@pytest.fixture(scope="session")
def ucsd_track() -> PoseTrack:
    return track_of(clip("ucsd_front_squat.mp4"))


@pytest.fixture(scope="session")
def ucsd_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[subprocess.CompletedProcess, Path]:
    out = tmp_path_factory.mktemp("e2e") / "ucsd"
    proc = subprocess.run([sys.executable, "-m", "groundup", "assess", str(clip("ucsd_front_squat.mp4")),
                           "--movement", "arms-down-squat", "--out", str(out)], capture_output=True, text=True,
                          timeout=600)
    return proc, out


def test_healthy_knees_out_squat_gets_no_valgus_verdict(ucsd_run) -> None:
    proc, out = ucsd_run
    assert proc.returncode == 0, proc.stderr
    result = json.loads((out / "result.json").read_text())
    assert result["schema"] == "groundup.assessment/1"
    assert len(result["reps"]) == 3
    for side in SIDES:
        knee = result["sides"][side]["knee"]
        assert knee["verdict"] == "neutral", knee
        assert knee["confidence_label"] == "high"
        assert len(knee["evidence"]) == 3 and knee["evidence"][0]["threshold"]["source"]
    assert result["symmetry"]["pattern"] == "none"
    assert "neutral" in proc.stdout and "Traceback" not in proc.stderr


def test_raw_fppa_at_the_bottom_would_have_misjudged_this_healthy_squat(ucsd_run) -> None:
    """Why the verdict does not use raw FPPA: at every bottom the thigh points at the camera and the
    raw angle reads tens of degrees of 'varus' (right knee), far past any published band, while the
    knee's shift over the ankle against standing stays small and the verdict stays neutral."""
    _, out = ucsd_run
    result = json.loads((out / "result.json").read_text())
    for rep in result["reps"]:
        assert rep["sides"]["right"]["knee_fppa_bottom"]["value"] < -40
        assert abs(rep["sides"]["right"]["knee_shift"]["value"]) < 0.3
    assert result["sides"]["right"]["knee"]["verdict"] == "neutral"


def test_outputs_are_complete_and_consistent(ucsd_run) -> None:
    _, out = ucsd_run
    names = {p.name for p in out.iterdir()}
    assert {"result.json", "frames.csv", "annotated.mp4", "report.html", "measures.png",
            "worst_rep_left.png", "worst_rep_right.png"} <= names
    rows = list(csv.DictReader((out / "frames.csv").open()))
    assert len(rows) == 540
    for column in ("frame", "time_s", "valid", "left_knee_fppa_deg", "right_knee_fppa_deg",
                   "left_knee_medial_offset", "knee_ankle_separation_ratio", "pelvic_tilt_deg", "rep"):
        assert column in rows[0]
    assert float(rows[60]["time_s"]) == pytest.approx(1.0, abs=0.01)  # 60 fps clip: real timestamps
    with av.open(str(out / "annotated.mp4")) as video:
        stream = video.streams.video[0]
        assert stream.codec_context.name == "h264"
        assert sum(1 for _ in video.decode(video=0)) == 540


def test_side_view_with_two_people_is_refused_not_judged(tmp_path: Path) -> None:
    out = tmp_path / "side"
    proc = subprocess.run([sys.executable, "-m", "groundup", "assess", str(clip("sports2d_demo_side_two_people.mp4")),
                           "--out", str(out), "--json"], capture_output=True, text=True, timeout=600)
    assert proc.returncode == 4, proc.stderr
    result = json.loads(proc.stdout)
    assert {result["sides"][s]["knee"]["verdict"] for s in SIDES} == {"insufficient"}
    assert result["capture"]["can_judge"] is False


@pytest.mark.parametrize("name", ["liftcheck_back_squat_front.mp4"])
def test_other_healthy_front_squat_gets_no_valgus(name: str) -> None:
    a = analyse_track(track_of(clip(name)), "arms-down-squat", TH)
    assert {a.knees[s].verdict for s in SIDES} == {"neutral"}


@pytest.mark.parametrize("name", ["pose2sim_single_person_cam01.mp4", "noquarter_barbell_squat_rear_oblique.mp4"])
def test_oblique_clips_get_insufficient_evidence(name: str) -> None:
    a = analyse_track(track_of(clip(name)), "arms-down-squat", TH)
    assert {a.knees[s].verdict for s in SIDES} == {"insufficient"}


@pytest.mark.parametrize("side,shift,verdict,severity", [
    ("left", 0.0, "neutral", "none"), ("left", 0.35, "valgus", "mild"), ("left", 0.55, "valgus", "marked"),
    ("right", 0.0, "neutral", "none"), ("right", 0.45, "valgus", "mild"), ("right", 0.70, "valgus", "marked"),
])
def test_knee_moved_in_the_real_track_is_found(ucsd_track: PoseTrack, side: str, shift: float, verdict: str,
                                              severity: str) -> None:
    """Shifts in shank lengths at full depth. This woman's knees travel outward on their own at the
    bottom (left about 0.15, right about 0.25 shank lengths), so the inward shift that remains against
    her standing posture is the added shift minus that travel: the right knee needs more to cross a band."""
    a = analyse_track(shift_knee_in_track(ucsd_track, side, shift), "arms-down-squat", TH)
    other = "right" if side == "left" else "left"
    assert (a.knees[side].verdict, a.knees[side].severity) == (verdict, severity)
    assert a.knees[other].verdict == "neutral"
    if verdict == "valgus":
        assert a.symmetry["pattern"] == f"{side} only"


@pytest.mark.parametrize("kind", ["bend", "shift"])
def test_knee_warped_in_the_pixels_is_found_by_the_whole_pipeline(tmp_path: Path, kind: str) -> None:
    """Move the left knee inward in real frames (the leg bent, or the knee's region slid); the pose
    model must see it and the verdict follow."""
    plain = tmp_path / "plain.mp4"
    write_mp4(plain, clip_frames(clip("ucsd_front_squat.mp4"), 60, 330))
    base = track_of(plain)
    warped = tmp_path / "warped.mp4"
    frames = (f.rgb for f in VideoSource(plain).frames())
    write_mp4(warped, collapse_knee_in_frames(frames, base, "left", 0.8, kind))
    bent = track_of(warped)
    before = analyse_track(base, "arms-down-squat", TH)
    after = analyse_track(bent, "arms-down-squat", TH)
    assert before.knees["left"].verdict == "neutral"
    assert after.knees["left"].verdict == "valgus"
    assert after.knees["right"].verdict == "neutral"
    # the knee landmark moved inward with the picture near full depth, by most of the edit
    # (benchmarks/detection_limit.py: 87 % of this bend, 95 % of this shift)
    applied = knee_shift_px(base, "left", 0.8)
    moved = bent.image_xy[:, INDEX["left_knee"]] - base.image_xy[:, INDEX["left_knee"]]
    deep = depth_profile(base) > 0.8
    assert np.sum(moved[deep] * applied[deep]) / np.sum(applied[deep] ** 2) > 0.8
