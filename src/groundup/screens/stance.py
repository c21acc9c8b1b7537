"""Which foot is off the floor: single-leg stance phases from a front-view track.

Pure functions shared by the single-leg screens (single-leg squat, balance; gait and
landing may reuse them). A foot's *clearance* is how far its ankle/heel sits above the
floor, in shank lengths (image y grows downward):

- above its own floor level (the lowest the foot is seen in the clip), and
- above the other foot,

taking the smaller of the two, so that a foot placed further from the camera (higher in
the picture) or a whole-body drift toward the camera does not read as a lift. A stance on
``side`` is a stretch where the *other* foot's clearance rises above ``lift_on`` and stays
above ``lift_off`` (hysteresis), lasting at least ``min_duration_s``; lift-off and
touch-down are placed where the clearance crosses ``lift_off``.

Limitation: the foot must be seen on the floor somewhere in the clip (its floor level), and
the free foot must be *above* the standing foot (a step-down whose free foot hangs below
the box is not recognised).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from groundup.pose.landmarks import SIDES, idx, other


@dataclass(frozen=True)
class StanceSettings:
    """Stance detection limits (thresholds.toml [single_leg.*])."""

    lift_on: float = 0.25  # shank lengths of clearance: the free foot is clearly off the floor
    lift_off: float = 0.10  # back below this: the free foot touched down
    min_duration_s: float = 0.3  # shorter lifts are steps or jitter, not a stance
    max_unseen_s: float = 0.25  # a longer run of unmeasured frames ends the stance ("lost")
    floor_percentile: float = 95.0  # a foot's floor level: its lowest position in the clip


@dataclass(frozen=True)
class Stance:
    """One stretch on one leg: ``side`` stands while the other foot is off the floor.

    ``lift_off`` is the first frame the free foot is off, ``touch_down`` the first frame it
    is back (or the first unseen / last frame when the stance did not end with a touch-down).
    ``started``: "lift-off" or "clip start"; ``ended``: "touch-down", "clip end" or "lost".
    """

    side: str
    lift_off: int
    touch_down: int
    started: str
    ended: str

    @property
    def free_side(self) -> str:
        return other(self.side)

    @property
    def complete(self) -> bool:
        """Both lift-off and touch-down were seen."""
        return self.started == "lift-off" and self.ended == "touch-down"

    @property
    def frames(self) -> np.ndarray:
        """Frame indices of the stance (lift-off up to, not including, touch-down)."""
        return np.arange(self.lift_off, self.touch_down)

    def duration_s(self, times_s: np.ndarray) -> float:
        """Seconds from lift-off to touch-down (to the last frame seen when it did not end)."""
        end = self.touch_down if self.ended == "touch-down" else max(self.touch_down - 1, self.lift_off)
        return float(times_s[end] - times_s[self.lift_off])


def foot_y(xy: np.ndarray, side: str) -> np.ndarray:
    """Image height of ``side``'s foot per frame: the mean of ankle and heel y (either alone if one is missing)."""
    ankle, heel = xy[:, idx(side, "ankle"), 1], xy[:, idx(side, "heel"), 1]
    either = np.where(np.isfinite(ankle), ankle, heel)
    return np.where(np.isfinite(ankle) & np.isfinite(heel), (ankle + heel) / 2, either)


def floor_levels(xy: np.ndarray, valid: np.ndarray, percentile: float = 95.0) -> dict[str, float]:
    """Each foot's floor level: a high percentile of its image y over valid frames (lowest position)."""
    out = {}
    for side in SIDES:
        y = foot_y(xy, side)[valid]
        y = y[np.isfinite(y)]
        out[side] = float(np.percentile(y, percentile)) if y.size else float("nan")
    return out


def foot_clearance(xy: np.ndarray, valid: np.ndarray, shank: float,
                   percentile: float = 95.0) -> dict[str, np.ndarray]:
    """Per side, how far the foot is above the floor, in shank lengths (NaN where not measured).

    The smaller of the height over its own floor level and the height over the other foot.
    """
    floor = floor_levels(xy, valid, percentile)
    y = {s: np.where(valid, foot_y(xy, s), np.nan) for s in SIDES}
    return {s: np.fmin(floor[s] - y[s], y[other(s)] - y[s]) / shank if np.isfinite(floor[s])
            else np.full(len(xy), np.nan)
            for s in SIDES}


def lifted_runs(clearance: np.ndarray, on: float, off: float) -> list[tuple[int, int, bool, bool]]:
    """Runs where ``clearance`` rose above ``on`` and stayed above ``off`` (hysteresis).

    Returns (first, stop, seen_rising, seen_falling): ``first`` and ``stop`` are where the
    clearance crosses ``off`` on the way up and down (``stop`` excluded). Unmeasured (NaN)
    frames keep the current state. ``seen_rising`` is False when the run is already up at the
    first measured frame, ``seen_falling`` False when it is still up at the end.
    """
    runs: list[tuple[int, int, bool, bool]] = []
    finite = np.flatnonzero(np.isfinite(clearance))
    if finite.size == 0:
        return runs
    up, start, rising = False, 0, True
    last_low = -1  # last measured frame at or below ``off``
    for i in finite:
        c = clearance[i]
        if not up and c >= on:
            up, start = True, last_low + 1 if last_low >= 0 else int(finite[0])
            rising = last_low >= 0
        elif up and c <= off:
            runs.append((start, int(i), rising, True))
            up = False
        if c <= off:
            last_low = int(i)
    if up:
        runs.append((start, int(finite[-1]) + 1, rising, False))
    return runs


def _split_unseen(start: int, stop: int, seen: np.ndarray, max_unseen: int) -> tuple[int, bool]:
    """Where a run must end because the foot went unseen for more than ``max_unseen`` frames."""
    gap = 0
    for i in range(start, stop):
        gap = 0 if seen[i] else gap + 1
        if gap > max_unseen:
            return i - gap + 1, True
    return stop, False


def find_stances(times_s: np.ndarray, clearance: dict[str, np.ndarray],
                 settings: StanceSettings = StanceSettings()) -> list[Stance]:
    """Single-leg stances in time order, from each foot's clearance (see ``foot_clearance``)."""
    n = len(times_s)
    if n < 2:
        return []
    dt = float(np.median(np.diff(times_s)))
    max_unseen = max(1, round(settings.max_unseen_s / max(dt, 1e-6)))
    stances = []
    for free in SIDES:
        c = clearance[free]
        seen = np.isfinite(c)
        for first, stop, rising, falling in lifted_runs(c, settings.lift_on, settings.lift_off):
            end, lost = _split_unseen(first, stop, seen, max_unseen)
            lost = lost or (not falling and n - end > max_unseen)  # unseen from there to the clip's end
            ended = "lost" if lost else "touch-down" if falling else "clip end"
            started = "lift-off" if rising else "clip start"
            stance = Stance(other(free), first, min(end, n - 1) if ended == "touch-down" else end, started, ended)
            if stance.duration_s(times_s) >= settings.min_duration_s:
                stances.append(stance)
    return sorted(stances, key=lambda s: s.lift_off)


def stance_mask(n: int, stances: list[Stance], side: str | None = None) -> np.ndarray:
    """Frames inside any stance (on ``side`` when given)."""
    mask = np.zeros(n, dtype=bool)
    for s in stances:
        if side is None or s.side == side:
            mask[s.lift_off:s.touch_down] = True
    return mask
