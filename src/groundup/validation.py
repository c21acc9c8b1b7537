"""Known-answer edits of real data, for validating the verdict without valgus footage.

No real clip of caving knees is at hand, so positive cases are made by moving one
knee of a real recording medially by a known amount during each rep:
``shift_knee_in_track`` edits the pose track BlazePose returned, and
``warp_knee_in_frame`` bends the leg in the picture (thigh about the hip, shank
about the ankle) so that the whole pipeline, pose model included, sees the knee
cave in.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import numpy as np

from groundup.metrics.geometry import joint, medial_unit
from groundup.pose.landmarks import INDEX
from groundup.pose.track import PoseTrack

WARP_WIDTH_SHANKS = 0.35  # how far from the bone the picture bends with the leg, in shank lengths


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


def _segment_weight(xs: np.ndarray, ys: np.ndarray, a: np.ndarray, b: np.ndarray,
                    width_px: float) -> np.ndarray:
    """How strongly pixels follow a knee at ``b`` on the bone from ``a`` (fixed) to ``b``.

    Rises linearly from 0 at ``a`` to 1 at ``b`` along the bone and falls off as a
    Gaussian of the distance from it, so the limb turns about ``a`` like a lever.
    """
    ab = b - a
    length2 = max(float(ab @ ab), 1e-9)
    u = np.clip(((xs - a[0]) * ab[0] + (ys - a[1]) * ab[1]) / length2, 0.0, 1.0)
    dx, dy = xs - (a[0] + u * ab[0]), ys - (a[1] + u * ab[1])
    return u * np.exp(-(dx * dx + dy * dy) / (2.0 * width_px ** 2))


def warp_knee_in_frame(rgb: np.ndarray, hip: np.ndarray, knee: np.ndarray, ankle: np.ndarray,
                       shift_xy: np.ndarray, width_px: float) -> np.ndarray:
    """Bend the leg in the picture so the knee moves by ``shift_xy`` pixels.

    The thigh turns about the hip and the shank about the ankle, as in a knee that
    caves in; pixels farther than about ``width_px`` from the leg do not move.
    """
    import cv2

    points = np.array([hip, knee, ankle], dtype=float)
    if not np.all(np.isfinite(points)) or not np.any(shift_xy):
        return rgb
    h, w = rgb.shape[:2]
    ys, xs = np.mgrid[0:h, 0:w].astype(np.float32)
    weight = np.maximum(_segment_weight(xs, ys, points[0], points[1], width_px),
                        _segment_weight(xs, ys, points[2], points[1], width_px))
    map_x = (xs - shift_xy[0] * weight).astype(np.float32)
    map_y = (ys - shift_xy[1] * weight).astype(np.float32)
    return cv2.remap(rgb, map_x, map_y, interpolation=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REFLECT)


def warp_knee_in_frames(frames: Iterable[np.ndarray], track: PoseTrack, side: str, shift_shanks: float,
                        width_shanks: float = WARP_WIDTH_SHANKS) -> Iterator[np.ndarray]:
    """Bend each frame so ``side``'s knee moves medially by ``shift_shanks`` at full depth.

    ``track`` is BlazePose's track of the same, unedited frames (same size and order).
    """
    shifts = knee_shift_px(track, side, shift_shanks)
    hip, knee, ankle = (track.image_xy[:, INDEX[f"{side}_{j}"]] for j in ("hip", "knee", "ankle"))
    shank = float(np.nanmedian(np.linalg.norm(knee - ankle, axis=1)))
    for i, rgb in enumerate(frames):
        if i >= len(track):
            yield rgb
            continue
        yield warp_knee_in_frame(rgb, hip[i], knee[i], ankle[i], shifts[i], width_shanks * shank)
