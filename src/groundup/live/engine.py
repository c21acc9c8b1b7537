"""The streaming engine: one pose and its time in, the joints, knee states, rep phase and cues out.

Pure: no camera, no clock, no model. It measures each frame with the offline knee measures
(``metrics.knee``) against a standing baseline taken while the person stands still (every
offline frame measure is computed for a rep's frames when it ends), judges each knee per
frame with the offline cut-offs (``knee.valgus_mild`` on the
change against standing; ``knee.inside_foot_mild`` on the position over the foot once the
hip is ``knee.inside_foot_min_depth`` down), and counts reps with the offline rep finder.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from groundup.live.balance import BalanceTracker, Hold
from groundup.live.calibrate import Standing, StandingCalibration, hip_centre_y, legs_in_view
from groundup.live.cues import Cue, knee_cue, status_cue
from groundup.live.reps import LiveRep, RepCounter
from groundup.live.smoothing import LandmarkSmoother
from groundup.metrics.knee import knee_medial_offset, knee_toe_offset
from groundup.metrics.rep_summary import STANDING_DEPTH
from groundup.pose.estimator import FramePose
from groundup.pose.landmarks import N_LANDMARKS, SIDES
from groundup.screens.base import filter_settings, rep_settings
from groundup.thresholds import Thresholds

UNSEEN = (np.full((N_LANDMARKS, 2), np.nan), np.full((N_LANDMARKS, 3), np.nan))  # landmarks of an unmeasured frame
CUE_HOLD_S = 0.15  # a knee must stay caved in this long before it is cued (one noisy frame is not a cue)
TURN_DEPTH = 0.03  # leg lengths back up from the deepest point that make the phase "up"


@dataclass(frozen=True)
class KneeState:
    """One knee in one frame: 'ok', 'in' (caved in by either criterion) or 'unseen', and its readings."""

    state: str
    change: float  # medial shift against standing, shank lengths
    over_foot: float  # medial of the foot line, shank lengths (judged only when deep)


@dataclass
class LiveFrame:
    """What the engine made of one frame."""

    time_s: float
    status: str  # no_person, feet_out, calibrating, ready
    joints: np.ndarray | None  # (33, 2) smoothed pixels, NaN where not seen
    knees: dict[str, KneeState] = field(default_factory=dict)
    phase: str = "standing"  # standing, down, up
    depth: float = float("nan")  # hip drop below standing, leg lengths
    reps: int = 0
    cues: list[Cue] = field(default_factory=list)
    rep: LiveRep | None = None  # the rep this frame finished
    holding: str | None = None  # single-leg balance: the standing leg of the hold under way
    held_s: float = 0.0
    hold: Hold | None = None  # the hold this frame ended

    def as_dict(self, width: int, height: int) -> dict:
        """For the web page: joints as shares of the picture (null where unseen)."""
        joints = None if self.joints is None else [
            None if not np.isfinite(p).all() else [round(float(p[0]) / width, 4), round(float(p[1]) / height, 4)]
            for p in self.joints]
        return {"t": round(self.time_s, 3), "status": self.status, "phase": self.phase, "reps": self.reps,
                "joints": joints, "knees": {s: k.state for s, k in self.knees.items()},
                "cues": [c.text for c in self.cues], "rep": self.rep.as_dict() if self.rep else None,
                "hold": f"On the {self.holding} leg: {self.held_s:.1f} s" if self.holding else None,
                "hold_done": self.hold.as_dict() if self.hold else None}


class LiveEngine:
    """Feed it frames in time order with ``feed``; it keeps the stream's state."""

    def __init__(self, width: int, height: int, th: Thresholds, movement: str = "squat") -> None:
        fs = filter_settings(th)
        self.width, self.height, self.th = width, height, th
        self.smoother = LandmarkSmoother(fs.cutoff_hz, fs.min_visibility, fs.max_gap_s)
        self.calibration = StandingCalibration(feet_level=th.value("single_leg.lift_off"))
        self.standing: Standing | None = None
        self.counter: RepCounter | None = None
        self.balance: BalanceTracker | None = None
        self.movement = movement
        self.status = ""
        self.reps: list[LiveRep] = []
        self._caving_since: dict[str, float | None] = dict.fromkeys(SIDES)
        self._cued: set[str] = set()  # sides cued in the rep under way
        self._deepest = 0.0

    def feed(self, pose: FramePose | None, time_s: float) -> LiveFrame:
        """The engine's reading of one frame (``pose`` None: nobody found)."""
        if pose is None:
            return self._unmeasured(time_s, "no_person", None)
        xy, world = self.smoother.update(pose, time_s)
        if not legs_in_view(xy, self.width, self.height):
            return self._unmeasured(time_s, "feet_out", xy)
        if self.standing is None:
            self.standing = self.calibration.add(time_s, xy, world)
            if self.standing is None:
                return LiveFrame(time_s, "calibrating", xy, cues=self._status(time_s, "calibrating"))
            if self.movement == "single-leg-balance":
                self.balance = BalanceTracker(self.th, self.standing)
            else:
                self.counter = RepCounter(rep_settings(self.th), self.th, self.standing)
        return self._measured(time_s, xy, world, self.standing)

    def _status(self, time_s: float, status: str) -> list[Cue]:
        """A status cue when the status changes."""
        if status == self.status:
            return []
        self.status = status
        return [status_cue(time_s, status)]

    def _unmeasured(self, time_s: float, status: str, xy: np.ndarray | None) -> LiveFrame:
        self.calibration.reset()
        frame = LiveFrame(time_s, status, xy, reps=len(self.reps), cues=self._status(time_s, status))
        if self.counter is not None:
            self._count(frame, self.counter.add(time_s, float("nan"), *UNSEEN))
        return frame

    def _measured(self, time_s: float, xy: np.ndarray, world: np.ndarray, standing: Standing) -> LiveFrame:
        depth = (hip_centre_y(xy) - standing.hip_y) / standing.scale.leg
        frame = LiveFrame(time_s, "ready", xy, depth=depth, phase=self._phase(depth),
                          cues=self._status(time_s, "ready"))
        frame.knees = {s: self._knee(xy, s, depth, standing) for s in SIDES}
        if self.balance is not None:
            frame.hold, cues = self.balance.add(time_s, xy)
            frame.cues += cues
            frame.holding, frame.held_s = self.balance.side, self.balance.held_s(time_s)
        elif self.counter is not None:
            frame.cues += self._knee_cues(frame)
            self._count(frame, self.counter.add(time_s, depth, xy, world))
        return frame

    def _phase(self, depth: float) -> str:
        if not np.isfinite(depth) or depth < STANDING_DEPTH:
            self._deepest = 0.0
            return "standing"
        self._deepest = max(self._deepest, depth)
        return "up" if depth < self._deepest - TURN_DEPTH else "down"

    def _knee(self, xy: np.ndarray, side: str, depth: float, standing: Standing) -> KneeState:
        """The knee's two offline measures in this frame (``metrics.knee``) against their cut-offs."""
        shank = standing.scale.shank[side]
        change = float(knee_medial_offset(xy[None], side, shank)[0]) - standing.measures[f"{side}_knee_medial_offset"]
        over_foot = float(knee_toe_offset(xy[None], side, shank)[0])
        if not np.isfinite(change):
            return KneeState("unseen", change, over_foot)
        deep = depth >= self.th.value("knee.inside_foot_min_depth")
        caved = change >= self.th.value("knee.valgus_mild") or (deep and over_foot >= self.th.value(
            "knee.inside_foot_mild"))
        return KneeState("in" if caved else "ok", change, over_foot)

    def _knee_cues(self, frame: LiveFrame) -> list[Cue]:
        """'Left knee out' once per rep and knee, when it has stayed caved in for ``CUE_HOLD_S``."""
        cues = []
        for side, knee in frame.knees.items():
            if knee.state != "in" or frame.phase == "standing":
                self._caving_since[side] = None
                continue
            since = self._caving_since[side]
            self._caving_since[side] = frame.time_s if since is None else since
            if since is not None and frame.time_s - since >= CUE_HOLD_S and side not in self._cued:
                self._cued.add(side)
                cues.append(knee_cue(frame.time_s, side, len(self.reps) + 1, max(knee.change, knee.over_foot)))
        return cues

    def _count(self, frame: LiveFrame, rep: LiveRep | None) -> None:
        """Record a finished rep; cue a knee the rep's summary found caved in that was not cued live."""
        if rep is not None:
            self.reps.append(rep)
            frame.rep = rep
            frame.cues += [knee_cue(frame.time_s, s, rep.number, float(np.nanmax(list(rep.values[s].values()))))
                           for s in SIDES if rep.caved[s] and s not in self._cued]
            self._cued.clear()
        frame.reps = len(self.reps)
