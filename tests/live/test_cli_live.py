"""``groundup live --video ... --no-window --events FILE``: the acceptance runs, with the pose model."""

from __future__ import annotations

from pathlib import Path

import pytest
from live_clips import SAMPLE, run_live


@pytest.mark.slow
def test_healthy_sample_counts_the_offline_reps_without_a_knee_cue(tmp_path: Path) -> None:
    proc, events = run_live("--video", str(SAMPLE), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    reps = [e for e in events if e["type"] == "rep"]
    assert [e["rep"] for e in reps] == [1, 2, 3]  # the offline analysis of the sample finds 3 reps
    assert [e for e in events if e["type"] == "cue"] == []
    assert all(e["latency_ms"] > 0 for e in events)
    assert "Rep 3: knees stayed over the feet" in proc.stdout


@pytest.mark.slow
def test_caving_left_knee_is_cued_at_each_rep(caving_clip: Path, tmp_path: Path) -> None:
    proc, events = run_live("--video", str(caving_clip), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    cues = [(e["side"], e["rep"]) for e in events if e["type"] == "cue"]
    assert cues == [("left", 1), ("left", 2), ("left", 3)]
    assert [e["detail"]["caved"] for e in events if e["type"] == "rep"] == [{"left": True, "right": False}] * 3


def test_camera_or_video_is_required(tmp_path: Path) -> None:
    proc, events = run_live(cwd=tmp_path)
    assert proc.returncode == 2 and "Give either --camera N or --video FILE." in proc.stderr
    assert events == [] and not (tmp_path / "events.jsonl.part").exists()


@pytest.mark.parametrize("args,words", [
    (["--video", "x.mp4", "--movement", "push-up"], "--movement must be one of squat, single-leg-balance"),
    (["--video", "x.mp4", "--person", "Ana"], "Give --person and --exercise together"),
])
def test_usage_mistakes_are_one_clear_line(tmp_path: Path, args: list[str], words: str) -> None:
    proc, events = run_live(*args, cwd=tmp_path)
    assert proc.returncode == 2 and words in proc.stderr and "Traceback" not in proc.stderr
    assert events == []


def test_a_missing_video_is_one_clear_line(tmp_path: Path) -> None:
    proc, events = run_live("--video", str(tmp_path / "nope.mp4"), cwd=tmp_path)
    assert proc.returncode == 3 and "No file at" in proc.stderr and "Traceback" not in proc.stderr
    assert events == [] and not (tmp_path / "events.jsonl.part").exists()
