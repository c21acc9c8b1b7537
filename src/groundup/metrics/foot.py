"""Foot measures: progression angle (toe-out) and a frontal ankle-eversion proxy."""

from __future__ import annotations

import numpy as np

from groundup.metrics.geometry import dot, joint, medial_unit, unit
from groundup.pose.landmarks import other


def foot_progression_deg(world: np.ndarray, side: str) -> np.ndarray:
    """Toe-out angle of the foot in the floor plane, degrees (+ = toes out).

    Measured from the model's world landmarks between the heel-to-toe line and the
    forward direction (perpendicular to the hip line, toward the camera).
    """
    heel, toe = joint(world, side, "heel")[:, [0, 2]], joint(world, side, "foot_index")[:, [0, 2]]
    lateral = unit(joint(world, side, "hip")[:, [0, 2]] - joint(world, other(side), "hip")[:, [0, 2]])
    forward = np.stack([lateral[:, 1], -lateral[:, 0]], axis=1)
    foot = unit(toe - heel)
    forward *= np.sign(dot(forward, foot))[:, None]  # the foot points roughly forward
    return np.degrees(np.arctan2(dot(foot, lateral), dot(foot, forward)))


def ankle_eversion_proxy(xy: np.ndarray, side: str, shank_length: float,
                         medial: np.ndarray | None = None) -> np.ndarray:
    """Medial shift of the ankle over the foot (heel-toe midpoint), in shank lengths.

    A frontal stand-in for the foot rolling in: no single front camera measures the
    rearfoot angle (domain.md), so this is a flag-level proxy, judged against the
    person's standing value.
    """
    foot_mid = (joint(xy, side, "heel") + joint(xy, side, "foot_index")) / 2.0
    return dot(joint(xy, side, "ankle") - foot_mid, medial_unit(xy, side) if medial is None else medial) / shank_length
