"""Knee measures in the frontal image: FPPA, separation ratios, medial displacement.

Sign convention everywhere: positive = the knee toward the body midline (valgus).
"""

from __future__ import annotations

import numpy as np

from groundup.metrics.geometry import angle_deg, cross2, dot, joint, medial_unit, unit


def knee_fppa_deg(xy: np.ndarray, side: str) -> np.ndarray:
    """Signed frontal plane projection angle of ``side``'s knee, per frame.

    The deviation of hip-knee-ankle from a straight line, positive when the knee
    lies medial of the hip-ankle line (valgus), negative lateral (varus).
    """
    hip, knee, ankle = (joint(xy, side, j) for j in ("hip", "knee", "ankle"))
    deviation = angle_deg(knee - hip, ankle - knee)
    line = ankle - hip
    knee_side = np.sign(cross2(line, knee - hip))
    medial_side = np.sign(cross2(line, medial_unit(xy, side)))
    return deviation * knee_side * medial_side


def _pair_distance(xy: np.ndarray, name: str) -> np.ndarray:
    """Left-right distance of a joint pair measured along the hip line."""
    axis = unit(joint(xy, "left", "hip") - joint(xy, "right", "hip"))
    return np.abs(dot(joint(xy, "left", name) - joint(xy, "right", name), axis))


def knee_ankle_separation_ratio(xy: np.ndarray) -> np.ndarray:
    """Knee distance over ankle distance (KASR); below 1 the knees sit inside the feet."""
    with np.errstate(invalid="ignore", divide="ignore"):
        return _pair_distance(xy, "knee") / _pair_distance(xy, "ankle")


def knee_hip_separation_ratio(xy: np.ndarray) -> np.ndarray:
    """Knee distance over hip distance (normalised knee separation, Noyes 2005)."""
    with np.errstate(invalid="ignore", divide="ignore"):
        return _pair_distance(xy, "knee") / _pair_distance(xy, "hip")


def level_with_knee(xy: np.ndarray, side: str, through: str, medial: np.ndarray | None = None) -> np.ndarray:
    """(T, 2) point level with ``side``'s knee on the line through its ``through`` landmark square to the
    hip line (``medial`` replaces each frame's hip line as the axis). The knee's offset over that landmark
    (``knee_medial_offset``: ankle, ``knee_toe_offset``: toe) is its distance from this point."""
    axis = medial_unit(xy, side) if medial is None else medial
    knee = joint(xy, side, "knee")
    return knee - dot(knee - joint(xy, side, through), axis)[:, None] * axis


def foot_line_point(xy: np.ndarray, side: str, medial: np.ndarray | None = None) -> np.ndarray:
    """(T, 2) point of ``side``'s foot line level with the knee.

    The foot line rises from the toe landmark (foot_index) square to the hip line. At the
    bottom of a squat the shank leans forward far enough that the knee sits above the
    forefoot, so this is where the line from the ankle through the toes lies at the knee's
    depth: a knee that tracks over its toes is on it.
    """
    return level_with_knee(xy, side, "foot_index", medial)


def knee_medial_offset(xy: np.ndarray, side: str, shank_length: float, medial: np.ndarray | None = None) -> np.ndarray:
    """Knee position medial of the ankle along the hip line, in shank lengths.

    Compared with the same person's standing value this is the medial knee
    displacement, which unlike FPPA does not blow up when the thigh points at the
    camera at the bottom of a deep squat. ``medial`` replaces each frame's hip line as the axis.
    """
    offset = joint(xy, side, "knee") - joint(xy, side, "ankle")
    return dot(offset, medial_unit(xy, side) if medial is None else medial) / shank_length


def knee_toe_offset(xy: np.ndarray, side: str, shank_length: float, medial: np.ndarray | None = None) -> np.ndarray:
    """Knee position medial of its foot line (see ``foot_line_point``), in shank lengths: the signed
    distance from that point to the knee.

    Positive: the knee is inside the foot; negative: it has travelled outside it. With the
    feet turned out a healthy knee tracks over the toes (about 0 at the bottom of a squat).
    """
    offset = joint(xy, side, "knee") - joint(xy, side, "foot_index")
    return dot(offset, medial_unit(xy, side) if medial is None else medial) / shank_length


def knee_foot_line_offset(world: np.ndarray, side: str, leg_length_m: float) -> np.ndarray:
    """Horizontal distance of the knee from the vertical plane through heel and toe.

    Uses the model's 3-D world landmarks (x right, y down, z depth). Positive when
    the knee lies medial of the foot's long axis, in leg lengths. Depth from one
    camera is the model's estimate, so this measure is supporting evidence only.
    """
    heel, toe, knee = (joint(world, side, j)[:, [0, 2]] for j in ("heel", "foot_index", "knee"))
    foot = unit(toe - heel)
    normal = np.stack([foot[:, 1], -foot[:, 0]], axis=1)
    other_hip = joint(world, "right" if side == "left" else "left", "hip")
    medial = other_hip[:, [0, 2]] - joint(world, side, "hip")[:, [0, 2]]
    normal *= np.sign(dot(normal, medial))[:, None]
    return dot(knee - heel, normal) / leg_length_m
