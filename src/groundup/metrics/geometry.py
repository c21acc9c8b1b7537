"""Small vector helpers shared by the metric modules. Arrays are (T, 2) or (T, 3)."""

from __future__ import annotations

import numpy as np

from groundup.pose.landmarks import idx, other


def joint(xy: np.ndarray, side: str, name: str) -> np.ndarray:
    """(T, D) positions of ``side``'s ``name`` joint."""
    return xy[:, idx(side, name)]


def unit(v: np.ndarray) -> np.ndarray:
    """Row-wise unit vectors (NaN where the length is 0)."""
    n = np.linalg.norm(v, axis=-1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(n > 0, v / n, np.nan)


def dot(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Row-wise dot product."""
    return np.sum(a * b, axis=-1)


def cross2(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Row-wise z component of the 2-D cross product."""
    return a[..., 0] * b[..., 1] - a[..., 1] * b[..., 0]


def medial_unit(xy: np.ndarray, side: str) -> np.ndarray:
    """Unit vector from ``side``'s hip toward the other hip: the medial direction."""
    return unit(joint(xy, other(side), "hip") - joint(xy, side, "hip"))


def standing_medial_unit(xy: np.ndarray, side: str, frames: np.ndarray) -> np.ndarray:
    """``side``'s medial direction held at its median over ``frames`` (standing on both feet), (T, 2).

    For single-leg screens: a pelvis that drops while on one leg tilts each frame's hip line
    and would shrink the knee offsets read along it.
    """
    per_frame = medial_unit(xy, side)[frames]
    per_frame = per_frame[np.isfinite(per_frame).all(axis=1)]
    if per_frame.size == 0:
        return medial_unit(xy, side)
    return np.broadcast_to(unit(np.median(per_frame, axis=0)[None, :]), (len(xy), 2))


def reference_length(lengths: np.ndarray, percentile: float = 90.0) -> float:
    """A segment's un-foreshortened length: a high percentile over the clip (NaN-safe)."""
    finite = lengths[np.isfinite(lengths)]
    return float(np.percentile(finite, percentile)) if finite.size else float("nan")


def angle_deg(v: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Unsigned angle between row vectors, in degrees."""
    c = dot(unit(v), unit(w))
    return np.degrees(np.arccos(np.clip(c, -1.0, 1.0)))
