"""Synthetic pose sequences for movement recognition, with known geometry.

Squats filmed awkwardly (a hand-held camera drifting closer, a slow zoom, the feet at the
picture's bottom edge, a clip that ends in push-ups), and movements groundup does not screen
(a lateral lunge, push-ups, jumping jacks) or mixes of them. A 3-D stick figure (metres;
lateral + = the person's left, height above the floor, forward + = toward the camera) is posed
frame by frame and seen through the walk's pinhole camera (jump_walk_bodies), so camera
motion, zoom and framing act on the picture as on a phone's. Every generator is deterministic.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from jump_walk_bodies import BODY, CAM_HEIGHT, FOCAL, SIDE_SIGN, W_HEIGHT, W_WIDTH, walk_track

from groundup.pose.landmarks import INDEX, N_LANDMARKS
from groundup.pose.track import PoseTrack
from synthetic import squat_depth_curve

Points = dict[str, np.ndarray]  # landmark name -> (n, 3): lateral, height, forward

THIGH = SHANK = 0.42  # m
HIP_H, ANKLE_H = 0.92, 0.08  # m above the floor, standing
HIP_HALF = 0.10  # m from the body's midline to each hip joint
ARM = 0.54  # m shoulder to wrist
DISTANCE = 3.5  # m from the camera to a standing person
FORWARD = np.array([0.0, 0.0, 1.0])
EDGE = 0.95  # share of the picture's height below which a landmark is at the bottom edge


# ---------------------------------------------------------------- posing


def knee_between(hip: np.ndarray, ankle: np.ndarray, bend: np.ndarray) -> np.ndarray:
    """Knee of a thigh-and-shank leg from ``hip`` to ``ankle`` (n, 3), bent toward ``bend`` (3,).

    A leg stretched past its length stays straight (the knee on the hip-ankle line).
    """
    d = hip - ankle
    length = np.linalg.norm(d, axis=1, keepdims=True)
    u = d / length
    reach = np.minimum(length, THIGH + SHANK - 1e-9)
    along = (SHANK ** 2 - THIGH ** 2 + reach ** 2) / (2 * reach)
    out = np.sqrt(np.clip(SHANK ** 2 - along ** 2, 0.0, None))
    b = bend - (u @ bend)[:, None] * u
    b /= np.linalg.norm(b, axis=1, keepdims=True)
    return ankle + along * u * (length / reach) + out * b


def rotate_forward(offset: np.ndarray, lean: np.ndarray) -> np.ndarray:
    """(n, 3) offsets from the hips tipped forward (toward the camera) by ``lean`` radians."""
    up, fwd = offset[:, 1], offset[:, 2]
    return np.stack([offset[:, 0], up * np.cos(lean) - fwd * np.sin(lean), fwd * np.cos(lean) + up * np.sin(lean)],
                    axis=1)


def arm_points(shoulder: np.ndarray, sign: float, raise_deg: np.ndarray, lean: np.ndarray) -> tuple[np.ndarray, ...]:
    """Elbow and wrist of an arm raised sideways by ``raise_deg`` (0 down, 180 overhead), with the trunk's lean."""
    a = np.radians(raise_deg)
    direction = np.stack([sign * np.sin(a), -np.cos(a), np.zeros_like(a)], axis=1)
    direction = rotate_forward(direction, lean)
    return shoulder + 0.5 * ARM * direction, shoulder + ARM * direction


