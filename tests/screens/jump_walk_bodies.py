"""Synthetic pose tracks with known events: a front-view jump landing and walks toward and across a camera.

The person faces the camera, so their left side appears on the image's right. The landing
body is drawn in pixels like tests/synthetic.py; the walks are 3-D stick figures seen through
a pinhole camera, so the walker grows as they approach and a planted foot stays still.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from groundup.pose.landmarks import INDEX, N_LANDMARKS
from groundup.pose.track import PoseTrack
from synthetic import ANKLE_Y, CX, HIP_HALF, HIP_Y, SHANK, finish_track, put_upper_body

SIDE_SIGN = {"left": +1.0, "right": -1.0}  # person's left is image right / +X


# ---------------------------------------------------------------- landing

FPS = 60.0
LEG = ANKLE_Y - HIP_Y


@dataclass(frozen=True)
class JumpTruth:
    """The frames the generator put each event at."""

    takeoff: list[int]  # last frame on the floor before each flight
    contact: list[dict[str, int]]  # first frame each foot is back on the floor
    deepest: list[int]


def _smooth_bump(n: int) -> np.ndarray:
    """0 -> 1 -> 0 over n frames (sin^2)."""
    return np.sin(np.pi * np.arange(n) / max(n - 1, 1)) ** 2


def jump_track(n_jumps: int = 2, flight_s: float = 0.4, flight_px: float = 120.0,
               contact_lag: dict[str, int] | None = None,
               valgus: dict[str, float] | None = None, landing_depth: float = 0.35, absorb_s: float = 0.25,
               recover_s: float = 0.5, stand_s: float = 1.0, start_frame: int = 0, fps: float = FPS,
               stance_ratio: float = 1.0) -> tuple[PoseTrack, JumpTruth]:
    """Jumps in place: stand, fly ``flight_s`` (feet up to ``flight_px``), land, crouch, stand up.

    ``contact_lag`` delays a foot's landing by frames (asymmetric contact); ``valgus`` moves that
    knee medially by shank lengths at the deepest point (in proportion to the crouch);
    ``start_frame`` cuts the clip's beginning off (e.g. after the first landing); ``stance_ratio``
    scales the ankle distance.
    """
    contact_lag, valgus = contact_lag or {}, valgus or {}
    n_stand, n_flight = int(stand_s * fps), round(flight_s * fps)
    n_absorb, n_recover = int(absorb_s * fps), int(recover_s * fps)
    cycle = n_flight + max(contact_lag.values(), default=0) + n_absorb + n_recover + n_stand
    n = n_stand + n_jumps * cycle
    lift = {s: np.zeros(n) for s in SIDE_SIGN}
    depth = np.zeros(n)
    truth = JumpTruth([], [], [])
    for k in range(n_jumps):
        t0 = n_stand + k * cycle  # last frame on the floor
        contact = {}
        for s in SIDE_SIGN:
            fl = n_flight + contact_lag.get(s, 0)
            x = np.arange(1, fl) / fl
            lift[s][t0 + 1:t0 + fl] = flight_px * 4 * x * (1 - x) * (n_flight / fl) ** 0
            contact[s] = t0 + fl
        first = min(contact.values())
        crouch = np.concatenate([np.sin(0.5 * np.pi * np.arange(1, n_absorb + 1) / n_absorb) ** 2,
                                 np.cos(0.5 * np.pi * np.arange(1, n_recover + 1) / n_recover) ** 2])
        depth[first + 1:first + 1 + len(crouch)] = landing_depth * crouch
        truth.takeoff.append(t0)
        truth.contact.append(contact)
        truth.deepest.append(first + n_absorb)
    body_lift = (lift["left"] + lift["right"]) / 2
    frac = depth / landing_depth if landing_depth else depth
    xy = np.zeros((n, N_LANDMARKS, 2))
    hip_y = HIP_Y + depth * LEG - body_lift
    for side, sign in SIDE_SIGN.items():
        def put(name: str, x, y, side: str = side) -> None:
            xy[:, INDEX[f"{side}_{name}"], 0] = x
            xy[:, INDEX[f"{side}_{name}"], 1] = y

        ankle_x = CX + sign * (HIP_HALF + 10) * stance_ratio
        ankle_y = ANKLE_Y - lift[side]
        shift = (valgus.get(side, 0.0) * frac - 0.02 * frac) * SHANK
        put("hip", CX + sign * HIP_HALF, hip_y)
        put("knee", ankle_x - sign * shift, ankle_y - SHANK * (1 - 0.2 * depth))
        put("ankle", ankle_x, ankle_y)
        put("heel", ankle_x, ankle_y + 12)
        put("foot_index", ankle_x + sign * 18, ankle_y + 30)
        put_upper_body(xy, side, sign, CX, hip_y)
    track = finish_track(np.arange(n - start_frame) / fps, xy[start_frame:], hip_y[start_frame:])
    shift_by = lambda f: f - start_frame  # noqa: E731
    truth = JumpTruth([shift_by(f) for f in truth.takeoff],
                      [{s: shift_by(f) for s, f in c.items()} for c in truth.contact],
                      [shift_by(f) for f in truth.deepest])
    return track, truth


# ---------------------------------------------------------------- walking

CAM_HEIGHT = 0.95  # m
FOCAL = 2000.0  # px
W_WIDTH, W_HEIGHT = 1080, 1920
BODY = {  # lateral (m, + = person's left), height (m), forward (m, + = toward the camera)
    "shoulder": (0.19, 1.42, 0.0), "elbow": (0.22, 1.15, 0.0), "wrist": (0.23, 0.88, 0.02),
    "ear": (0.07, 1.60, 0.0), "eye": (0.03, 1.64, 0.08), "eye_inner": (0.02, 1.64, 0.08),
    "eye_outer": (0.045, 1.64, 0.07), "hip": (0.10, 0.92, 0.0),
}


@dataclass(frozen=True)
class WalkTruth:
    """Stance phases per foot (first and last planted frame) and the cadence the walker used."""

    stance: dict[str, list[tuple[int, int]]]
    cadence_spm: float


def _foot_path(t: np.ndarray, stride_s: float, offset_s: float, step_m: float, stance_share: float,
               start_m: float) -> tuple[np.ndarray, np.ndarray, list[tuple[float, float]]]:
    """Forward travel and lift of one foot: planted for ``stance_share`` of each stride, then a swing of two steps."""
    travel, lift, stances = np.zeros_like(t), np.zeros_like(t), []
    k_min = int(np.floor((t[0] - offset_s) / stride_s)) - 1
    k_max = int(np.ceil((t[-1] - offset_s) / stride_s)) + 1
    swing_s = (1 - stance_share) * stride_s
    for k in range(k_min, k_max + 1):
        strike = offset_s + k * stride_s
        pos = start_m + 2 * step_m * k
        off = strike + stance_share * stride_s
        planted = (t >= strike) & (t < off)
        travel[planted], lift[planted] = pos, 0.0
        stances.append((strike, off))
        swing = (t >= off) & (t < off + swing_s)
        x = (t[swing] - off) / swing_s
        travel[swing] = pos + 2 * step_m * x  # the foot leaves the floor moving
        lift[swing] = 0.05 * np.sin(np.pi * x)
    return travel, lift, stances


def walk_track(duration_s: float = 3.3, speed_mps: float = 1.3, cadence_spm: float = 110.0, start_m: float = 6.5,
               valgus: dict[str, float] | None = None, fps: float = 60.0, across: bool = False,
               toward: bool = True) -> tuple[PoseTrack, WalkTruth]:
    """A walk straight toward the camera (or across it, ``across=True``; away from it, ``toward=False``).

    ``valgus[side]`` moves that knee medially by metres during its stance (peak at mid-stance).
    """
    valgus = valgus or {}
    t = np.arange(0.0, duration_s, 1.0 / fps)
    n = len(t)
    step_s = 60.0 / cadence_spm
    stride_s, step_m, stance_share = 2 * step_s, speed_mps * step_s, 0.6
    body_travel = speed_mps * t
    pts = {}  # name -> (n, 3): lateral, height, forward
    truth: dict[str, list[tuple[int, int]]] = {}
    for side, sign in SIDE_SIGN.items():
        offset = 0.0 if side == "left" else step_s
        travel, lift, stances = _foot_path(t, stride_s, offset, step_m, stance_share, -step_m / 2 + speed_mps * offset)
        planted = np.zeros(n)
        phases = []
        for strike, off in stances:
            idx = np.flatnonzero((t >= strike) & (t < off))
            if idx.size:
                phases.append((int(idx[0]), int(idx[-1])))
                planted[idx] = np.sin(np.pi * (t[idx] - strike) / (off - strike))
        truth[side] = phases
        lat = np.full(n, sign * 0.10)
        pts[f"{side}_ankle"] = np.stack([lat, 0.08 + lift, travel], axis=1)
        pts[f"{side}_heel"] = np.stack([lat, 0.03 + lift, travel - 0.06], axis=1)
        pts[f"{side}_foot_index"] = np.stack([lat + sign * 0.03, 0.02 + lift, travel + 0.17], axis=1)
        hip = np.stack([np.full(n, sign * 0.10), np.full(n, 0.92), body_travel], axis=1)
        pts[f"{side}_hip"] = hip
        knee = (hip + pts[f"{side}_ankle"]) / 2 + np.array([0.0, 0.0, 0.03])
        knee[:, 0] -= sign * valgus.get(side, 0.0) * planted
        pts[f"{side}_knee"] = knee
        for name, (u, y, f) in BODY.items():
            if name == "hip":
                continue
            pts[f"{side}_{name}"] = np.stack([np.full(n, sign * u), np.full(n, y), body_travel + f], axis=1)
        pts[f"mouth_{side}"] = np.stack([np.full(n, sign * 0.025), np.full(n, 1.57), body_travel + 0.09], axis=1)
        for part in ("pinky", "index", "thumb"):
            pts[f"{side}_{part}"] = pts[f"{side}_wrist"]
    pts["nose"] = np.stack([np.zeros(n), np.full(n, 1.62), body_travel + 0.11], axis=1)
    xy = np.full((n, N_LANDMARKS, 2), np.nan)
    world = np.zeros((n, N_LANDMARKS, 3))
    hip_mid = (pts["left_hip"] + pts["right_hip"]) / 2
    for name, p in pts.items():
        lat, height, fwd = p[:, 0], p[:, 1], p[:, 2]
        if across:  # walking toward the image right, seen from the person's left side at 5 m
            X, Z = fwd - 2.5, 5.0 - lat
        elif toward:
            X, Z = lat, start_m - fwd
        else:  # walking away: seen from behind, the person's left is on the image left
            X, Z = -lat, 3.0 + fwd
        xy[:, INDEX[name], 0] = W_WIDTH / 2 + FOCAL * X / Z
        xy[:, INDEX[name], 1] = W_HEIGHT / 2 + FOCAL * (CAM_HEIGHT - height) / Z
        world[:, INDEX[name]] = np.stack([lat, -(height - hip_mid[:, 1]), -(fwd - hip_mid[:, 2])], axis=1)
    track = PoseTrack(t, xy, world, np.full((n, N_LANDMARKS), 0.99), W_WIDTH, W_HEIGHT)
    return track, WalkTruth(truth, cadence_spm)
