"""Confidence masking, short-gap filling and zero-phase low-pass filtering.

Defaults follow common practice for human movement from video: a 4th-order
Butterworth low-pass at 6 Hz applied forwards and backwards (zero phase), as in
Sports2D/Pose2Sim and the biomechanics literature (Winter, *Biomechanics and
Motor Control of Human Movement*).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from scipy.signal import butter, sosfiltfilt


@dataclass(frozen=True)
class FilterSettings:
    """How landmark signals are cleaned; see ``data/thresholds.toml`` [signals]."""

    min_visibility: float = 0.5
    max_gap_s: float = 0.25
    cutoff_hz: float = 6.0
    order: int = 4


def mask_low_confidence(xy: np.ndarray, visibility: np.ndarray, valid: np.ndarray,
                        min_visibility: float) -> np.ndarray:
    """Copy of ``xy`` (T, K, D) with NaN where visibility is low or the frame is invalid."""
    out = np.array(xy, dtype=float, copy=True)
    out[visibility < min_visibility] = np.nan
    out[~valid] = np.nan
    return out


def nan_runs(missing: np.ndarray) -> list[tuple[int, int]]:
    """(start, stop) index pairs of consecutive True values in a 1-D mask."""
    padded = np.concatenate([[False], missing, [False]]).astype(int)
    edges = np.flatnonzero(np.diff(padded))
    return list(zip(edges[::2], edges[1::2]))


def fill_short_gaps(times_s: np.ndarray, values: np.ndarray, max_gap_s: float) -> np.ndarray:
    """Linearly interpolate interior NaN gaps no longer than ``max_gap_s`` in a 1-D series."""
    out = np.array(values, dtype=float, copy=True)
    for start, stop in nan_runs(np.isnan(out)):
        if start == 0 or stop == len(out):
            continue
        if times_s[stop] - times_s[start - 1] > max_gap_s:
            continue
        out[start:stop] = np.interp(times_s[start:stop], times_s[[start - 1, stop]], out[[start - 1, stop]])
    return out


@lru_cache(maxsize=32)
def _butter_sos(order: int, cutoff_hz: float, dt: float) -> np.ndarray:
    return butter(order, cutoff_hz * 2.0 * dt, output="sos")


def lowpass_zero_phase(times_s: np.ndarray, values: np.ndarray, cutoff_hz: float, order: int) -> np.ndarray:
    """Butterworth low-pass run forwards and backwards on each NaN-free stretch.

    ``values`` is (T,) or (T, K) with the same NaN rows in every column. Variable
    frame rate is handled by resampling each stretch to a uniform grid at the
    median frame interval, filtering there and sampling back at the real times.
    Stretches too short to filter are returned unfiltered.
    """
    out = np.array(values, dtype=float, copy=True)
    cols = out.reshape(len(out), -1)
    for start, stop in nan_runs(~np.isnan(cols).any(axis=1)):
        t = times_s[start:stop]
        if len(t) < 3:
            continue
        dt = float(np.median(np.diff(t)))
        if dt <= 0 or cutoff_hz >= 0.5 / dt:
            continue
        grid = np.arange(t[0], t[-1] + dt / 2, dt)
        sos = _butter_sos(order, cutoff_hz, dt)
        padlen = min(3 * (2 * len(sos) + 1), len(grid) - 1)
        if padlen < 1:
            continue
        resampled = np.stack([np.interp(grid, t, c) for c in cols[start:stop].T], axis=1)
        smooth = sosfiltfilt(sos, resampled, axis=0, padlen=padlen)
        cols[start:stop] = np.stack([np.interp(t, grid, c) for c in smooth.T], axis=1)
    return out


def clean_series(times_s: np.ndarray, xy: np.ndarray, settings: FilterSettings) -> np.ndarray:
    """Gap-fill then low-pass every column of a (T, ...) array that is already masked.

    Columns sharing a pattern of missing frames are filtered together.
    """
    flat = xy.reshape(len(xy), -1)
    filled = np.stack([fill_short_gaps(times_s, flat[:, j], settings.max_gap_s) for j in range(flat.shape[1])],
                      axis=1) if flat.size else flat.astype(float)
    out = np.empty_like(filled)
    groups: dict[bytes, list[int]] = {}
    for j in range(filled.shape[1]):
        groups.setdefault(np.packbits(np.isnan(filled[:, j])).tobytes(), []).append(j)
    for cols in groups.values():
        out[:, cols] = lowpass_zero_phase(times_s, filled[:, cols], settings.cutoff_hz, settings.order)
    return out.reshape(xy.shape)
