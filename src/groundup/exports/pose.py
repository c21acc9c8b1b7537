"""The pose track an export is made from: tracked from the video with the analysis's model and
frame size, and kept beside an analysis as ``pose.npz`` so the next export is immediate."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import numpy as np

from groundup.pose.track import PoseTrack

CACHE = "pose.npz"


def track_video(video: Path, mirror: bool = False) -> PoseTrack:
    """Track the person in ``video`` (the same BlazePose model and frame size as the analysis)."""
    from groundup.pipeline import ANALYSIS_MAX_SIDE  # the analysis's frame size: pixels match its files
    from groundup.pose.estimator import BlazePoseEstimator
    from groundup.pose.extract import extract_pose_track
    from groundup.video.reader import VideoSource

    with BlazePoseEstimator() as estimator:
        return extract_pose_track(VideoSource(video, mirror=mirror, max_side=ANALYSIS_MAX_SIDE), estimator)


def save_track(track: PoseTrack, path: Path) -> None:
    """Write the arrays of a track to ``path`` (whole or not at all)."""
    fd, part = tempfile.mkstemp(prefix=".pose-", suffix=".npz", dir=path.parent)
    os.close(fd)
    try:
        np.savez_compressed(part, times_s=track.times_s, image_xy=track.image_xy, world_xyz=track.world_xyz,
                            visibility=track.visibility, size=np.array([track.width, track.height]))
        os.replace(part, path)
    except BaseException:
        Path(part).unlink(missing_ok=True)
        raise


def load_track(path: Path) -> PoseTrack:
    with np.load(path) as z:
        width, height = (int(v) for v in z["size"])
        return PoseTrack(z["times_s"], z["image_xy"], z["world_xyz"], z["visibility"], width, height)


def cached_track(folder: Path, video: Path) -> PoseTrack:
    """The track of an analysis folder's video, tracked once and then read from ``pose.npz``."""
    cache = folder / CACHE
    if cache.is_file():
        try:
            return load_track(cache)
        except (OSError, ValueError, KeyError):
            cache.unlink(missing_ok=True)  # a damaged cache is tracked again
    track = track_video(video)
    save_track(track, cache)
    return track