def figure(hip_c: np.ndarray, ankles: dict[str, np.ndarray], lean: np.ndarray, arms_deg: np.ndarray,
           hands: dict[str, np.ndarray] | None = None, knee_bend: np.ndarray = FORWARD) -> Points:
    """Every landmark from the hip centre, the ankles, the trunk's forward lean (rad) and the arms.

    Knees bend toward ``knee_bend``; the upper body (BODY, relative to the standing hips) tips with ``lean``;
    ``hands`` (world positions) replace the raised arms, with the elbows between hand and shoulder.
    """
    n = len(hip_c)
    pts: Points = {}
    for side, sign in SIDE_SIGN.items():
        hip = hip_c + [sign * HIP_HALF, 0.0, 0.0]
        ankle = ankles[side]
        pts[f"{side}_hip"], pts[f"{side}_ankle"] = hip, ankle
        pts[f"{side}_knee"] = knee_between(hip, ankle, knee_bend)
        pts[f"{side}_heel"] = ankle + [0.0, -0.05, -0.06]
        pts[f"{side}_foot_index"] = ankle + [sign * 0.03, -0.06, 0.17]
        for name in ("shoulder", "ear", "eye", "eye_inner", "eye_outer"):
            u, y, f = BODY[name]
            pts[f"{side}_{name}"] = hip_c + rotate_forward(np.tile([sign * u, y - HIP_H, f], (n, 1)), lean)
        pts[f"mouth_{side}"] = hip_c + rotate_forward(np.tile([sign * 0.025, 1.57 - HIP_H, 0.09], (n, 1)), lean)
        if hands is None:
            elbow, wrist = arm_points(pts[f"{side}_shoulder"], sign, arms_deg, lean)
        else:
            wrist = hands[side]
            elbow = (wrist + pts[f"{side}_shoulder"]) / 2 + [sign * 0.08, 0.0, 0.0]
        pts[f"{side}_elbow"] = elbow
        for part in ("wrist", "pinky", "index", "thumb"):
            pts[f"{side}_{part}"] = wrist
    pts["nose"] = hip_c + rotate_forward(np.tile([0.0, 1.62 - HIP_H, 0.11], (n, 1)), lean)
    return pts


def feet_at(n: int, half_width: np.ndarray | float, forward: np.ndarray | float = 0.0,
            lift: np.ndarray | float = 0.0) -> dict[str, np.ndarray]:
    """Both ankles ``half_width`` m either side of the midline (n, 3)."""
    w, f, h = (np.broadcast_to(np.asarray(v, dtype=float), (n,)) for v in (half_width, forward, lift))
    return {side: np.stack([sign * w, ANKLE_H + h, f], axis=1) for side, sign in SIDE_SIGN.items()}


# ---------------------------------------------------------------- the camera


@dataclass(frozen=True)
class Camera:
    """The walk's phone camera: hip height, pointing level; how far the person stands, the zoom,
    a shaking hand (pixels) and where the picture's centre sits on the body."""

    distance: np.ndarray | float = DISTANCE  # m to the body's standing spot, per frame when it moves
    zoom: np.ndarray | float = 1.0  # focal length factor, per frame when zooming
    shake_px: float = 0.0
    shift_y_px: np.ndarray | float = 0.0  # + moves the person down the picture (feet toward the bottom edge)


def project(pts: Points, times: np.ndarray, cam: Camera = Camera()) -> PoseTrack:
    """The PoseTrack a front camera sees, world landmarks around the hip centre.

    Landmarks at the picture's bottom edge are jittered and get a visibility scattered around
    the masking cut-off, as when the model guesses feet it barely sees; past the edge, a
    visibility far below it."""
    n = len(times)
    xy, world = np.full((n, N_LANDMARKS, 2), np.nan), np.zeros((n, N_LANDMARKS, 3))
    vis = np.full((n, N_LANDMARKS), 0.99)
    dist = np.broadcast_to(np.asarray(cam.distance, dtype=float), (n,))
    focal = FOCAL * np.broadcast_to(np.asarray(cam.zoom, dtype=float), (n,))
    phase = 2 * np.pi * times
    shake = cam.shake_px * np.stack([np.sin(1.3 * phase) + 0.5 * np.sin(3.1 * phase + 1.0),
                                     np.sin(1.7 * phase + 2.0) + 0.5 * np.sin(2.9 * phase)], axis=1)
    hip_mid = (pts["left_hip"] + pts["right_hip"]) / 2
    for name, p in pts.items():
        z = dist - p[:, 2]
        x = W_WIDTH / 2 + focal * p[:, 0] / z + shake[:, 0]
        y = W_HEIGHT / 2 + focal * (CAM_HEIGHT - p[:, 1]) / z + shake[:, 1] + cam.shift_y_px
        xy[:, INDEX[name]] = np.stack([x, y], axis=1)
        world[:, INDEX[name]] = np.stack([p[:, 0], -(p[:, 1] - hip_mid[:, 1]), -(p[:, 2] - hip_mid[:, 2])], axis=1)
    edge = (xy[..., 1] > EDGE * W_HEIGHT) & (xy[..., 1] <= W_HEIGHT)  # guessed: jittery, visibility around the cut-off
    rng = np.random.default_rng(0)
    vis[edge] = rng.uniform(0.2, 0.7, int(edge.sum()))
    xy[edge] += rng.normal(0.0, 6.0, (int(edge.sum()), 2))
    vis[xy[..., 1] > W_HEIGHT] = 0.05
    return PoseTrack(times, xy, world, vis, W_WIDTH, W_HEIGHT)


