"""End-to-end on real footage (tests/data/clips), and known-answer edits of it.

No real clip of caving knees exists yet, so the positive cases move one knee of
a real recording medially by a known amount: in BlazePose's track, and in the
pixels themselves so that the pose model sees the knee cave in.
"""

from __future__ import annotations

import copy
import csv
import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import av
import numpy as np
import pytest

from clips import clip
from groundup.findings.verdicts import CHANGE, INSIDE_FOOT
from groundup.metrics.geometry import medial_unit
from groundup.metrics.rep_summary import BOTTOM_SHARE
from groundup.pipeline import ANALYSIS_MAX_SIDE
from groundup.pose.extract import extract_chunk
from groundup.pose.landmarks import INDEX, SIDES
from groundup.pose.track import PoseTrack
from groundup.screens.squat import analyse_track
from groundup.thresholds import load_thresholds
from groundup.video.reader import VideoSource
from known_edits import collapse_knee_in_frames, depth_profile, knee_shift_px, shift_knee_in_track
from real_tracks import real_track
from videos import clip_frames, write_mp4

TH = load_thresholds()


def track_of(path: Path) -> PoseTrack:
    """The pose track the pipeline gets for a clip read in one chunk."""
    return extract_chunk(VideoSource(path, max_side=ANALYSIS_MAX_SIDE), None, None)


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
    mild = result["thresholds"]["items"]["knee.valgus_mild"]["value"]
    for side in SIDES:
        knee = result["sides"][side]["knee"]
        assert knee["verdict"] == "neutral", knee
        assert len(knee["evidence"]) == 3 and knee["evidence"][0]["threshold"]["source"]
        foot = knee["checks"]["inside_foot"]
        assert foot["reps_judged"] == 3 and not foot["fired"] and foot["evidence"][0]["threshold"]["source"]
        # three deep, consistent reps: a knee caving in by less than the mild band would have shown
        assert knee["smallest_detectable_collapse"] <= mild
    # the right knee ends over its toes (high); the left sits 0.07 inside its foot line, one measurement
    # error (0.05) from the 0.12 cut-off, which caps how sure the "in line" can be
    assert result["sides"]["right"]["knee"]["confidence_label"] == "high"
    assert result["sides"]["left"]["knee"]["confidence"] >= 0.7
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
            "worst_rep_left.png", "worst_rep_right.png", "pose.npz"} <= names
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


HEALTHY_SQUATS = ("ucsd_front_squat.mp4", "liftcheck_back_squat_front.mp4")


def held_inside(track: PoseTrack, side: str, shanks: float) -> PoseTrack:
    """``track`` with one knee moved medially by ``shanks`` shank lengths in every frame, standing included:
    a knee that sits inside its foot without moving there during the rep."""
    xy = track.image_xy.copy()
    shank = float(np.nanmedian(np.linalg.norm(xy[:, INDEX[f"{side}_knee"]] - xy[:, INDEX[f"{side}_ankle"]], axis=1)))
    xy[:, INDEX[f"{side}_knee"]] += np.nan_to_num(medial_unit(track.image_xy, side)) * shanks * shank
    return replace(track, image_xy=xy, valid=np.zeros(0, dtype=bool), invalid_reason=[])


def inside_foot_per_rep(a) -> dict[str, list[float]]:
    return {s: [round(float(v), 3) for v in a.knees[s].check(INSIDE_FOOT).values] for s in SIDES}


def test_inside_foot_cut_off_separates_healthy_from_pushed_knees() -> None:
    """The data behind knee.inside_foot_mild (run with -s to see the table): where each knee sits over its foot
    line at the bottom of each rep, on the healthy shared squats and with one knee pushed 0.3 shank lengths
    inward at full depth in the pose track."""
    cut = TH.value("knee.inside_foot_mild")
    healthy, pushed = [], []
    for name in HEALTHY_SQUATS:
        track = real_track(name)
        per_rep = inside_foot_per_rep(analyse_track(copy.deepcopy(track), "arms-down-squat", TH))
        print(f"\n{name} healthy: {per_rep}")
        healthy += per_rep["left"] + per_rep["right"]
        for side in SIDES:
            moved = inside_foot_per_rep(analyse_track(shift_knee_in_track(track, side, 0.3), "arms-down-squat", TH))
            print(f"{name} {side} knee pushed 0.3: {moved[side]}")
            pushed += moved[side]
    assert max(healthy) < cut <= min(pushed)


