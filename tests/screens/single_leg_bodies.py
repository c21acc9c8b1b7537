"""Synthetic front-view stick figures on one leg, with known events, and the real clips' tracks.

The person faces the camera, so their LEFT side is on the IMAGE RIGHT. A timeline is built
phase by phase (both feet down, lift a foot, single-leg squat reps, hold, touch down) and
the truth (lift-off, touch-down and rep-bottom frames) is returned with the track.
Lifts, knee shifts and ankle shifts are in shank lengths; pelvic drop in degrees; sways
and trunk shifts in hip widths.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

import numpy as np

from groundup.pose.landmarks import INDEX, N_LANDMARKS
from groundup.pose.track import PoseTrack
from groundup.screens.base import prepare
from groundup.thresholds import load_thresholds
from synthetic import ANKLE_Y, CX, FPS, HIP_HALF, HIP_Y, KNEE_Y, SHANK, finish_track, put_upper_body

LEG = (KNEE_Y - HIP_Y) + SHANK
HIP_WIDTH = 2 * HIP_HALF
FOOT_LIFT = 0.6  # shank lengths the free foot rises
RAMP_S = 0.15  # lift-off / touch-down movement time
TH = load_thresholds()


@dataclass
class Truth:
    """Known events of a synthetic clip (frames)."""

    lift_off: list[tuple[str, int]] = field(default_factory=list)  # (standing side, frame the foot leaves)
    touch_down: list[tuple[str, int]] = field(default_factory=list)  # (standing side, first frame back down)
    bottoms: list[tuple[str, int]] = field(default_factory=list)  # (standing side, deepest frame)


@dataclass
class Timeline:
    """Per-frame body state, built phase by phase."""

    fps: float = FPS
    depth: list[float] = field(default_factory=list)  # hip drop, leg lengths
    lift: dict[str, list[float]] = field(default_factory=lambda: {"left": [], "right": []})  # free foot, shank lengths
    squat: list[float] = field(default_factory=list)  # 0..1 share of the rep's depth (drives the knee/pelvis/trunk)
    stance: list[str | None] = field(default_factory=list)
    truth: Truth = field(default_factory=Truth)

    @property
    def n(self) -> int:
        return len(self.depth)

    def _add(self, depth: np.ndarray, lift: dict[str, np.ndarray], squat: np.ndarray, stance: str | None) -> None:
        self.depth += list(depth)
        for s in ("left", "right"):
            self.lift[s] += list(lift.get(s, np.zeros(len(depth))))
        self.squat += list(squat)
        self.stance += [stance] * len(depth)

    def both_down(self, seconds: float) -> Timeline:
        k = round(seconds * self.fps)
        self._add(np.zeros(k), {}, np.zeros(k), None)
        return self

    def _ramp(self, up: bool) -> np.ndarray:
        k = round(RAMP_S * self.fps)
        r = np.sin(0.5 * np.pi * np.arange(1, k + 1) / k) ** 2
        return FOOT_LIFT * r if up else FOOT_LIFT * (1 - r)

    def lift_foot(self, stand: str, hold_s: float) -> Timeline:
        """Lift the free foot (lift-off at the first frame of the ramp) and hold it up."""
        free = "right" if stand == "left" else "left"
        self.truth.lift_off.append((stand, self.n))
        up = self._ramp(True)
        k = round(hold_s * self.fps)
        self._add(np.zeros(len(up) + k), {free: np.concatenate([up, np.full(k, FOOT_LIFT)])},
                  np.zeros(len(up) + k), stand)
        return self

    def squats(self, stand: str, reps: int, depth: float, rep_s: float = 2.0, pause_s: float = 0.5) -> Timeline:
        """Single-leg squat reps on ``stand``, the free foot kept up."""
        free = "right" if stand == "left" else "left"
        k, kp = round(rep_s * self.fps), round(pause_s * self.fps)
        shape = np.sin(np.pi * np.arange(k) / k) ** 2
        for _ in range(reps):
            self.truth.bottoms.append((stand, self.n + int(np.argmax(shape))))
            self._add(depth * shape, {free: np.full(k, FOOT_LIFT)}, shape, stand)
            self._add(np.zeros(kp), {free: np.full(kp, FOOT_LIFT)}, np.zeros(kp), stand)
        return self

    def touch_down(self, stand: str) -> Timeline:
        """Lower the free foot; the truth is the first frame it is back on the floor."""
        free = "right" if stand == "left" else "left"
        down = self._ramp(False)
        self._add(np.zeros(len(down)), {free: down}, np.zeros(len(down)), stand)
        self.truth.touch_down.append((stand, self.n - 1))
        return self


def figure_track(tl: Timeline, knee_in: dict[str, float] | None = None, pelvic_drop_deg: float = 0.0,
                 trunk_shift: float = 0.0, eversion: dict[str, float] | None = None, sway: float = 0.0,
                 sway_hz: float = 0.7, collapse: list[tuple[str, float, float, float]] | None = None,
                 noise_px: float = 0.0, seed: int = 0, lost_from_s: float | None = None) -> PoseTrack:
    """The stick figure following ``tl``.

    ``knee_in[side]``: the standing knee's medial shift at the bottom of each rep;
    ``pelvic_drop_deg`` / ``trunk_shift``: the free hip's drop and the trunk's shift toward the
    standing leg at the bottom; ``eversion[side]``: the standing ankle's medial shift over the
    foot at the bottom; ``sway``: sideways sine of the body over the feet while on one leg
    (hip widths); ``collapse``: (side, t0, t1, shift) knee caves in by ``shift`` between t0 and t1.
    """
    knee_in, eversion = knee_in or {}, eversion or {}
    n = tl.n
    t = np.arange(n) / tl.fps
    d, q = np.array(tl.depth), np.array(tl.squat)
    stance = tl.stance
    hip_y = HIP_Y + d * LEG
    sign_of = {"left": 1.0, "right": -1.0}
    stand_sign = np.array([sign_of[s] if s else 0.0 for s in stance])
    body_x = CX + sway * HIP_WIDTH * np.sin(2 * np.pi * sway_hz * t) * (stand_sign != 0)
    trunk_x = body_x + stand_sign * trunk_shift * HIP_WIDTH * q
    xy = np.zeros((n, N_LANDMARKS, 2))
    drop_px = np.tan(np.radians(pelvic_drop_deg * q)) * HIP_WIDTH
    for side, sign in sign_of.items():
        def put(name: str, x, y, side: str = side) -> None:
            xy[:, INDEX[f"{side}_{name}"], 0] = x
            xy[:, INDEX[f"{side}_{name}"], 1] = y

        standing = np.array([s == side for s in stance])
        free = np.array([s is not None and s != side for s in stance])
        lift = np.array(tl.lift[side]) * SHANK
        ankle_x = CX + sign * (HIP_HALF + 10)
        shift = knee_in.get(side, 0.0) * q * standing
        for s, t0, t1, amount in collapse or []:
            if s == side:
                inside = (t >= t0) & (t <= t1)
                shift = shift + amount * inside * np.clip(np.minimum(t - t0, t1 - t) / 0.15, 0, 1)
        roll = eversion.get(side, 0.0) * q * standing * SHANK
        put("hip", body_x + sign * HIP_HALF, hip_y + drop_px * free)
        put("knee", ankle_x - sign * shift * SHANK, KNEE_Y + 0.1 * d * LEG - 0.5 * lift)
        put("ankle", ankle_x - sign * roll, ANKLE_Y - lift)
        put("heel", ankle_x, ANKLE_Y + 12 - lift)
        put("foot_index", ankle_x + sign * 18, ANKLE_Y + 30 - lift)
        put_upper_body(xy, side, sign, trunk_x, hip_y)
    return finish_track(t, xy, hip_y, noise_px, seed, None if lost_from_s is None else t >= lost_from_s)


def single_leg_squat_clip(legs: tuple[str, ...] = ("left", "right"), reps: int = 3, depth: float = 0.2,
                          **figure) -> tuple[PoseTrack, Truth]:
    """Stand, then per leg: lift the free foot, ``reps`` single-leg squats, touch down, stand."""
    tl = Timeline().both_down(1.0)
    for leg in legs:
        tl.lift_foot(leg, 0.6).squats(leg, reps, depth).touch_down(leg).both_down(1.0)
    return figure_track(tl, **figure), tl.truth


def balance_clip(holds: tuple[tuple[str, float], ...] = (("left", 12.0), ("right", 12.0)),
                 end_on_one_leg: bool = False, **figure) -> tuple[PoseTrack, Truth]:
    """Stand, then each (leg, seconds) hold with a lift-off and a touch-down; optionally end mid-hold."""
    tl = Timeline().both_down(1.0)
    for i, (leg, seconds) in enumerate(holds):
        tl.lift_foot(leg, seconds - RAMP_S)
        if end_on_one_leg and i == len(holds) - 1:
            break
        tl.touch_down(leg).both_down(1.0)
    return figure_track(tl, **figure), tl.truth


def both_feet_down_clip(seconds: float = 8.0, **figure) -> PoseTrack:
    """Standing on both feet the whole clip, with a little sway and noise."""
    return figure_track(Timeline().both_down(seconds), **figure)


def analysed(protocol, track: PoseTrack, movement: str):
    """Prepare a (copied) track and run a screen's ``analyse`` with the packaged thresholds."""
    return protocol(prepare(copy.deepcopy(track), TH), movement, TH)


def criteria(a, side: str) -> dict:
    """A screen analysis's rated items of one side, by name."""
    return {c.name: c for c in a.screen.criteria if c.side == side}
