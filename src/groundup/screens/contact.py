"""Small pure helpers for screens that time foot contacts: landing and gait.

Feet are read in the image (x right, y down). Heights and speeds are scaled by the
person's own size so that the same cut-offs hold near and far from the camera.
"""

from __future__ import annotations

import numpy as np

from groundup.metrics.geometry import joint
from groundup.signals.filtering import FilterSettings, clean_series, nan_runs

FOOT_POINTS = ("ankle", "heel", "foot_index")


def foot_bottom_y(xy: np.ndarray, side: str) -> np.ndarray:
    """Lowest image point of ``side``'s foot per frame (largest y of ankle, heel and toe)."""
    ys = np.stack([joint(xy, side, j)[:, 1] for j in FOOT_POINTS], axis=1)
    out = np.full(len(xy), np.nan)
    seen = np.isfinite(ys).any(axis=1)
    out[seen] = np.nanmax(ys[seen], axis=1)
    return out


def mid(xy: np.ndarray, name: str) -> np.ndarray:
    """(T, 2) midpoint of the left and right ``name`` landmarks."""
    return (joint(xy, "left", name) + joint(xy, "right", name)) / 2.0


def torso_px(xy: np.ndarray) -> np.ndarray:
    """Shoulder-centre to hip-centre length per frame, pixels."""
    return np.linalg.norm(mid(xy, "shoulder") - mid(xy, "hip"), axis=1)


def rolling_median(values: np.ndarray, window: int) -> np.ndarray:
    """Centred running median ignoring NaN (NaN where a window holds no value)."""
    half = max(window // 2, 0)
    out = np.full(len(values), np.nan)
    for i in range(len(values)):
        seg = values[max(0, i - half):i + half + 1]
        seg = seg[np.isfinite(seg)]
        if seg.size:
            out[i] = float(np.median(seg))
    return out


def event_series(times_s: np.ndarray, raw: np.ndarray, max_gap_s: float, cutoff_hz: float) -> np.ndarray:
    """A masked landmark series bridged over short gaps and lightly low-passed for event timing.

    The measures use the 6 Hz filter; a landing's impact is sharper than that, so events are
    timed on a higher cut-off (the filter is skipped when the cut-off reaches the Nyquist rate).
    """
    return clean_series(times_s, raw, FilterSettings(0.0, max_gap_s, cutoff_hz, 4))


def speed(times_s: np.ndarray, xy: np.ndarray) -> np.ndarray:
    """Image speed of a (T, 2) point path, pixels per second (NaN where unknown)."""
    if len(times_s) < 2:
        return np.full(len(times_s), np.nan)
    v = np.stack([np.gradient(xy[:, k], times_s) for k in range(xy.shape[1])], axis=1)
    return np.linalg.norm(v, axis=1)


def runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """(start, stop) index pairs of consecutive True values (stop exclusive)."""
    return [(int(a), int(b)) for a, b in nan_runs(np.asarray(mask, dtype=bool))]


def hysteresis(low_is_on: np.ndarray, on_below: float, off_above: float) -> np.ndarray:
    """State that turns on when the signal drops below ``on_below`` and off above ``off_above``.

    NaN keeps the previous state; the start state is on when the first finite value is below
    the midpoint of the two levels.
    """
    state = np.zeros(len(low_is_on), dtype=bool)
    finite = low_is_on[np.isfinite(low_is_on)]
    on = bool(finite.size and finite[0] < (on_below + off_above) / 2)
    for i, v in enumerate(low_is_on):
        if np.isfinite(v):
            if on and v > off_above:
                on = False
            elif not on and v < on_below:
                on = True
        state[i] = on
    return state


def drop_short_runs(mask: np.ndarray, min_len: int, value: bool) -> np.ndarray:
    """Copy of ``mask`` with runs of ``value`` shorter than ``min_len`` frames flipped."""
    out = np.array(mask, dtype=bool, copy=True)
    for a, b in runs(out == value):
        if b - a < min_len:
            out[a:b] = not value
    return out


def first_true(mask: np.ndarray, start: int, stop: int | None = None) -> int | None:
    """First index in [start, stop) where ``mask`` is True, or None."""
    hit = np.flatnonzero(mask[start:stop])
    return int(start + hit[0]) if hit.size else None


def frames_for(seconds: float, times_s: np.ndarray) -> int:
    """How many frames ``seconds`` span at the clip's median frame interval (at least 1)."""
    dt = float(np.median(np.diff(times_s))) if len(times_s) > 1 else 1.0
    return max(1, round(seconds / max(dt, 1e-6)))


def floor_level(bottom_y: np.ndarray, still: np.ndarray, band_px: float) -> float:
    """Image y of the floor: the median foot bottom over still frames in the lowest cluster.

    The lowest cluster (within ``band_px`` of the 95th percentile) excludes a box or step the
    person stood on, which sits higher in the picture.
    """
    y = bottom_y[still & np.isfinite(bottom_y)]
    if y.size == 0:
        y = bottom_y[np.isfinite(bottom_y)]
    if y.size == 0:
        return float("nan")
    low = np.percentile(y, 95)
    return float(np.median(y[y >= low - band_px]))


def trunk_lean_deg(xy: np.ndarray) -> np.ndarray:
    """Sideways lean of the trunk in the picture, degrees from vertical (+ = shoulders to the image right)."""
    up = mid(xy, "shoulder") - mid(xy, "hip")
    return np.degrees(np.arctan2(up[:, 0], -up[:, 1]))


def pair_width(xy: np.ndarray, name: str) -> np.ndarray:
    """Image distance between the left and right ``name`` landmarks, pixels."""
    return np.linalg.norm(joint(xy, "left", name) - joint(xy, "right", name), axis=1)
