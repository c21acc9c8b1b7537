"""Keep the measurement on one person and on the right legs.

The BlazePose tracker follows a single person, but it can jump to somebody else
after losing the subject, and it can swap the left and right leg for a few
frames. Such frames are marked invalid (with a reason) instead of measured.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from groundup.pose.landmarks import INDEX, idx
from groundup.pose.track import PoseTrack

_TORSO = [INDEX[n] for n in ("left_shoulder", "right_shoulder", "left_hip", "right_hip")]


@dataclass(frozen=True)
class TrackingSettings:
    """Limits for what counts as the same person between frames.

    groundup's choices (unverified): a squatting or jumping body moves well under 5 of its
    sizes per second, and its size changes by far less than 35 % from one frame to the next.
    """

    max_jump_torso_per_s: float = 5.0
    max_size_change: float = 0.35
    relock_distance_torso: float = 0.3


def torso_centre_and_size(xy: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Centre (T, 2) of shoulders and hips, and body size (T,) in pixels.

    Size is the larger of the torso length and the shoulder-plus-hip width, so it
    stays steady both when the trunk leans toward the camera (torso shortens) and
    when the body turns (widths shrink).
    """
    pts = xy[:, _TORSO]
    centre = pts.mean(axis=1)
    shoulders, hips = pts[:, :2].mean(axis=1), pts[:, 2:].mean(axis=1)
    torso = np.linalg.norm(shoulders - hips, axis=1)
    widths = np.linalg.norm(pts[:, 0] - pts[:, 1], axis=1) + np.linalg.norm(pts[:, 2] - pts[:, 3], axis=1)
    return centre, np.fmax(torso, widths)


def _mark(track: PoseTrack, frames: np.ndarray, reason: str) -> None:
    for i in np.flatnonzero(frames):
        if track.valid[i]:
            track.valid[i] = False
            track.invalid_reason[i] = reason


def continuous_segments(times_s: np.ndarray, centre: np.ndarray, size: np.ndarray, detected: np.ndarray,
                        settings: TrackingSettings) -> list[np.ndarray]:
    """Split detected frames wherever the body moves or resizes faster than a person can."""
    segments: list[list[int]] = []
    prev = None
    for i in np.flatnonzero(detected):
        if prev is not None:
            dist = np.linalg.norm(centre[i] - centre[prev]) / size[prev]
            allowed = settings.relock_distance_torso + settings.max_jump_torso_per_s * (times_s[i] - times_s[prev])
            resized = abs(size[i] - size[prev]) / size[prev] > settings.max_size_change
            if dist <= allowed and not resized:
                segments[-1].append(i)
                prev = i
                continue
        segments.append([i])
        prev = i
    return [np.array(s) for s in segments]


def mark_identity_jumps(track: PoseTrack, settings: TrackingSettings) -> int:
    """Invalidate frames that belong to someone other than the main person.

    The track is cut into continuous stretches; stretches whose body size matches
    the longest stretch (within ``max_size_change``) are the main person, the rest
    are frames where the tracker jumped to somebody else.
    """
    centre, size = torso_centre_and_size(track.image_xy)
    segments = continuous_segments(track.times_s, centre, size, track.detected, settings)
    if not segments:
        return 0
    main = max(segments, key=len)
    main_size = float(np.median(size[main]))
    other = np.zeros(len(track), dtype=bool)
    for seg in segments:
        if abs(float(np.median(size[seg])) - main_size) / main_size > settings.max_size_change:
            other[seg] = True
    _mark(track, other, "tracking jumped to another person")
    return int(other.sum())


def mark_leg_swaps(track: PoseTrack) -> int:
    """Invalidate frames whose left/right order disagrees with the clip's usual order.

    In a front view the person's left hip is on one side of the right hip for the
    whole clip; frames where the hips, or the knees and ankles together, sit in
    the opposite order are left/right swaps (or the person turned round).
    """
    xy = track.image_xy

    def order(joint: str) -> np.ndarray:
        return np.sign(xy[:, idx("left", joint), 0] - xy[:, idx("right", joint), 0])

    hips = order("hip")
    usual = np.sign(np.nansum(hips[track.valid])) or 1.0
    legs_flipped = (order("knee") == -usual) & (order("ankle") == -usual)
    swapped = track.valid & ((hips == -usual) | legs_flipped)
    _mark(track, swapped, "left and right legs swapped")
    return int(swapped.sum())
