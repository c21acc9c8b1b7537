"""BlazePose's 33 landmarks and the 17 COCO keypoints taken from them; shared helpers."""

from __future__ import annotations

import numpy as np

from groundup.pose.landmarks import INDEX

COCO_KEYPOINTS: tuple[str, ...] = (
    "nose", "left_eye", "right_eye", "left_ear", "right_ear", "left_shoulder", "right_shoulder",
    "left_elbow", "right_elbow", "left_wrist", "right_wrist", "left_hip", "right_hip", "left_knee",
    "right_knee", "left_ankle", "right_ankle",
)
COCO_FROM_BLAZEPOSE: tuple[int, ...] = tuple(INDEX[name] for name in COCO_KEYPOINTS)  # same names in both
COCO_SKELETON: tuple[tuple[int, int], ...] = (  # 1-based pairs, as the COCO person category lists them
    (16, 14), (14, 12), (17, 15), (15, 13), (12, 13), (6, 12), (7, 13), (6, 7), (6, 8), (7, 9), (8, 10),
    (9, 11), (2, 3), (1, 2), (1, 3), (2, 4), (3, 5), (4, 6), (5, 7),
)
VISIBLE = 0.5  # BlazePose visibility from which a keypoint counts as seen (COCO flag 2, else 1)


def frame_rate(times_s: np.ndarray) -> float:
    """Frames per second from the frame times (the median step); 30 when there is too little to tell."""
    steps = np.diff(np.asarray(times_s, dtype=float))
    steps = steps[np.isfinite(steps) & (steps > 0)]
    return float(1.0 / np.median(steps)) if len(steps) else 30.0


def number(value: float, digits: int) -> str:
    """A coordinate as text, empty when it is missing."""
    return "" if not np.isfinite(value) else f"{value:.{digits}f}"