def test_inside_foot_needs_a_deep_rep() -> None:
    """The data behind knee.inside_foot_min_depth (run with -s): each healthy knee's place over its foot line
    read as the verdict reads it, over the bottom of a rep (hip within 10 % of its deepest), for reps cut off
    at shallower depths. A knee still travelling forward over the foot reads inside it."""
    cut, min_depth = TH.value("knee.inside_foot_mild"), TH.value("knee.inside_foot_min_depth")
    shallow, deep = [], []
    for name in HEALTHY_SQUATS:
        a = analyse_track(real_track(name), "arms-down-squat", TH)
        for side in SIDES:
            values = a.measures[f"{side}_knee_toe_offset"]
            row = {}
            for rep_depth in (0.25, 0.30, 0.35, 0.40):
                bottom = a.track.valid & (a.depth >= BOTTOM_SHARE * rep_depth) & (a.depth <= rep_depth)
                row[rep_depth] = round(float(np.nanmedian(values[bottom])), 3)
                (deep if rep_depth >= min_depth else shallow).append(row[rep_depth])
            print(f"\n{name} {side}: bottom reading by rep depth {row}")
    assert max(deep) < cut <= max(shallow)


@pytest.mark.parametrize("name", HEALTHY_SQUATS)
@pytest.mark.parametrize("side", SIDES)
def test_knee_pushed_in_at_depth_in_the_real_track_is_found(name: str, side: str) -> None:
    """0.3 shank lengths inward at full depth (issue 10's target) is valgus on the pushed knee only; the
    control (no push) stays neutral on both knees."""
    track = real_track(name)
    control = analyse_track(copy.deepcopy(track), "arms-down-squat", TH)
    assert {control.knees[s].verdict for s in SIDES} == {"neutral"}
    a = analyse_track(shift_knee_in_track(track, side, 0.3), "arms-down-squat", TH)
    other = "right" if side == "left" else "left"
    assert a.knees[side].verdict == "valgus" and a.knees[side].criterion in (INSIDE_FOOT, "both")
    assert a.knees[other].verdict == "neutral"
    assert a.symmetry["pattern"] == f"{side} only"


@pytest.mark.parametrize("side", SIDES)
def test_a_larger_push_reads_as_marked(side: str) -> None:
    a = analyse_track(shift_knee_in_track(real_track("ucsd_front_squat.mp4"), side, 0.5), "arms-down-squat", TH)
    assert (a.knees[side].verdict, a.knees[side].severity) == ("valgus", "marked")


@pytest.mark.parametrize("name", HEALTHY_SQUATS)
@pytest.mark.parametrize("side", SIDES)
def test_knee_held_inside_the_foot_is_valgus_with_no_change_from_standing(name: str, side: str) -> None:
    """A knee that sits inside its foot at the bottom of every rep and started there: the change against
    standing alone misses it (it is the healthy knee's change), the knee-over-the-foot criterion does not."""
    track = real_track(name)
    healthy = analyse_track(copy.deepcopy(track), "arms-down-squat", TH)
    a = analyse_track(held_inside(track, side, 0.3), "arms-down-squat", TH)
    knee, other = a.knees[side], "right" if side == "left" else "left"
    assert (knee.verdict, knee.criterion) == ("valgus", INSIDE_FOOT)
    assert not knee.check(CHANGE).fired
    assert knee.summary_value == pytest.approx(healthy.knees[side].summary_value, abs=0.02)
    assert a.knees[other].verdict == "neutral"


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
