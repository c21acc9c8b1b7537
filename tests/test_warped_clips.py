"""Knee collapse edited into real frames: how much of it the pipeline's knee follows.

The edits (tests/known_edits.py) must move the knee's own pixels by exactly the asked
amount, else a follow ratio measures the edit rather than the pose model. On the short
LiftCheck squat, moved inward by half a shank length at full depth by either edit, the
pipeline's knee must follow at least 80 % of it (issue 10; benchmarks/detection_limit.py
gives every clip, knee and amplitude).
"""

from __future__ import annotations

import copy
from pathlib import Path

import numpy as np
import pytest

from clips import clip
from groundup.pipeline import ANALYSIS_MAX_SIDE
from groundup.pose.extract import extract_chunk
from groundup.pose.landmarks import INDEX
from groundup.pose.track import PoseTrack
from groundup.screens.base import prepare
from groundup.thresholds import load_thresholds
from groundup.video.reader import VideoSource
from known_edits import (
    bend_leg_in_frame,
    collapse_knee_in_frames,
    depth_profile,
    knee_shift_px,
    shift_knee_region_in_frame,
)
from videos import clip_frames, write_mp4

TH = load_thresholds()
KNEE = np.array([200.0, 400.0])


def marked_picture() -> np.ndarray:
    """A random texture with a red 5x5 block on the knee."""
    rgb = np.random.default_rng(0).integers(0, 200, (600, 400, 3), dtype=np.uint8)
    rgb[398:403, 198:203] = (255, 0, 0)
    return rgb


def red_centre_x(rgb: np.ndarray) -> float:
    red = np.argwhere((rgb[..., 0] == 255) & (rgb[..., 1] == 0))
    return float(red[:, 1].mean())


@pytest.mark.parametrize("shift", [0.3, 0.5, 1.0])
def test_both_edits_move_the_knee_pixels_by_the_asked_shift(shift: float) -> None:
    shank = 70.0
    move = np.array([shift * shank, 0.0])
    bent = bend_leg_in_frame(marked_picture(), KNEE - (0, 100), KNEE, KNEE + (0, shank), move, 0.35 * shank)
    slid = shift_knee_region_in_frame(marked_picture(), KNEE, move, 0.45 * shank)
    for edited in (bent, slid):
        assert red_centre_x(edited) - KNEE[0] == pytest.approx(move[0], abs=1.0)
        assert (edited[:50] == marked_picture()[:50]).all()  # far from the leg nothing moves


def knee_x(track: PoseTrack) -> np.ndarray:
    """The left knee's x as the pipeline measures it (cleaned)."""
    return prepare(copy.deepcopy(track), TH).xy[:, INDEX["left_knee"], 0]


def track_of(path: Path) -> PoseTrack:
    return extract_chunk(VideoSource(path, max_side=ANALYSIS_MAX_SIDE), None, None)


@pytest.fixture(scope="module")
def liftcheck(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, PoseTrack]:
    plain = tmp_path_factory.mktemp("warped") / "plain.mp4"
    write_mp4(plain, clip_frames(clip("liftcheck_back_squat_front.mp4"), 0, 175, step=1))
    return plain, track_of(plain)


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["bend", "shift"])
def test_pipeline_knee_follows_most_of_a_half_shank_collapse(liftcheck, tmp_path: Path, kind: str) -> None:
    plain, base = liftcheck
    warped = tmp_path / f"{kind}.mp4"
    write_mp4(warped, collapse_knee_in_frames((f.rgb for f in VideoSource(plain).frames()), base, "left", 0.5, kind))
    applied = knee_shift_px(base, "left", 0.5)[:, 0]
    deep = depth_profile(base) >= 0.8
    moved = knee_x(track_of(warped)) - knee_x(base)
    followed = np.sum(moved[deep] * applied[deep]) / np.sum(applied[deep] ** 2)
    assert 0.8 <= followed <= 1.15, (kind, followed)
