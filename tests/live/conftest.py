"""Clips and pose tracks the live tests share, made once per test session.

The sample played at 30 fps and half size (what a phone camera gives live), its pose track,
and the same clip with the left knee bent inward by half a shank length at full depth
(tests/known_edits.py) as the caving knee.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from groundup.pose.track import PoseTrack
from groundup.video.reader import VideoSource
from known_edits import collapse_knee_in_frames
from videos import clip_frames, write_mp4

for helpers in ("web", "screens"):  # the web tests' app and server, the single-leg stick figure
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / helpers))
from live_clips import COLLAPSE, SAMPLE, pose_track  # noqa: E402


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
