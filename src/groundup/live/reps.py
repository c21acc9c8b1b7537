"""Reps of a live stream, found and judged with the offline definitions.

Frames since the end of the last rep are kept; after each new frame the offline rep
finder (``signals.reps.detect_reps``) runs over them, and a rep counts once it has ended
(the hip back near the top). Its summary is ``rep_summary.summarise_reps`` against the
standing baseline, and it is judged by the two knee criteria of the offline verdict
(``findings.verdicts``: change against standing, and position over the foot for deep reps).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from groundup.findings.verdicts import knee_checks
from groundup.live.calibrate import Standing
from groundup.metrics.frame_measures import BodyScale, compute_frame_measures
from groundup.metrics.rep_summary import RepSummary, summarise_reps
from groundup.pose.landmarks import SIDES
from groundup.signals.reps import Rep, RepSettings, detect_reps
from groundup.thresholds import Thresholds

MAX_KEPT_S = 30.0  # a rep longer than this is not waited for: older frames are let go


@dataclass(frozen=True)
class LiveRep:
    """One finished rep: the offline summary, and per side whether each knee criterion fired."""

    number: int
    start_s: float
    bottom_s: float
    end_s: float
    depth: float
    summary: RepSummary
    caved: dict[str, bool]
    values: dict[str, dict[str, float]]  # side -> knee_shift, knee_inside_foot (NaN when not judged)

    def as_dict(self) -> dict:
        return {"rep": self.number, "start_s": round(self.start_s, 3), "bottom_s": round(self.bottom_s, 3),
                "end_s": round(self.end_s, 3), "depth": round(self.depth, 3), "caved": self.caved,
                "values": {s: {k: None if not np.isfinite(v) else round(v, 4) for k, v in vals.items()}
                           for s, vals in self.values.items()}}


@dataclass
class RepBuffer:
    """Frames since the last rep ended: times, hip depth, validity and the smoothed landmarks."""

    times: list[float] = field(default_factory=list)
    depth: list[float] = field(default_factory=list)
    valid: list[bool] = field(default_factory=list)
    xy: list[np.ndarray] = field(default_factory=list)
    world: list[np.ndarray] = field(default_factory=list)

    def add(self, time_s: float, depth: float, xy: np.ndarray, world: np.ndarray) -> None:
        self.times.append(time_s)
        self.depth.append(depth)
        self.valid.append(bool(np.isfinite(depth)))
        self.xy.append(xy)
        self.world.append(world)

    def drop_before(self, index: int) -> None:
        for series in (self.times, self.depth, self.valid, self.xy, self.world):
            del series[:index]

    def columns(self, scale: BodyScale) -> dict[str, np.ndarray]:
        """Every offline frame measure over the kept frames (one vectorised ``compute_frame_measures``)."""
        return compute_frame_measures(np.stack(self.xy), np.stack(self.world), scale)


class RepCounter:
    """Counts and judges reps as frames arrive."""

    def __init__(self, settings: RepSettings, th: Thresholds, standing: Standing) -> None:
        self.settings, self.th, self.standing = settings, th, standing
        self.buffer = RepBuffer()
        self.count = 0

    def add(self, time_s: float, depth: float, xy: np.ndarray, world: np.ndarray) -> LiveRep | None:
        """Add a frame (``depth`` NaN: not measured); the rep it finished, if any."""
        self.buffer.add(time_s, depth, xy, world)
        times, depths = np.array(self.buffer.times), np.array(self.buffer.depth, dtype=float)
        done = [r for r in detect_reps(times, depths, self.settings) if r.complete]
        if not done:
            if times[-1] - times[0] > MAX_KEPT_S:
                self.buffer.drop_before(len(times) // 2)
            return None
        rep = done[0]
        self.count += 1
        live = self._judge(Rep(self.count, rep.start, rep.bottom, rep.end, rep.depth, True), times, depths,
                           np.array(self.buffer.valid, dtype=bool), self.buffer.columns(self.standing.scale))
        self.buffer.drop_before(rep.end)
        return live

    def _judge(self, rep: Rep, times: np.ndarray, depth: np.ndarray, valid: np.ndarray,
               cols: dict[str, np.ndarray]) -> LiveRep:
        summary = summarise_reps(cols, [rep], depth, valid, self.standing.measures)[0]
        caved: dict[str, bool] = {}
        values: dict[str, dict[str, float]] = {}
        for side in SIDES:
            checks = knee_checks(side, [summary], times, self.th) if side in summary.side else []
            caved[side] = any(c.fired for c in checks)
            values[side] = {c.name: float(c.values[0]) if c.values.size else float("nan") for c in checks}
        return LiveRep(rep.number, float(times[rep.start]), float(times[rep.bottom]), float(times[rep.end]),
                       rep.depth, summary, caved, values)
