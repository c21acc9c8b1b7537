"""Trunk, pelvis, shoulder and arm measures in the frontal image."""

from __future__ import annotations

import numpy as np

from groundup.metrics.geometry import angle_deg, dot, joint, unit


def _mid(xy: np.ndarray, name: str) -> np.ndarray:
    return (joint(xy, "left", name) + joint(xy, "right", name)) / 2.0


def pelvic_tilt_deg(xy: np.ndarray) -> np.ndarray:
    """Frontal tilt of the hip line, degrees; positive when the left hip is lower."""
    left, right = joint(xy, "left", "hip"), joint(xy, "right", "hip")
    return np.degrees(np.arctan2(left[:, 1] - right[:, 1], np.abs(left[:, 0] - right[:, 0])))


def lateral_shift(xy: np.ndarray, name: str, hip_width: float) -> np.ndarray:
    """Sideways position of the ``name`` pair's midpoint over the ankles, in hip widths.

    Positive toward the person's left. ``name`` is 'shoulder' for the trunk and
    'hip' for the pelvis.
    """
    to_left = unit(joint(xy, "left", "hip") - joint(xy, "right", "hip"))
    return dot(_mid(xy, name) - _mid(xy, "ankle"), to_left) / hip_width


def torso_length(xy: np.ndarray) -> np.ndarray:
    """Projected shoulder-centre to hip-centre length per frame (shrinks as the trunk leans)."""
    return np.linalg.norm(_mid(xy, "shoulder") - _mid(xy, "hip"), axis=1)


def shoulder_ear_gap(xy: np.ndarray, side: str) -> np.ndarray:
    """Vertical gap from ear down to shoulder over the frame's own torso length.

    Shrugging shrinks it; dividing by the current (foreshortened) torso length keeps
    a forward trunk lean from reading as a shrug.
    """
    torso = torso_length(xy)
    with np.errstate(invalid="ignore", divide="ignore"):
        return (joint(xy, side, "shoulder")[:, 1] - joint(xy, side, "ear")[:, 1]) / torso


def arm_elevation_deg(xy: np.ndarray, side: str) -> np.ndarray:
    """Angle of the shoulder-to-wrist line from straight down: 0 at the side, 180 overhead."""
    down = np.zeros_like(joint(xy, side, "shoulder"))
    down[:, 1] = 1.0
    return angle_deg(joint(xy, side, "wrist") - joint(xy, side, "shoulder"), down)


def wrist_height_over_nose(xy: np.ndarray, torso_length: float) -> np.ndarray:
    """How far the higher wrist is above the nose, in torso lengths (+ = above)."""
    top = np.fmin(joint(xy, "left", "wrist")[:, 1], joint(xy, "right", "wrist")[:, 1])
    return (xy[:, 0, 1] - top) / torso_length


OVERHEAD_WRIST = 0.15  # torso lengths above the nose: hands overhead
RAISED_WRIST = -0.4  # between this and overhead: hands on head/shoulders (prisoner, barbell)


def classify_arms(wrist_over_nose: float) -> str:
    """'overhead', 'raised' (hands at head or shoulders) or 'down', from standing frames."""
    if not np.isfinite(wrist_over_nose):
        return "unknown"
    return "overhead" if wrist_over_nose > OVERHEAD_WRIST else "raised" if wrist_over_nose > RAISED_WRIST else "down"


def standing_arms(measures: dict[str, np.ndarray], base: dict[str, float] | None) -> str:
    """Where the hands are: from the standing baseline, else the clip's median."""
    wrist = base["wrist_over_nose"] if base else float(np.nanmedian(measures["wrist_over_nose"]))
    return classify_arms(wrist)
