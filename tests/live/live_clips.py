"""The sample and helpers the live tests share (imported by name: conftest is not importable
when several test folders each have one)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from groundup.pose.estimator import BlazePoseEstimator
from groundup.pose.extract import extract_pose_track
from groundup.pose.track import PoseTrack
from groundup.video.reader import VideoSource

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "ucsd_front_squat.mp4"
COLLAPSE = 0.5  # shank lengths inward at full depth


def pose_track(path: Path) -> PoseTrack:
    """Every frame of ``path`` through the pose model in video mode, as the live engine sees them without drops."""
    with BlazePoseEstimator() as estimator:
        return extract_pose_track(VideoSource(path), estimator)


def run_live(*args: str, cwd: Path) -> tuple[subprocess.CompletedProcess, list[dict]]:
    """``groundup live ... --no-window --events`` and the events it wrote."""
    events = cwd / "events.jsonl"
    proc = subprocess.run([sys.executable, "-m", "groundup", "live", *args, "--no-window", "--events", str(events)],
                          cwd=cwd, capture_output=True, text=True, timeout=600)
    lines = events.read_text().splitlines() if events.exists() else []
    return proc, [json.loads(line) for line in lines]
