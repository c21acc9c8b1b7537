"""PoseTrack: the landmark time series of one person in one clip."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from groundup.pose.landmarks import N_LANDMARKS, mirrored_index


@dataclass
class PoseTrack:
    """Landmarks of one person over time.

    ``image_xy`` is in pixels of the analysed frame (x right, y down), ``world_xyz``
    in metres around the hip centre as the model reports it, ``visibility`` in 0..1.
    Rows where no pose was found are NaN. ``valid`` is False where a frame must
    not be measured (no pose, track jumped to someone else, legs swapped).
    """

    times_s: np.ndarray  # (T,)
    image_xy: np.ndarray  # (T, 33, 2)
    world_xyz: np.ndarray  # (T, 33, 3)
    visibility: np.ndarray  # (T, 33)
    width: int
    height: int
    # valid and invalid_reason left empty are filled from where a pose was detected
    valid: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))  # (T,) bool
    invalid_reason: list[str] = field(default_factory=list)  # per frame, "" when valid
    # others: (S, 2) probe time (s), the other person's height / ours (0: nobody else)
    others: np.ndarray = field(default_factory=lambda: np.zeros((0, 2)))

    def __post_init__(self) -> None:
        n = len(self.times_s)
        if self.image_xy.shape != (n, N_LANDMARKS, 2) or self.world_xyz.shape != (n, N_LANDMARKS, 3):
            raise ValueError("PoseTrack arrays must be (T, 33, 2) and (T, 33, 3)")
        if self.visibility.shape != (n, N_LANDMARKS):
            raise ValueError("visibility must be (T, 33)")
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
        return replace(self, image_xy=xy, world_xyz=world, visibility=self.visibility[:, perm].copy(),
                       valid=self.valid.copy(), invalid_reason=list(self.invalid_reason), others=self.others.copy())


def merge_tracks(parts: list[PoseTrack]) -> PoseTrack:
    """One track from consecutive time chunks of the same clip."""
    first = parts[0]
    return PoseTrack(np.concatenate([p.times_s for p in parts]), np.concatenate([p.image_xy for p in parts]),
                     np.concatenate([p.world_xyz for p in parts]), np.concatenate([p.visibility for p in parts]),
                     first.width, first.height, others=np.concatenate([p.others for p in parts]))


def empty_arrays(n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """NaN-filled image, world and visibility arrays for ``n`` frames."""
    return (np.full((n, N_LANDMARKS, 2), np.nan), np.full((n, N_LANDMARKS, 3), np.nan),
            np.zeros((n, N_LANDMARKS)))