# ---------------------------------------------------------------- squats


def squat_points(depth: np.ndarray, half_width: float = 0.12, arms_deg: float = 0.0) -> Points:
    """A squat following ``depth`` (leg lengths of hip drop): hips back, trunk leaning, knees over the feet."""
    n = len(depth)
    drop = depth * (THIGH + SHANK)
    hip_c = np.stack([np.zeros(n), HIP_H - drop, -0.35 * drop], axis=1)
    return figure(hip_c, feet_at(n, half_width), np.radians(60.0) * drop, np.full(n, arms_deg))


def squat_clip(n_reps: int = 5, depth: float = 0.4, half_width: float = 0.12, arms_deg: float = 0.0,
               fps: float = 30.0, cam: Camera | None = None, growth: float = 1.0, zoom: float = 1.0) -> PoseTrack:
    """Squat reps; ``growth`` > 1 moves the camera steadily closer (the body grows that much), ``zoom``
    changes the focal length steadily from 1 to ``zoom``."""
    times, d = squat_depth_curve(n_reps, depth=depth, fps=fps)
    steady = np.linspace(0.0, 1.0, len(times))
    cam = cam or Camera()
    camera = Camera(DISTANCE / (1 + (growth - 1) * steady), 1 + (zoom - 1) * steady, cam.shake_px, cam.shift_y_px)
    return project(squat_points(d, half_width, arms_deg), times, camera)


def feet_at_edge_squat(slide_px: float = 0.0) -> PoseTrack:
    """A squat framed with the toes at the picture's bottom edge: the feet poorly seen and jittering;
    ``slide_px`` moves the person steadily down the picture (a webcam tipping up), the feet out of it."""
    times, d = squat_depth_curve(5)
    toe_y = W_HEIGHT / 2 + FOCAL * (CAM_HEIGHT - ANKLE_H + 0.06) / (DISTANCE - 0.17)
    shift = 0.985 * W_HEIGHT - toe_y + slide_px * np.linspace(0.0, 1.0, len(times))
    return project(squat_points(d), times, Camera(shift_y_px=shift))


# ---------------------------------------------------------------- push-ups


def push_up_points(n: int, shoulder_h: np.ndarray, forward: float = 0.3) -> Points:
    """Lying face down, head toward the camera, hands on the floor under the shoulders and the body
    straight from the toes to the shoulders at ``shoulder_h`` m."""
    trunk, legs = BODY["shoulder"][1] - HIP_H, THIGH + SHANK
    span = np.sqrt((trunk + legs) ** 2 - (shoulder_h - ANKLE_H) ** 2)  # ankles to shoulders along the floor
    shoulder = np.stack([np.zeros(n), shoulder_h, np.full(n, forward)], axis=1)
    ankle_c = np.stack([np.zeros(n), np.full(n, ANKLE_H), forward - span], axis=1)
    hip_c = ankle_c + (shoulder - ankle_c) * legs / (trunk + legs)
    lean = np.arctan2(span, shoulder_h - ANKLE_H)
    hands = {side: np.stack([np.full(n, sign * 0.25), np.full(n, 0.02), np.full(n, forward + 0.03)], axis=1)
             for side, sign in SIDE_SIGN.items()}
    ankles = {side: ankle_c + [sign * 0.10, 0.0, 0.0] for side, sign in SIDE_SIGN.items()}
    return figure(hip_c, ankles, lean, np.zeros(n), hands, knee_bend=np.array([0.0, -1.0, 0.0]))


def push_up_heights(n_reps: int, fps: float, rep_s: float = 1.6) -> np.ndarray:
    """Shoulder height through push-ups: 0.55 m arms straight, 0.2 m at the bottom."""
    t = np.arange(0.0, n_reps * rep_s, 1.0 / fps)
    return 0.55 - 0.35 * np.sin(np.pi * t / rep_s) ** 2


def push_ups_clip(n_reps: int = 8, fps: float = 30.0) -> PoseTrack:
    """Push-ups facing the camera."""
    h = push_up_heights(n_reps, fps)
    return project(push_up_points(len(h), h), np.arange(len(h)) / fps)


def blend(a: Points, b: Points, n: int) -> Points:
    """``n`` frames moving every landmark steadily from ``a``'s last position to ``b``'s first."""
    s = np.linspace(0.0, 1.0, n + 2)[1:-1, None]
    return {k: a[k][-1] * (1 - s) + b[k][0] * s for k in a}


def joined(*parts: Points) -> Points:
    return {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}


