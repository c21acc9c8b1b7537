"""Clips and pose tracks the live tests share, made once per test session.

The sample played at 30 fps and half size (what a phone camera gives live), its pose track,
and the same clip with the left knee bent inward by half a shank length at full depth
(tests/known_edits.py) as the caving knee.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from groundup.pose.estimator import BlazePoseEstimator
from groundup.pose.extract import extract_pose_track
from groundup.pose.track import PoseTrack
from groundup.video.reader import VideoSource
from known_edits import collapse_knee_in_frames
from videos import clip_frames, write_mp4

for helpers in ("web", "screens"):  # the web tests' app and server, the single-leg stick figure
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / helpers))
SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "ucsd_front_squat.mp4"
COLLAPSE = 0.5  # shank lengths inward at full depth


def pose_track(path: Path) -> PoseTrack:
    """Every frame of ``path`` through the pose model in video mode, as the live engine sees them without drops."""
    with BlazePoseEstimator() as estimator:
        return extract_pose_track(VideoSource(path), estimator)


@pytest.fixture(scope="session")
def clip30(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("live") / "squat30.mp4"
    write_mp4(path, clip_frames(SAMPLE, 0, 540, step=2, scale=0.5), fps=30)
    return path


@pytest.fixture(scope="session")
def track30(clip30: Path) -> PoseTrack:
    return pose_track(clip30)


@pytest.fixture(scope="session")
def caving_clip(clip30: Path, track30: PoseTrack) -> Path:
    path = clip30.with_name("caving_left.mp4")
    frames = (f.rgb for f in VideoSource(clip30).frames())
    write_mp4(path, collapse_knee_in_frames(frames, track30, "left", COLLAPSE, "bend"), fps=30)
    return path


def run_live(*args: str, cwd: Path) -> tuple[subprocess.CompletedProcess, list[dict]]:
    """``groundup live ... --no-window --events`` and the events it wrote."""
    events = cwd / "events.jsonl"
    proc = subprocess.run([sys.executable, "-m", "groundup", "live", *args, "--no-window", "--events", str(events)],
                          cwd=cwd, capture_output=True, text=True, timeout=600)
    lines = events.read_text().splitlines() if events.exists() else []
    return proc, [json.loads(line) for line in lines]
