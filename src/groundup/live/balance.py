"""Single-leg balance, live: seconds held on each leg and the standing knee's collapses.

A foot is lifted when it rises ``single_leg.lift_on`` shank lengths above both its standing
height and the other foot, and down again below ``single_leg.lift_off`` (the offline stance
rule, ``screens.stance``); a lift shorter than ``single_leg.min_stance_s`` is a step, not a
hold. While on one leg, the standing knee's inward change against standing is read along the
hip line of standing on both feet (a dropping pelvis does not tilt it, as offline); a
collapse is that change staying past ``knee.valgus_mild`` for ``balance.min_collapse_s``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from groundup.live.calibrate import Standing
from groundup.live.cues import Cue, knee_cue
from groundup.metrics.knee import knee_medial_offset
from groundup.pose.landmarks import SIDES, other
from groundup.screens.stance import foot_y
from groundup.thresholds import Thresholds


@dataclass(frozen=True)
class Hold:
    """One stretch on one leg (``side`` stands)."""

    side: str
    start_s: float
    held_s: float
    collapses: int

    def as_dict(self) -> dict:
        return {"side": self.side, "start_s": round(self.start_s, 3), "held_s": round(self.held_s, 2),
                "collapses": self.collapses}


def clearance(xy: np.ndarray, standing: Standing) -> dict[str, float]:
    """How far each foot is above its standing height and above the other foot, in its shank lengths."""
    y = {s: float(foot_y(xy[None], s)[0]) for s in SIDES}
    return {s: min(standing.foot_y[s] - y[s], y[other(s)] - y[s]) / standing.scale.shank[s] for s in SIDES}


class BalanceTracker:
    """Follows lifts, hold time and collapses frame by frame."""

    def __init__(self, th: Thresholds, standing: Standing) -> None:
        self.th, self.standing = th, standing
        self.holds: list[Hold] = []
        self.side: str | None = None  # the standing leg of the hold under way
        self._start = self._collapse_since = float("nan")
        self._collapses = 0

    def held_s(self, time_s: float) -> float:
        return time_s - self._start if self.side else 0.0

    def knee_change(self, xy: np.ndarray, side: str) -> float:
        """Inward change of ``side``'s knee against standing, on the standing hip line (shank lengths)."""
        axis = self.standing.medial[side][None]
        now = knee_medial_offset(xy[None], side, self.standing.scale.shank[side], axis)[0]
        return float(now - self.standing.measures[f"{side}_knee_medial_offset"])

    def add(self, time_s: float, xy: np.ndarray) -> tuple[Hold | None, list[Cue]]:
        """The hold this frame ended (if any) and any knee cue."""
        lift = clearance(xy, self.standing)
        if self.side is None:
            up = [s for s in SIDES if lift[s] >= self.th.value("single_leg.lift_on")]
            if up:
                self.side, self._start, self._collapses = other(up[0]), time_s, 0
                self._collapse_since = float("nan")
            return None, []
        if not lift[other(self.side)] <= self.th.value("single_leg.lift_off"):
            return None, self._collapse(time_s, xy, self.side)
        side, held = self.side, time_s - self._start
        self.side = None
        if held < self.th.value("single_leg.min_stance_s"):
            return None, []
        self.holds.append(Hold(side, self._start, held, self._collapses))
        return self.holds[-1], []

    def _collapse(self, time_s: float, xy: np.ndarray, side: str) -> list[Cue]:
        change = self.knee_change(xy, side)
        if not change >= self.th.value("knee.valgus_mild"):
            self._collapse_since = float("nan")
            return []
        if np.isnan(self._collapse_since):
            self._collapse_since = time_s
            return []
        if time_s - self._collapse_since >= self.th.value("balance.min_collapse_s") and self._collapse_since < np.inf:
            self._collapses += 1
            self._collapse_since = np.inf  # counted: wait for the knee to come back out
            return [knee_cue(time_s, side, len(self.holds) + 1, change)]
        return []
