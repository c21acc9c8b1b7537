"""A synthetic side-view squat: known trunk lean past the shin and known arm drop at the bottom."""

from __future__ import annotations

import numpy as np

from groundup.pose.landmarks import INDEX, N_LANDMARKS
from groundup.pose.track import PoseTrack
from synthetic import squat_depth_curve

SHANK, THIGH, TORSO, ARM = 150.0, 160.0, 250.0, 200.0
ANKLE = np.array([420.0, 1000.0])


def _dir(angle_deg: np.ndarray, forward: bool) -> np.ndarray:
    """Unit vectors pointing up and tilted by ``angle_deg`` forward (image left) or back."""
    a = np.radians(angle_deg)
    return np.stack([(-1 if forward else 1) * np.sin(a), -np.cos(a)], axis=1)


def side_squat_track(lean_excess_deg: float = 0.0, arm_drop_deg: float = 0.0, n_reps: int = 3,
                     near: str = "left") -> PoseTrack:
    """Person facing image-left; at full depth the trunk leans ``lean_excess_deg`` past the shin
    and the overhead arms drop ``arm_drop_deg`` forward from the trunk line."""
    times, d = squat_depth_curve(n_reps, depth=0.4)
    f = d / 0.4
    n = len(times)
    shin = 40.0 * f
    knee = ANKLE + SHANK * _dir(shin, forward=True)
    hip = knee + THIGH * _dir(85.0 * f, forward=False)
    trunk = shin + lean_excess_deg * f
    shoulder = hip + TORSO * _dir(trunk, forward=True)
    wrist = shoulder + ARM * _dir(trunk + arm_drop_deg * f, forward=True)
    points = {"ankle": np.broadcast_to(ANKLE, (n, 2)), "knee": knee, "hip": hip, "shoulder": shoulder,
              "wrist": wrist, "elbow": (shoulder + wrist) / 2, "heel": np.broadcast_to(ANKLE + [25, 10], (n, 2)),
              "foot_index": np.broadcast_to(ANKLE + [-110, 12], (n, 2)), "ear": shoulder + [-10, -60],
              "eye": shoulder + [-30, -75], "eye_inner": shoulder + [-32, -75], "eye_outer": shoulder + [-25, -75],
              "pinky": wrist, "index": wrist, "thumb": wrist}
    xy = np.full((n, N_LANDMARKS, 2), np.nan)
    vis = np.full((n, N_LANDMARKS), 0.99)
    for side, offset in (("left", 0.0), ("right", 8.0)):
        for name, pts in points.items():
            xy[:, INDEX[f"{side}_{name}"]] = pts + [offset, 0.0]
            if side != near:
                vis[:, INDEX[f"{side}_{name}"]] = 0.6
    xy[:, INDEX["nose"]] = shoulder + [-45, -70]
    xy[:, INDEX["mouth_left"]] = xy[:, INDEX["mouth_right"]] = shoulder + [-40, -50]
    world = np.zeros((n, N_LANDMARKS, 3))
    world[..., :2] = (xy - hip[:, None, :]) / 400.0
    return PoseTrack(times, xy, world, vis, 720, 1280)
