"""A knee position that follows the picture: the pixel flow around the knee, anchored while standing.

Benchmark code, not shipped: measured against the model's own knee it lost (README, "A knee
that follows the pixels"); kept so that ``detection_limit.py`` can show why.

BlazePose's knee follows only part of an unusual knee path: its learned prior pulls
the knee back toward typical shapes. The pixels do not have that prior. Between two
standing phases (one rep), the knee's horizontal position is carried from frame to
frame by the optical flow measured around it (``groundup.pose.knee_flow``), starting
at the model's landmark while standing, where a straight leg is placed well. At the
next standing phase the followed point should meet the landmark again; the mismatch
is drift, spread linearly over the rep (loop closure). Where the flow cannot be
trusted (pixels lost, the knees too close to tell apart, large drift) the rep keeps
the landmark, and the reason is kept for the evidence. Only x is refined (the
direction a knee caves in; the leg's vertical edges pin it well); y stays the landmark's.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

import numpy as np

from groundup.pose.landmarks import INDEX, SIDES
from groundup.signals.filtering import FilterSettings, lowpass_zero_phase, nan_runs
from knee_flow import FLOW_JOINTS, GRID_ROWS, KneeFlow

ROW_SPREAD = 0.25  # shank lengths: rows of the flow grid weigh by a Gaussian of their height off the knee
ROW_WEIGHTS = np.exp(-0.5 * (GRID_ROWS / ROW_SPREAD) ** 2)


@dataclass(frozen=True)
class RefineSettings:
    """When to trust the flow. Figures from the benchmark's 84 clips (2 real squats, edited and not):
    forward-backward error median 0.003 px, 99th percentile 1.2 px over 447 000 grid points;
    loop-closure mismatch at most 0.07 shank lengths on the unedited clips, 0.11 on the edited;
    the knees of the unedited clips never closer than 0.78 shank lengths."""

    max_flow_error_px: float = 0.5  # forward-backward error over which a grid point is dropped
    max_drift: float = 0.15  # shank lengths of loop-closure mismatch over which a rep keeps the landmark
    min_knee_gap: float = 0.5  # shank lengths between the knees: under it the other knee is in the 0.5-wide window


@dataclass(frozen=True)
class Stretch:
    """One run of frames between standing phases on one side, and whether the flow was used there."""

    side: str
    start: int  # first frame off the standing anchor
    stop: int  # the standing frame that closes the loop (exclusive)
    refined: bool
    drift: float  # loop-closure mismatch, shank lengths (NaN when not closed)
    reason: str = ""  # why the landmark was kept

    def as_dict(self) -> dict:
        return {"side": self.side, "start": self.start, "stop": self.stop, "refined": self.refined,
                "drift": None if not np.isfinite(self.drift) else round(self.drift, 4), "reason": self.reason}


@dataclass
class KneeRefinement:
    """Where the knee x came from the pixel flow, and why not elsewhere."""

    refined: dict[str, np.ndarray]  # (T,) bool per side
    stretches: list[Stretch] = field(default_factory=list)
    note: str = ""  # set when nothing could be refined at all

    def reasons(self, side: str) -> list[str]:
        """Why some of ``side``'s reps kept the model's landmark (empty: every rep was refined)."""
        return [s.reason for s in self.stretches if s.side == side and not s.refined] or (
            [self.note] if self.note else [])


def refine_knees(flow: KneeFlow | None, times_s: np.ndarray, raw_xy: np.ndarray, xy: np.ndarray, depth: np.ndarray,
                 standing: np.ndarray, shank: dict[str, float], settings: RefineSettings,
                 fs: FilterSettings) -> tuple[np.ndarray, np.ndarray, KneeRefinement]:
    """Copies of the masked ``raw_xy`` and cleaned ``xy`` with each knee's x following the pixel flow
    from one standing phase to the next (the same correction added to both, so their difference,
    the tracking jitter, is unchanged). Each standing run of frames is anchored at its
    shallowest ``depth``."""
    raw_out, out = np.array(raw_xy, dtype=float, copy=True), np.array(xy, dtype=float, copy=True)
    no_flow = {s: np.zeros(len(xy), dtype=bool) for s in SIDES}
    if flow is None:
        return raw_out, out, KneeRefinement(no_flow, note="the pixel motion around the knees was not measured")
    result = KneeRefinement(no_flow)
    anchors = anchor_frames(depth, standing)
    for side in SIDES:
        knee = INDEX[f"{side}_knee"]
        other = INDEX[f"{'right' if side == 'left' else 'left'}_knee"]
        gap = np.abs(xy[:, knee, 0] - xy[:, other, 0]) / shank[side]
        correction = np.zeros(len(xy))
        for start, stop in stretches_between(anchors, standing):
            stretch, path = follow_stretch(flow, side, xy[:, knee, 0], gap, start, stop,
                                           shank[side], settings)
            result.stretches.append(stretch)
            if stretch.refined:
                correction[start:stop] = path - xy[start:stop, knee, 0]
                result.refined[side][start:stop] = True
        smooth = lowpass_zero_phase(times_s, correction, fs.cutoff_hz, fs.order)
        out[:, knee, 0] += smooth
        raw_out[:, knee, 0] += smooth
    return raw_out, out, result


def anchor_frames(depth: np.ndarray, standing: np.ndarray) -> list[int]:
    """The shallowest frame of each run of standing frames."""
    return [int(a + np.nanargmin(depth[a:b])) for a, b in nan_runs(standing)]


def stretches_between(anchors: list[int], standing: np.ndarray) -> list[tuple[int, int]]:
    """(start, stop) frame ranges to follow: between consecutive anchors, and before the first and
    after the last anchor when the clip starts or ends away from standing."""
    n = len(standing)
    if not anchors:
        return [(0, n)] if n and not standing.all() else []
    ranges = [(a + 1, b) for a, b in itertools.pairwise(anchors) if b - a > 1]
    if not standing[:anchors[0]].all():
        ranges.insert(0, (0, anchors[0]))
    if not standing[anchors[-1] + 1:].all():
        ranges.append((anchors[-1] + 1, n))
    return ranges


def follow_stretch(flow: KneeFlow, side: str, knee_x: np.ndarray, gap: np.ndarray, start: int, stop: int,
                   shank: float, settings: RefineSettings) -> tuple[Stretch, np.ndarray]:
    """The knee x over frames ``start..stop-1`` carried by the flow from the landmark at ``start-1``
    and closed on the landmark at ``stop``; the stretch says whether to use it."""
    def keep(reason: str, drift: float = float("nan")) -> tuple[Stretch, np.ndarray]:
        return Stretch(side, start, stop, False, drift, reason), np.empty(0)

    if start == 0 or stop >= len(knee_x):
        return keep("the clip starts or ends away from standing, so the followed knee cannot be checked")
    if not np.isfinite(knee_x[[start - 1, stop]]).all():
        return keep("the knee was not seen while standing, so the followed knee cannot be anchored")
    joint = FLOW_JOINTS.index(f"{side}_knee")
    x = np.empty(stop - start + 2)
    x[0] = knee_x[start - 1]
    for k, t in enumerate(range(start, stop + 1), 1):
        step = flow_step(flow.points[t, joint], flow.moved[t, joint], flow.error[t, joint], x[k - 1],
                         settings.max_flow_error_px)
        if not np.isfinite(step):
            return keep(f"the pixels around the knee were lost at frame {t} (low contrast, blur or hidden)")
        x[k] = x[k - 1] + step
    close = np.nanmin(gap[start:stop]) if np.isfinite(gap[start:stop]).any() else np.inf
    if close < settings.min_knee_gap:
        return keep(f"the knees came within {close:.2f} shank lengths of each other, too close to follow apart")
    drift_px = x[-1] - knee_x[stop]
    drift = drift_px / shank
    if abs(drift) > settings.max_drift:
        return keep(f"the followed knee drifted {abs(drift):.2f} shank lengths from the model's by the next "
                    "standing phase", drift)
    ramp = np.arange(1, stop - start + 1) / (stop - start + 1)
    return Stretch(side, start, stop, True, drift), x[1:-1] - drift_px * ramp


def flow_step(points: np.ndarray, moved: np.ndarray, error: np.ndarray, x: float, max_error_px: float) -> float:
    """Horizontal motion at image column ``x`` of one knee's (R, C) flow grid, NaN when not measured there.

    In each grid row the motion is interpolated between the two columns either side of
    ``x`` (both must be measured, forward-backward error within ``max_error_px``); the
    rows are averaged with weights falling off with their height above or below the knee.
    """
    good = np.isfinite(moved[..., 0]) & (error <= max_error_px)
    total = weight = 0.0
    for r in range(points.shape[0]):
        xs = points[r, :, 0]
        right = int(np.searchsorted(xs, x))
        if right == 0 or right >= len(xs) or not (good[r, right - 1] and good[r, right]):
            continue
        share = (x - xs[right - 1]) / (xs[right] - xs[right - 1])
        dx = (1 - share) * moved[r, right - 1, 0] + share * moved[r, right, 0]
        total += ROW_WEIGHTS[r] * dx
        weight += ROW_WEIGHTS[r]
    return total / weight if weight > 0 else float("nan")
