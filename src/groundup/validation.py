"""Known-answer edits of real data, for validating the verdict without valgus footage.

No real clip of caving knees is at hand, so positive cases are made by moving one
knee of a real recording medially by a known amount during each rep:
``shift_knee_in_track`` edits the pose track BlazePose returned, and
``warp_knee_in_frame`` bends the pixels around the knee so that the whole
pipeline, pose model included, sees the knee cave in.
"""

from __future__ import annotations

from typing import Iterable, Iterator

import numpy as np

from groundup.metrics.geometry import joint, medial_unit
from groundup.pose.landmarks import INDEX
from groundup.pose.track import PoseTrack

WARP_SIGMA_SHANKS = 0.3  # radius of the bent region around the knee, in shank lengths


def depth_profile(track: PoseTrack) -> np.ndarray:
    """0 standing .. 1 deepest, from the hip centre's image height (NaN-safe)."""
    hip_y = (track.image_xy[:, INDEX["left_hip"], 1] + track.image_xy[:, INDEX["right_hip"], 1]) / 2
    lo, hi = np.nanpercentile(hip_y, 5), np.nanmax(hip_y)
    return np.clip(np.nan_to_num((hip_y - lo) / max(hi - lo, 1e-9)), 0.0, 1.0)


def knee_shift_px(track: PoseTrack, side: str, shift_shanks: float) -> np.ndarray:
    """(T, 2) pixel displacement moving ``side``'s knee medially, scaled by depth."""
    shank = float(np.nanmedian(np.linalg.norm(joint(track.image_xy, side, "knee")
                                              - joint(track.image_xy, side, "ankle"), axis=1)))
    direction = np.nan_to_num(medial_unit(track.image_xy, side))
    return direction * (shift_shanks * shank * depth_profile(track))[:, None]


def shift_knee_in_track(track: PoseTrack, side: str, shift_shanks: float) -> PoseTrack:
    """Copy of ``track`` with one knee moved medially by ``shift_shanks`` at full depth."""
    xy = track.image_xy.copy()
    xy[:, INDEX[f"{side}_knee"]] += knee_shift_px(track, side, shift_shanks)
    return PoseTrack(track.times_s.copy(), xy, track.world_xyz.copy(), track.visibility.copy(),
                     track.width, track.height, others=track.others.copy())


def warp_knee_in_frame(rgb: np.ndarray, knee_xy: np.ndarray, shift_xy: np.ndarray, sigma_px: float) -> np.ndarray:
    """Smoothly move the picture around ``knee_xy`` by ``shift_xy`` pixels (Gaussian falloff)."""
    import cv2

    if not np.all(np.isfinite(knee_xy)) or not np.any(shift_xy):
        return rgb
    h, w = rgb.shape[:2]
    ys, xs = np.mgrid[0:h, 0:w].astype(np.float32)
    weight = np.exp(-((xs - knee_xy[0]) ** 2 + (ys - knee_xy[1]) ** 2) / (2.0 * sigma_px ** 2))
    map_x = (xs - shift_xy[0] * weight).astype(np.float32)
    map_y = (ys - shift_xy[1] * weight).astype(np.float32)
    return cv2.remap(rgb, map_x, map_y, interpolation=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REFLECT)


def warp_knee_in_frames(frames: Iterable[np.ndarray], track: PoseTrack, side: str, shift_shanks: float,
                        sigma_shanks: float = WARP_SIGMA_SHANKS) -> Iterator[np.ndarray]:
    """Bend each frame so ``side``'s knee moves medially by ``shift_shanks`` at full depth.

    ``track`` is BlazePose's track of the same, unedited frames (same size and order).
    """
    shifts = knee_shift_px(track, side, shift_shanks)
    knees = track.image_xy[:, INDEX[f"{side}_knee"]]
    shank = float(np.nanmedian(np.linalg.norm(knees - track.image_xy[:, INDEX[f"{side}_ankle"]], axis=1)))
    for i, rgb in enumerate(frames):
        yield warp_knee_in_frame(rgb, knees[i], shifts[i], sigma_shanks * shank) if i < len(track) else rgb
