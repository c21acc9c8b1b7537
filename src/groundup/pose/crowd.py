"""Look for a second person: hide the tracked person and detect again.

The BlazePose solution returns one person. To learn whether somebody else is in
the picture, a sampled frame is re-run through the detector with the tracked
person's box blacked out; whoever is found there is someone else.
"""

from __future__ import annotations

import numpy as np

from groundup.pose.estimator import BlazePoseEstimator, FramePose

BOX_PAD_X = 0.15  # share of the person's box width added on each side before masking
BOX_PAD_Y = 0.08
MIN_VISIBILITY = 0.5


def person_box(image_xy: np.ndarray, width: int, height: int) -> tuple[int, int, int, int]:
    """Padded bounding box (x0, y0, x1, y1) of a person's landmarks, clipped to the frame."""
    x0, y0 = np.nanmin(image_xy, axis=0)
    x1, y1 = np.nanmax(image_xy, axis=0)
    px, py = BOX_PAD_X * (x1 - x0), BOX_PAD_Y * (y1 - y0)
    return (max(0, int(x0 - px)), max(0, int(y0 - py)), min(width, int(np.ceil(x1 + px))),
            min(height, int(np.ceil(y1 + py))))


def hide_box(rgb: np.ndarray, box: tuple[int, int, int, int]) -> np.ndarray:
    """Copy of ``rgb`` with ``box`` blacked out."""
    out = rgb.copy()
    x0, y0, x1, y1 = box
    out[y0:y1, x0:x1] = 0
    return out


def pose_height(pose: FramePose) -> float:
    """Vertical extent of a pose's landmarks in pixels."""
    return float(np.nanmax(pose.image_xy[:, 1]) - np.nanmin(pose.image_xy[:, 1]))


class OtherPersonProbe:
    """Detect a person other than the tracked one in a frame."""

    def __init__(self, detector: BlazePoseEstimator | None = None) -> None:
        self._detector = detector or BlazePoseEstimator(static=True)  # a model lent here is closed by its owner
        self._owned = detector is None

    def relative_height(self, rgb: np.ndarray, main: FramePose) -> float:
        """Height of another well-seen person relative to the tracked one, or 0 if none."""
        h, w = rgb.shape[:2]
        other = self._detector.estimate(hide_box(rgb, person_box(main.image_xy, w, h)))
        if other is None or float(np.mean(other.visibility)) < MIN_VISIBILITY:
            return 0.0
        return pose_height(other) / max(pose_height(main), 1.0)

    def close(self) -> None:
        if self._owned:
            self._detector.close()
