"""Causal cleaning of one frame's landmarks: confidence masking and a time-based low-pass.

The offline pipeline filters forwards and backwards (zero phase); a live stream only has
the past, so each landmark follows a one-pole low-pass at the same cut-off
(``signals.cutoff_hz``), whose step adapts to the time between frames (dropped frames
leave longer steps).
"""

from __future__ import annotations

import math

import numpy as np

from groundup.pose.estimator import FramePose
from groundup.signals.filtering import mask_low_confidence


class LandmarkSmoother:
    """One-pole low-pass of image and world landmarks, restarted after a gap longer than ``max_gap_s``."""

    def __init__(self, cutoff_hz: float, min_visibility: float, max_gap_s: float) -> None:
        self.cutoff_hz, self.min_visibility, self.max_gap_s = cutoff_hz, min_visibility, max_gap_s
        self._xy: np.ndarray | None = None
        self._world: np.ndarray | None = None
        self._last_s = -math.inf

    def update(self, pose: FramePose, time_s: float) -> tuple[np.ndarray, np.ndarray]:
        """Smoothed (33, 2) pixels and (33, 3) metres for this frame, NaN where the landmark is not seen."""
        valid = np.ones(1, dtype=bool)
        xy = mask_low_confidence(pose.image_xy[None], pose.visibility[None], valid, self.min_visibility)[0]
        world = mask_low_confidence(pose.world_xyz[None], pose.visibility[None], valid, self.min_visibility)[0]
        dt = time_s - self._last_s
        self._last_s = time_s
        if self._xy is None or self._world is None or dt > self.max_gap_s:
            self._xy, self._world = xy, world
        else:
            share = 1.0 - math.exp(-2.0 * math.pi * self.cutoff_hz * max(dt, 0.0))
            self._xy = _blend(self._xy, xy, share)
            self._world = _blend(self._world, world, share)
        return self._xy.copy(), self._world.copy()


def _blend(state: np.ndarray, new: np.ndarray, share: float) -> np.ndarray:
    """``state`` moved ``share`` of the way to ``new``; restarted where either is unknown, NaN where new is."""
    out = np.where(np.isfinite(state), state + share * (new - state), new)
    return np.where(np.isfinite(new), out, np.nan)
