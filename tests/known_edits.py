"""Known-answer edits of real data, for validating the verdict without valgus footage.

No real clip of caving knees is at hand, so positive cases are made by moving one
knee of a real recording medially by a known amount, growing with squat depth:
``shift_knee_in_track`` edits the pose track BlazePose returned; the two picture
edits move the pixels so that the whole pipeline, pose model included, sees it:

* ``bend``: the leg bends (thigh about the hip, shank about the ankle);
* ``shift``: the region around the knee slides toward the midline (a smooth
  Gaussian-weighted displacement centred on the knee).

Both are forward warps: every pixel ``q`` moves by ``shift * weight(q)``, and where
moved pixels land on others the one nearer the knee stays on top (the leg in front of
the background), so the knee's own pixels land exactly ``shift`` from where they were.
(An inverse map that samples ``q - shift * weight(q)`` is cheaper but moves the knee
much less than asked for once the shift nears the warp's width: 65 % of a 0.5
shank-length bend, 45 % of a 1.0 bend.)
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator

import numpy as np

from groundup.metrics.geometry import joint, medial_unit
from groundup.pose.landmarks import INDEX
from groundup.pose.track import PoseTrack

BEND_WIDTH_SHANKS = 0.35  # how far from the bone the picture bends with the leg, in shank lengths
SHIFT_SIGMA_SHANKS = 0.45  # spread of the knee region's slide, in shank lengths (sensitivity probe)
ROOT_STEPS = 32  # samples of the displacement searched per output pixel

Weight = Callable[[np.ndarray, np.ndarray], np.ndarray]  # (xs, ys) -> share of the shift each pixel takes


def depth_profile(track: PoseTrack) -> np.ndarray:
    """0 standing .. 1 deepest, from the hip centre's image height (NaN-safe)."""
    hip_y = (track.image_xy[:, INDEX["left_hip"], 1] + track.image_xy[:, INDEX["right_hip"], 1]) / 2
    lo, hi = np.nanpercentile(hip_y, 5), np.nanmax(hip_y)
    return np.clip(np.nan_to_num((hip_y - lo) / max(hi - lo, 1e-9)), 0.0, 1.0)


def shank_px(track: PoseTrack, side: str) -> float:
    """Median knee-ankle distance of ``side`` in pixels."""
    return float(np.nanmedian(np.linalg.norm(joint(track.image_xy, side, "knee")
                                             - joint(track.image_xy, side, "ankle"), axis=1)))


def knee_shift_px(track: PoseTrack, side: str, shift_shanks: float) -> np.ndarray:
    """(T, 2) pixel displacement moving ``side``'s knee medially, scaled by depth."""
    direction = np.nan_to_num(medial_unit(track.image_xy, side))
    return direction * (shift_shanks * shank_px(track, side) * depth_profile(track))[:, None]


def shift_knee_in_track(track: PoseTrack, side: str, shift_shanks: float) -> PoseTrack:
    """Copy of ``track`` with one knee moved medially by ``shift_shanks`` at full depth."""
    xy = track.image_xy.copy()
    xy[:, INDEX[f"{side}_knee"]] += knee_shift_px(track, side, shift_shanks)
    return PoseTrack(track.times_s.copy(), xy, track.world_xyz.copy(), track.visibility.copy(),
                     track.width, track.height, others=track.others.copy())


