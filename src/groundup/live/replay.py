"""The streaming engine run over a recorded pose track, frame by frame, as a live stream would feed it."""

from __future__ import annotations

import numpy as np

from groundup.live.engine import LiveEngine, LiveFrame
from groundup.pose.estimator import FramePose
from groundup.pose.track import PoseTrack
from groundup.thresholds import Thresholds


def frame_pose(track: PoseTrack, i: int) -> FramePose | None:
    """Frame ``i`` of ``track`` as the estimator would have returned it (None: no pose)."""
    if not track.detected[i]:
        return None
    return FramePose(track.image_xy[i], track.world_xyz[i], track.visibility[i])


def replay_track(track: PoseTrack, th: Thresholds, every: int = 1,
                 movement: str = "squat") -> tuple[LiveEngine, list[LiveFrame]]:
    """The engine after every ``every``-th frame of ``track``, and what it made of each."""
    engine = LiveEngine(track.width, track.height, th, movement)
    frames = [engine.feed(frame_pose(track, i), float(track.times_s[i])) for i in range(0, len(track), every)]
    return engine, frames


def knee_cues(frames: list[LiveFrame]) -> list[tuple[str, int]]:
    """(side, rep) of every 'knee out' cue, in order."""
    return [(c.side or "", c.rep or 0) for f in frames for c in f.cues if c.kind == "knee_out"]


def rep_peaks(engine: LiveEngine) -> np.ndarray:
    """(reps, sides, 2): each rep's knee change against standing and position over the foot, left then right."""
    return np.array([[[r.values[s].get(k, np.nan) for k in ("change_from_standing", "inside_foot")]
                      for s in ("left", "right")] for r in engine.reps], dtype=float)
