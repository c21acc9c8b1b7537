"""Pose tracks of the real clips, extracted once per test run (a fresh copy per call)."""

from __future__ import annotations

import copy
from functools import cache
from pathlib import Path

from clips import clip
from groundup.pipeline import ANALYSIS_MAX_SIDE
from groundup.pose.extract import extract_chunk
from groundup.pose.track import PoseTrack
from groundup.video.reader import VideoSource


@cache
def _extracted(path: str) -> PoseTrack:
    return extract_chunk(VideoSource(Path(path), max_side=ANALYSIS_MAX_SIDE), None, None)


def real_track(name_or_path: str | Path) -> PoseTrack:
    """The pipeline's pose track (one chunk) of a real clip, by file name or path; callers may modify it."""
    path = Path(name_or_path) if Path(name_or_path).is_absolute() else clip(str(name_or_path))
    return copy.deepcopy(_extracted(str(path)))
