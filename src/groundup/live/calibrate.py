"""The standing baseline of a live stream: taken while the person stands still in view.

Until it is taken, nothing is judged: the person is told to step into view, to step
back when the feet are out of the picture, or to stand still. Once every leg landmark
has stayed within ``STILL_SHANKS`` of where it was for ``STILL_S``, the frames of that
second give the body scale (``compute_body_scale``), the standing measures (the same
``rep_summary.baseline`` median the offline screens take over standing frames) and the
hip's standing height that rep depth is measured from.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

import numpy as np

from groundup.metrics.frame_measures import BodyScale, compute_body_scale, compute_frame_measures
from groundup.metrics.geometry import standing_medial_unit
from groundup.metrics.rep_summary import baseline
from groundup.pose.landmarks import INDEX, LOWER_LIMB, SIDES
from groundup.screens.stance import foot_y

STILL_S = 1.0  # seconds of standing still that make the baseline
STILL_SHANKS = 0.12  # how far any leg landmark may wander while standing still, in shank lengths
EDGE_SHARE = 0.01  # a foot landmark closer than this share of the picture to its edge is out of view
LEG_POINTS = [INDEX[name] for name in LOWER_LIMB]


@dataclass(frozen=True)
class Standing:
    """What standing still gave: scale, standing measures and the hip's standing height (pixels)."""

    scale: BodyScale
    measures: dict[str, float]
    hip_y: float
    frames: int
    foot_y: dict[str, float]  # each foot's height on the floor (pixels): what a lifted foot rises from
    medial: dict[str, np.ndarray]  # each side's medial direction standing on both feet, (2,)


def hip_centre_y(xy: np.ndarray) -> float:
    """Image height of the hip centre (pixels, y down)."""
    return float((xy[INDEX["left_hip"], 1] + xy[INDEX["right_hip"], 1]) / 2)


def legs_in_view(xy: np.ndarray, width: int, height: int) -> bool:
    """Every leg landmark seen and inside the picture."""
    legs = xy[LEG_POINTS]
    if not np.isfinite(legs).all():
        return False
    mx, my = EDGE_SHARE * width, EDGE_SHARE * height
    return bool(((legs[:, 0] >= mx) & (legs[:, 0] <= width - mx) & (legs[:, 1] >= my)
                 & (legs[:, 1] <= height - my)).all())


def _shank_px(xy: np.ndarray) -> float:
    return float(np.mean([np.linalg.norm(xy[INDEX[f"{s}_knee"]] - xy[INDEX[f"{s}_ankle"]]) for s in ("left", "right")]))


class StandingCalibration:
    """Collects frames until the person has stood still on both feet for ``STILL_S``, then gives their
    ``Standing``."""

    def __init__(self, still_s: float = STILL_S, feet_level: float = 0.10) -> None:
        self.still_s, self.feet_level = still_s, feet_level  # feet_level: single_leg.lift_off
        self._recent: deque[tuple[float, np.ndarray, np.ndarray]] = deque()

    def reset(self) -> None:
        self._recent.clear()

    @property
    def held_s(self) -> float:
        """How long the person has stood still so far."""
        return self._recent[-1][0] - self._recent[0][0] if len(self._recent) > 1 else 0.0

    def add(self, time_s: float, xy: np.ndarray, world: np.ndarray) -> Standing | None:
        """Add a frame with the legs in view; the baseline once standing still long enough, else None."""
        unit = _shank_px(xy)
        if abs(foot_y(xy[None], "left")[0] - foot_y(xy[None], "right")[0]) > self.feet_level * unit:
            self._recent.clear()  # one foot is off the floor: the baseline stands on both
            return None
        self._recent.append((time_s, xy, world))
        legs = np.stack([f[1][LEG_POINTS] for f in self._recent])
        drift = np.linalg.norm(legs - legs[-1], axis=2).max(axis=1) / unit
        moved = np.flatnonzero(drift > STILL_SHANKS)
        for _ in range(int(moved[-1]) + 1 if moved.size else 0):
            self._recent.popleft()
        if self.held_s < self.still_s:
            return None
        return self._standing()

    def _standing(self) -> Standing | None:
        xy = np.stack([f[1] for f in self._recent])
        world = np.stack([f[2] for f in self._recent])
        scale = compute_body_scale(xy, world)
        measures = compute_frame_measures(xy, world, scale)
        base = baseline(measures, np.ones(len(xy), dtype=bool))
        if base is None or not np.isfinite(scale.leg) or scale.leg <= 0:
            return None
        hip = float(np.median([hip_centre_y(f) for f in xy]))
        every = np.ones(len(xy), dtype=bool)
        return Standing(scale, base, hip, len(xy), {s: float(np.nanmedian(foot_y(xy, s))) for s in SIDES},
                        {s: standing_medial_unit(xy, s, every)[0].copy() for s in SIDES})