def squat_then_push_ups(n_squats: int = 5, n_push_ups: int = 6, fps: float = 30.0) -> PoseTrack:
    """Squats, then down to the floor (1.5 s) and push-ups: the body shrinks in the picture about 0.4x."""
    _, d = squat_depth_curve(n_squats, fps=fps)
    squats = squat_points(d)
    h = push_up_heights(n_push_ups, fps)
    push = push_up_points(len(h), h)
    pts = joined(squats, blend(squats, push, int(1.5 * fps)), push)
    return project(pts, np.arange(len(pts["nose"])) / fps)


# ---------------------------------------------------------------- lateral lunge and jumping jacks


def lateral_lunge_clip(n_reps: int = 6, half_width: float = 0.5, shift: float = 0.32, rep_s: float = 2.5,
                       pause_s: float = 0.8, fps: float = 30.0) -> PoseTrack:
    """Feet wide apart; each rep the hips travel ``shift`` m sideways over one foot (alternating sides)
    and drop while that knee bends, the other leg staying straight."""
    t = np.arange(0.0, pause_s + n_reps * (rep_s + pause_s), 1.0 / fps)
    n = len(t)
    x = np.zeros(n)
    for k in range(n_reps):
        start = pause_s + k * (rep_s + pause_s)
        inside = (t >= start) & (t <= start + rep_s)
        x[inside] = (1 if k % 2 == 0 else -1) * shift * np.sin(np.pi * (t[inside] - start) / rep_s) ** 2
    ankles = feet_at(n, half_width)
    straight = np.where(x >= 0, -1.0, 1.0)  # the straight leg is on the far side from the shift
    lateral = x + straight * HIP_HALF - straight * half_width  # straight hip joint from its ankle, sideways
    legs = THIGH + SHANK
    height = ANKLE_H + np.sqrt(np.clip(legs ** 2 - lateral ** 2, 0.0, None))
    stand_h = ANKLE_H + np.sqrt(legs ** 2 - (half_width - HIP_HALF) ** 2)
    hip_c = np.stack([x, np.minimum(height, stand_h), -0.3 * (stand_h - np.minimum(height, stand_h))], axis=1)
    lean = np.radians(25.0) * np.abs(x) / shift
    return project(figure(hip_c, ankles, lean, np.full(n, 10.0)), t)


def jumping_jacks_clip(n_jacks: int = 10, cycle_s: float = 1.0, fps: float = 30.0) -> PoseTrack:
    """Jumping jacks: each cycle a hop to the feet wide apart with the arms overhead, a hop back
    together with the arms down; one second standing before and after."""
    t = np.arange(0.0, 2.0 + n_jacks * cycle_s, 1.0 / fps)
    n = len(t)
    phase = np.clip((t - 1.0) / cycle_s, 0.0, n_jacks)
    apart = np.sin(np.pi * phase) ** 2  # 0 together, 1 apart
    hop = 0.06 * np.abs(np.sin(2 * np.pi * phase))  # off the floor while the feet move
    half = 0.07 + 0.35 * apart
    hip_c = np.stack([np.zeros(n), HIP_H + hop - 0.04 * apart, np.zeros(n)], axis=1)
    return project(figure(hip_c, feet_at(n, half, lift=hop), np.zeros(n), 170.0 * apart), t)


# ---------------------------------------------------------------- squat, then a walk


def squat_then_walk(n_squats: int = 4, walk_s: float = 3.3) -> PoseTrack:
    """Squats at 6.5 m, then a walk toward the camera (the walk of jump_walk_bodies)."""
    fps, start = 60.0, 6.5
    _, d = squat_depth_curve(n_squats, fps=fps)
    squats = project(squat_points(d, half_width=0.10), np.arange(len(d)) / fps, Camera(distance=start))
    walk, _ = walk_track(duration_s=walk_s, start_m=start)
    k = int(0.4 * fps)
    s = np.linspace(0.0, 1.0, k + 2)[1:-1, None, None]
    xy = np.concatenate([squats.image_xy, squats.image_xy[-1] * (1 - s) + walk.image_xy[0] * s, walk.image_xy])
    world = np.concatenate([squats.world_xyz, squats.world_xyz[-1] * (1 - s) + walk.world_xyz[0] * s,
                            walk.world_xyz])
    n = len(xy)
    return PoseTrack(np.arange(n) / fps, xy, world, np.full((n, N_LANDMARKS), 0.99), W_WIDTH, W_HEIGHT)