def bone_weight(a: np.ndarray, b: np.ndarray, width_px: float) -> Weight:
    """How strongly pixels follow a knee at ``b`` on the bone from ``a`` (fixed) to ``b``.

    Rises linearly from 0 at ``a`` to 1 at ``b`` along the bone and falls off as a
    Gaussian of the distance from it, so the limb turns about ``a`` like a lever.
    """
    ab = b - a
    length2 = max(float(ab @ ab), 1e-9)

    def weight(xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
        u = np.clip(((xs - a[0]) * ab[0] + (ys - a[1]) * ab[1]) / length2, 0.0, 1.0)
        dx, dy = xs - (a[0] + u * ab[0]), ys - (a[1] + u * ab[1])
        return u * np.exp(-(dx * dx + dy * dy) / (2.0 * width_px ** 2))

    return weight


def leg_bend_weight(hip: np.ndarray, knee: np.ndarray, ankle: np.ndarray, width_px: float) -> Weight:
    """The thigh turning about the hip and the shank about the ankle."""
    thigh, shank = bone_weight(hip, knee, width_px), bone_weight(ankle, knee, width_px)
    return lambda xs, ys: np.maximum(thigh(xs, ys), shank(xs, ys))


def region_weight(knee: np.ndarray, sigma_px: float) -> Weight:
    """A Gaussian centred on the knee."""
    return lambda xs, ys: np.exp(-((xs - knee[0]) ** 2 + (ys - knee[1]) ** 2) / (2.0 * sigma_px ** 2))


def displace(rgb: np.ndarray, weight: Weight, shift_xy: np.ndarray, box: tuple[int, int, int, int]) -> np.ndarray:
    """Forward warp inside ``box`` (x0, y0, x1, y1): the pixel at q moves to q + shift * weight(q).

    Each output pixel p takes the source q = p - t * e (e the shift's direction) with the
    largest t solving t = |shift| * weight(q): where several sources land on p, the one
    that moved most (nearest the knee) is in front.
    """
    import cv2

    s = float(np.hypot(*shift_xy))
    x0, y0, x1, y1 = box
    if s < 1e-3 or x1 <= x0 or y1 <= y0:
        return rgb
    e = np.asarray(shift_xy, dtype=float) / s
    ys, xs = np.mgrid[y0:y1, x0:x1].astype(np.float32)
    steps = np.linspace(0.0, s, ROOT_STEPS + 1)
    found = np.zeros_like(xs)
    prev = s * weight(xs, ys)  # residual at t = 0, never negative
    for t0, t1 in itertools.pairwise(steps):
        cur = s * weight(xs - t1 * e[0], ys - t1 * e[1]) - t1
        cross = (prev >= 0) & (cur < 0)
        found = np.where(cross, t0 + (t1 - t0) * prev / np.maximum(prev - cur, 1e-9), found)
        prev = cur
    found = np.where(prev >= 0, s, found)  # the knee itself lands exactly at t = s
    out = rgb.copy()
    out[y0:y1, x0:x1] = cv2.remap(rgb, (xs - found * e[0]).astype(np.float32), (ys - found * e[1]).astype(np.float32),
                                  interpolation=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REFLECT)
    return out


def _box(points: np.ndarray, margin: float, shape: tuple[int, ...]) -> tuple[int, int, int, int]:
    lo, hi = points.min(axis=0) - margin, points.max(axis=0) + margin
    return (int(max(lo[0], 0)), int(max(lo[1], 0)), int(min(hi[0] + 1, shape[1])), int(min(hi[1] + 1, shape[0])))


def bend_leg_in_frame(rgb: np.ndarray, hip: np.ndarray, knee: np.ndarray, ankle: np.ndarray,
                      shift_xy: np.ndarray, width_px: float) -> np.ndarray:
    """Bend the leg in the picture so the knee moves by ``shift_xy`` pixels (thigh about the hip, shank
    about the ankle); pixels farther than about ``width_px`` from the leg do not move."""
    points = np.array([hip, knee, ankle], dtype=float)
    if not np.all(np.isfinite(points)):
        return rgb
    box = _box(points, 4.0 * width_px + float(np.hypot(*shift_xy)), rgb.shape)
    return displace(rgb, leg_bend_weight(points[0], points[1], points[2], width_px), shift_xy, box)


def shift_knee_region_in_frame(rgb: np.ndarray, knee: np.ndarray, shift_xy: np.ndarray,
                               sigma_px: float) -> np.ndarray:
    """Slide the region around the knee by ``shift_xy`` pixels at its centre, less with distance."""
    if not np.all(np.isfinite(knee)):
        return rgb
    box = _box(np.asarray(knee, dtype=float)[None], 4.0 * sigma_px + float(np.hypot(*shift_xy)), rgb.shape)
    return displace(rgb, region_weight(np.asarray(knee, dtype=float), sigma_px), shift_xy, box)


def collapse_knee_in_frames(frames: Iterable[np.ndarray], track: PoseTrack, side: str, shift_shanks: float,
                            kind: str = "bend") -> Iterator[np.ndarray]:
    """Move ``side``'s knee medially by ``shift_shanks`` at full depth in each frame, by ``kind`` (bend/shift).

    ``track`` is BlazePose's track of the same, unedited frames (same size and order).
    """
    if kind not in ("bend", "shift"):
        raise ValueError(f"unknown collapse kind {kind!r}: bend or shift")
    shifts = knee_shift_px(track, side, shift_shanks)
    hip, knee, ankle = (track.image_xy[:, INDEX[f"{side}_{j}"]] for j in ("hip", "knee", "ankle"))
    shank = shank_px(track, side)
    for i, rgb in enumerate(frames):
        if i >= len(track):
            yield rgb
        elif kind == "bend":
            yield bend_leg_in_frame(rgb, hip[i], knee[i], ankle[i], shifts[i], BEND_WIDTH_SHANKS * shank)
        else:
            yield shift_knee_region_in_frame(rgb, knee[i], shifts[i], SHIFT_SIGMA_SHANKS * shank)
