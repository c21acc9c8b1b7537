"""Synthetic front-view pose tracks of a squatting stick figure with known geometry.

The person faces the camera, so their left side appears on the image's right.
Knee shifts are given in shank lengths toward the midline (valgus > 0).
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from groundup.analysis import Analysis
from groundup.pose.landmarks import INDEX, N_LANDMARKS
from groundup.pose.track import PoseTrack
from groundup.screens.squat import analyse_track
from groundup.thresholds import load_thresholds
from groundup.video.reader import Frame, VideoInfo

FPS = 30.0
WIDTH, HEIGHT = 720, 1280
CX = 360.0
HIP_Y, KNEE_Y, ANKLE_Y = 640.0, 800.0, 950.0
SHANK = ANKLE_Y - KNEE_Y
HIP_HALF = 60.0
PX_PER_M = 400.0


def squat_depth_curve(n_reps: int = 3, rep_s: float = 2.0, pause_s: float = 1.0, depth: float = 0.4,
                      fps: float = FPS) -> tuple[np.ndarray, np.ndarray]:
    """Times and hip depth (leg lengths): standing pauses between smooth reps."""
    t = np.arange(0.0, pause_s + n_reps * (rep_s + pause_s), 1.0 / fps)
    d = np.zeros_like(t)
    for k in range(n_reps):
        start = pause_s + k * (rep_s + pause_s)
        inside = (t >= start) & (t <= start + rep_s)
        d[inside] = depth * np.sin(np.pi * (t[inside] - start) / rep_s) ** 2
    return t, d


def squat_track(n_reps: int = 3, depth: float = 0.4, valgus: dict[str, float] | None = None,
                knees_out: float = 0.05, arms: str = "down", noise_px: float = 0.0, seed: int = 0,
                fps: float = FPS, lost: slice | None = None) -> PoseTrack:
    """A squat whose knees move medially by ``valgus[side]`` shank lengths at full depth.

    Frames in ``lost`` have no pose (as when the model loses the person).
    """
    valgus = valgus or {}
    times, d = squat_depth_curve(n_reps, depth=depth, fps=fps)
    frac = d / depth if depth else d
    n = len(times)
    xy = np.zeros((n, N_LANDMARKS, 2))
    leg = (KNEE_Y - HIP_Y) + SHANK
    hip_y = HIP_Y + d * leg
    for side, sign in (("left", +1.0), ("right", -1.0)):  # person's left is image right
        def put(name: str, x: np.ndarray | float, y: np.ndarray | float, side: str = side) -> None:
            xy[:, INDEX[f"{side}_{name}"], 0] = x
            xy[:, INDEX[f"{side}_{name}"], 1] = y

        ankle_x = CX + sign * (HIP_HALF + 10)
        shift = (valgus.get(side, 0.0) - knees_out) * frac * SHANK  # + = toward the midline
        put("hip", CX + sign * HIP_HALF, hip_y)
        put("knee", ankle_x - sign * shift, KNEE_Y + 0.1 * d * leg)
        put("ankle", ankle_x, ANKLE_Y)
        put("heel", ankle_x, ANKLE_Y + 12)
        put("foot_index", ankle_x + sign * 18, ANKLE_Y + 30)
        put_upper_body(xy, side, sign, CX, hip_y, arms)
    return finish_track(times, xy, hip_y, noise_px, seed, lost)


def put_joint(xy: np.ndarray, side: str, name: str, x: np.ndarray | float, y: np.ndarray | float) -> None:
    """Set ``side``'s ``name`` landmark in every frame of ``xy``."""
    xy[:, INDEX[f"{side}_{name}"], 0] = x
    xy[:, INDEX[f"{side}_{name}"], 1] = y


def put_upper_body(xy: np.ndarray, side: str, sign: float, trunk_x: np.ndarray | float, hip_y: np.ndarray,
                   arms: str = "down") -> None:
    """Shoulder, face and arm landmarks of one side (and the nose) above the hips at ``hip_y``.

    ``sign`` is +1 for the person's left (image right); ``arms`` is "down" or "overhead".
    """
    put_joint(xy, side, "shoulder", trunk_x + sign * 95, hip_y - 250)
    put_joint(xy, side, "ear", trunk_x + sign * 35, hip_y - 330)
    for part in ("eye_inner", "eye", "eye_outer"):
        put_joint(xy, side, part, trunk_x + sign * 20, hip_y - 345)
    xy[:, INDEX[f"mouth_{side}"], 0], xy[:, INDEX[f"mouth_{side}"], 1] = trunk_x + sign * 15, hip_y - 310
    if arms == "overhead":
        elbow, wrist = (trunk_x + sign * 110, hip_y - 390), (trunk_x + sign * 105, hip_y - 520)
    else:
        elbow, wrist = (trunk_x + sign * 110, hip_y - 130), (trunk_x + sign * 115, hip_y - 10)
    put_joint(xy, side, "elbow", *elbow)
    for part in ("wrist", "pinky", "index", "thumb"):
        put_joint(xy, side, part, *wrist)
    xy[:, INDEX["nose"], 0], xy[:, INDEX["nose"], 1] = trunk_x, hip_y - 330


def finish_track(times: np.ndarray, xy: np.ndarray, hip_y: np.ndarray, noise_px: float = 0.0, seed: int = 0,
                 lost: slice | np.ndarray | None = None) -> PoseTrack:
    """A PoseTrack from image landmarks: optional pixel noise, world landmarks around the hip
    (toes toward the camera), full visibility except the ``lost`` frames (no pose)."""
    n = len(times)
    if noise_px:
        xy = xy + np.random.default_rng(seed).normal(0.0, noise_px, xy.shape)
    world = np.zeros((n, N_LANDMARKS, 3))
    world[..., 0] = (xy[..., 0] - CX) / PX_PER_M
    world[..., 1] = (xy[..., 1] - hip_y[:, None]) / PX_PER_M
    for side in ("left", "right"):
        world[:, INDEX[f"{side}_foot_index"], 2] = -0.18  # toes toward the camera
        world[:, INDEX[f"{side}_heel"], 2] = 0.05
    vis = np.full((n, N_LANDMARKS), 0.99)
    if lost is not None:
        xy[lost], world[lost], vis[lost] = np.nan, np.nan, 0.0
    return PoseTrack(times, xy, world, vis, WIDTH, HEIGHT)


def squat_analysis(movement: str = "arms-down-squat", **kw) -> Analysis:
    """``analyse_track`` of ``squat_track(**kw)`` with the packaged thresholds."""
    return analyse_track(squat_track(**kw), movement, load_thresholds())


def stick_frames(a: Analysis, colour: int = 90) -> Iterator[Frame]:
    """Plain grey frames of the track's size and times (no video file needed)."""
    for i, t in enumerate(a.track.times_s):
        yield Frame(i, float(t), np.full((a.track.height, a.track.width, 3), colour, dtype=np.uint8))


def video_info(a: Analysis) -> VideoInfo:
    """A VideoInfo matching a synthetic analysis."""
    t = a.track.times_s
    return VideoInfo("synthetic <clip>.mp4", a.track.width, a.track.height, 0, 60.0, float(t[-1]), len(t))
