"""How the pixels around each knee moved from one frame to the next (benchmark code, not shipped).

Pyramidal Lucas-Kanade optical flow (OpenCV) from the previous frame to this one, for
a small grid of points laid around each knee landmark, each with its forward-backward
error (track forward, then back: a point that does not return where it started was not
followed). ``knee_refine`` integrates these into a knee position meant to follow the
image rather than the pose model's prior. Built for issue 10 to run in the pose worker
beside the model; measured there, it lost to the model's own knee (README, "A knee that
follows the pixels"), so only the benchmark runs it, on the frames and landmarks of a
finished track.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from groundup.pose.landmarks import INDEX

FLOW_JOINTS: tuple[str, ...] = ("left_knee", "right_knee")
GRID_COLUMNS = np.linspace(-0.6, 0.6, 9)  # shank lengths across the leg (image x) from the landmark
GRID_ROWS = np.array([-0.25, 0.0, 0.25])  # shank lengths along the image vertical
WINDOW_SHANKS = 0.5  # LK window side: wide enough to hold both edges of the leg
MIN_WINDOW_PX, MAX_WINDOW_PX = 9, 41
PYRAMID_LEVELS = 3
LK_CRITERIA = (3, 30, 0.01)  # cv2.TERM_CRITERIA_COUNT | EPS, iterations, epsilon (px)


@dataclass
class KneeFlow:
    """Per frame t: grid points in frame t-1 and how far each moved to frame t.

    ``points`` and ``moved`` are (T, J, R, C, 2) pixels, ``error`` (T, J, R, C) the
    forward-backward error in pixels; J follows ``FLOW_JOINTS``, R ``GRID_ROWS`` and C
    ``GRID_COLUMNS`` (columns left to right in the image). NaN where not measured (no
    previous frame, no landmark, or the point was lost).
    """

    points: np.ndarray
    moved: np.ndarray
    error: np.ndarray

    def __post_init__(self) -> None:
        shape = (len(self.points), len(FLOW_JOINTS), len(GRID_ROWS), len(GRID_COLUMNS))
        if self.points.shape != (*shape, 2) or self.moved.shape != (*shape, 2) or self.error.shape != shape:
            raise ValueError(f"KneeFlow arrays must be {shape} (+2)")

    def __len__(self) -> int:
        return len(self.points)

    @classmethod
    def missing(cls, n: int) -> KneeFlow:
        """``n`` frames with nothing measured."""
        shape = (n, len(FLOW_JOINTS), len(GRID_ROWS), len(GRID_COLUMNS))
        return cls(np.full((*shape, 2), np.nan, np.float32), np.full((*shape, 2), np.nan, np.float32),
                   np.full(shape, np.nan, np.float32))

    @classmethod
    def stack(cls, frames: list[tuple[np.ndarray, np.ndarray, np.ndarray]]) -> KneeFlow:
        """One flow record from per-frame (points, moved, error) triples."""
        if not frames:
            return cls.missing(0)
        points, moved, error = (np.stack(a).astype(np.float32) for a in zip(*frames))
        return cls(points, moved, error)

    @classmethod
    def concatenate(cls, parts: list[KneeFlow]) -> KneeFlow:
        return cls(*(np.concatenate([getattr(p, name) for p in parts]) for name in ("points", "moved", "error")))

    def mirrored(self, width: int) -> KneeFlow:
        """As seen in a mirror: x flipped, left/right joints swapped, columns kept left to right."""
        perm = [FLOW_JOINTS.index(_other_side(j)) for j in FLOW_JOINTS]
        points = self.points[:, perm, :, ::-1].copy()
        moved = self.moved[:, perm, :, ::-1].copy()
        points[..., 0] = width - points[..., 0]
        moved[..., 0] = -moved[..., 0]
        return KneeFlow(points, moved, self.error[:, perm, :, ::-1].copy())


def measure_track_flow(frames: Iterable[np.ndarray], image_xy: np.ndarray) -> KneeFlow:
    """The flow of every frame of a clip whose landmarks (T, 33, 2) are ``image_xy`` (NaN rows: no pose)."""
    meter = KneeFlowMeter()
    for rgb, xy in zip(frames, image_xy):
        meter.add(rgb, None if np.isnan(xy).all() else xy)
    return meter.result()


def _other_side(name: str) -> str:
    side, joint = name.split("_", 1)
    return f"{'right' if side == 'left' else 'left'}_{joint}"


def grid_points(image_xy: np.ndarray) -> tuple[np.ndarray, float] | None:
    """(J, R, C, 2) grid around each flow joint of one frame's landmarks, and the shank length used.

    The shank is the longer of the two knee-ankle distances in this frame. None when
    a flow joint or the shank is missing.
    """
    centres = image_xy[[INDEX[j] for j in FLOW_JOINTS]]
    shanks = [np.linalg.norm(image_xy[INDEX[f"{s}_knee"]] - image_xy[INDEX[f"{s}_ankle"]]) for s in ("left", "right")]
    shank = float(np.max(shanks))
    if not np.all(np.isfinite(centres)) or not np.isfinite(shank) or shank < 1.0:
        return None
    dx, dy = np.meshgrid(GRID_COLUMNS * shank, GRID_ROWS * shank)
    offsets = np.stack([dx, dy], axis=-1)  # (R, C, 2)
    return centres[:, None, None, :] + offsets[None], shank


class KneeFlowMeter:
    """Feeds on consecutive frames (and their landmarks) and measures the flow of each.

    Each frame is converted to grayscale once and kept as the next measurement's start.
    """

    def __init__(self) -> None:
        self._gray: np.ndarray | None = None
        self._landmarks: np.ndarray | None = None
        self.frames: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []

    def add(self, rgb: np.ndarray, image_xy: np.ndarray | None) -> None:
        """Record the flow from the previous frame to ``rgb``; ``image_xy`` are its landmarks (None: no pose)."""
        gray = _gray(rgb)
        placed = None
        for landmarks in (self._landmarks, image_xy):  # the grid sits on the previous frame's knee, else this one's
            if placed is None and landmarks is not None:
                placed = grid_points(landmarks)
        record = _missing_frame()
        if self._gray is not None and placed is not None:
            record = measure_flow(self._gray, gray, *placed)
        self.frames.append(record)
        self._gray, self._landmarks = gray, image_xy

    def result(self) -> KneeFlow:
        return KneeFlow.stack(self.frames)


def _missing_frame() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    shape = (len(FLOW_JOINTS), len(GRID_ROWS), len(GRID_COLUMNS))
    return np.full((*shape, 2), np.nan), np.full((*shape, 2), np.nan), np.full(shape, np.nan)


def _gray(rgb: np.ndarray) -> np.ndarray:
    import cv2

    return cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)


def window_px(shank_px: float) -> int:
    """Odd LK window side for a leg of this shank length."""
    side = int(np.clip(WINDOW_SHANKS * shank_px, MIN_WINDOW_PX, MAX_WINDOW_PX))
    return side if side % 2 else side + 1


def measure_flow(before: np.ndarray, after: np.ndarray, points: np.ndarray,
                 shank_px: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Forward flow of ``points`` from ``before`` to ``after``, and its forward-backward error."""
    import cv2

    start = points.reshape(-1, 1, 2).astype(np.float32)
    win = window_px(shank_px)

    def track(a: np.ndarray, b: np.ndarray, pts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        moved, ok, _ = cv2.calcOpticalFlowPyrLK(a, b, pts, pts.copy(), winSize=(win, win), maxLevel=PYRAMID_LEVELS,
                                                criteria=LK_CRITERIA)
        return np.asarray(moved, dtype=np.float32), np.asarray(ok)

    ahead, ok_fwd = track(before, after, start)
    back, ok_back = track(after, before, ahead)
    ok = (ok_fwd.ravel() == 1) & (ok_back.ravel() == 1)
    moved = (ahead - start).reshape(-1, 2).astype(float)
    error = np.linalg.norm((back - start).reshape(-1, 2), axis=1).astype(float)
    moved[~ok], error[~ok] = np.nan, np.nan
    return points.astype(float), moved.reshape(points.shape), error.reshape(points.shape[:-1])
