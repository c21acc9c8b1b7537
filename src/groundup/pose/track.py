"""PoseTrack: the landmark time series of one person in one clip."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from groundup.pose.knee_flow import KneeFlow
from groundup.pose.landmarks import N_LANDMARKS, mirrored_index


@dataclass
class PoseTrack:
    """Landmarks of one person over time.

    ``image_xy`` is in pixels of the analysed frame (x right, y down), ``world_xyz``
    in metres around the hip centre as the model reports it, ``visibility`` in 0..1.
    Rows where no pose was found are NaN. ``valid`` is False where a frame must
    not be measured (no pose, track jumped to someone else, legs swapped).
    ``knee_flow``, when measured, is how the pixels around the knees moved into each frame.
    """

    times_s: np.ndarray  # (T,)
    image_xy: np.ndarray  # (T, 33, 2)
    world_xyz: np.ndarray  # (T, 33, 3)
    visibility: np.ndarray  # (T, 33)
    width: int
    height: int
    valid: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))  # (T,) bool; empty: from detection
    invalid_reason: list[str] = field(default_factory=list)  # per frame, "" when valid; empty: from detection
    others: np.ndarray = field(default_factory=lambda: np.zeros((0, 2)))  # (S, 2): probe time (s), other
    # person's height / ours (0: none)
    knee_flow: KneeFlow | None = None

    def __post_init__(self) -> None:
        n = len(self.times_s)
        if self.image_xy.shape != (n, N_LANDMARKS, 2) or self.world_xyz.shape != (n, N_LANDMARKS, 3):
            raise ValueError("PoseTrack arrays must be (T, 33, 2) and (T, 33, 3)")
        if self.visibility.shape != (n, N_LANDMARKS):
            raise ValueError("visibility must be (T, 33)")
        if self.knee_flow is not None and len(self.knee_flow) != n:
            raise ValueError("knee_flow must have one row per frame")
        detected = ~np.isnan(self.image_xy[:, :, 0]).all(axis=1)
        if len(self.valid) == 0:
            self.valid = detected.copy()
        if not self.invalid_reason:
            self.invalid_reason = ["" if d else "no pose" for d in detected]

    def __len__(self) -> int:
        return len(self.times_s)

    @property
    def detected(self) -> np.ndarray:
        """True where the model returned a pose."""
        return ~np.isnan(self.image_xy[:, :, 0]).all(axis=1)

    def mirrored(self) -> PoseTrack:
        """The same track seen in a mirror: x flipped and left/right names swapped."""
        perm = mirrored_index()
        xy = self.image_xy[:, perm].copy()
        xy[..., 0] = self.width - xy[..., 0]
        world = self.world_xyz[:, perm].copy()
        world[..., 0] = -world[..., 0]
        flow = None if self.knee_flow is None else self.knee_flow.mirrored(self.width)
        return replace(self, image_xy=xy, world_xyz=world, visibility=self.visibility[:, perm].copy(),
                       valid=self.valid.copy(), invalid_reason=list(self.invalid_reason), others=self.others.copy(),
                       knee_flow=flow)


def merge_tracks(parts: list[PoseTrack]) -> PoseTrack:
    """One track from consecutive time chunks of the same clip (knee flow kept when every chunk has it)."""
    first = parts[0]
    flows = [p.knee_flow for p in parts]
    flow = KneeFlow.concatenate([f for f in flows if f is not None]) if all(f is not None for f in flows) else None
    return PoseTrack(np.concatenate([p.times_s for p in parts]), np.concatenate([p.image_xy for p in parts]),
                     np.concatenate([p.world_xyz for p in parts]), np.concatenate([p.visibility for p in parts]),
                     first.width, first.height, others=np.concatenate([p.others for p in parts]), knee_flow=flow)


def empty_arrays(n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """NaN-filled image, world and visibility arrays for ``n`` frames."""
    return (np.full((n, N_LANDMARKS, 2), np.nan), np.full((n, N_LANDMARKS, 3), np.nan),
            np.zeros((n, N_LANDMARKS)))
