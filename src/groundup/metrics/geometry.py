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


def reference_length(lengths: np.ndarray, percentile: float = 90.0) -> float:
    """A segment's un-foreshortened length: a high percentile over the clip (NaN-safe)."""
    finite = lengths[np.isfinite(lengths)]
    return float(np.percentile(finite, percentile)) if finite.size else float("nan")


def angle_deg(v: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Unsigned angle between row vectors, in degrees."""
    c = dot(unit(v), unit(w))
    return np.degrees(np.arccos(np.clip(c, -1.0, 1.0)))
