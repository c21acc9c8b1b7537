"""Find squat reps from the hip's vertical path.

Depth is the hip centre's drop below its standing height, in leg lengths. A rep
is a peak of depth with enough prominence; it starts where the hip last stood
near the top before the peak and ends where it is back near the top after it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.signal import find_peaks


@dataclass(frozen=True)
class RepSettings:
    """Rep detection limits (see thresholds.toml [reps])."""

    min_depth: float = 0.12  # leg lengths of hip drop for a movement to count as a rep
    min_interval_s: float = 0.8
    top_fraction: float = 0.25  # a rep starts/ends when depth is below this share of its peak
    standing_percentile: float = 5.0


@dataclass(frozen=True)
class Rep:
    """One rep: frame indices of start, bottom and end, and its depth in leg lengths."""

    number: int
    start: int
    bottom: int
    end: int
    depth: float
    complete: bool


def hip_depth(hip_y: np.ndarray, leg_length: float, standing_percentile: float = 5.0) -> np.ndarray:
    """Hip drop below standing height (image y grows downward), in leg lengths."""
    finite = hip_y[np.isfinite(hip_y)]
    if finite.size == 0 or not np.isfinite(leg_length) or leg_length <= 0:
        return np.full_like(hip_y, np.nan, dtype=float)
    standing = np.percentile(finite, standing_percentile)
    return (hip_y - standing) / leg_length


def _walk(depth: np.ndarray, start: int, step: int, level: float) -> int | None:
    """First index from ``start`` in direction ``step`` where depth <= level."""
    i = start
    while 0 <= i < len(depth):
        if np.isfinite(depth[i]) and depth[i] <= level:
            return i
        i += step
    return None


def detect_reps(times_s: np.ndarray, depth: np.ndarray, settings: RepSettings = RepSettings()) -> list[Rep]:
    """Reps found in a depth series (NaN where unknown)."""
    if len(depth) < 3 or not np.isfinite(depth).any():
        return []
    dt = float(np.median(np.diff(times_s))) if len(times_s) > 1 else 1.0
    filled = np.where(np.isfinite(depth), depth, 0.0)
    peaks, _ = find_peaks(filled, prominence=settings.min_depth, height=settings.min_depth,
                          distance=max(1, int(settings.min_interval_s / max(dt, 1e-6))))
    reps: list[Rep] = []
    last_end = -1
    for peak in peaks:
        level = settings.top_fraction * depth[peak]
        start = _walk(depth, peak, -1, level)
        end = _walk(depth, peak, +1, level)
        complete = start is not None and end is not None and start >= last_end
        start = start if start is not None else max(last_end, 0)
        end = end if end is not None else len(depth) - 1
        reps.append(Rep(len(reps) + 1, int(start), int(peak), int(end), float(depth[peak]), bool(complete)))
        last_end = end
    return reps
