"""What every screen starts from: the cleaned track and its measures.

``prepare`` runs the steps common to all screens (tracking checks, masking, filtering,
body scale, per-frame measures, hip depth). A screen module finds its trials in a
``Prepared`` and hands them to ``screens.engine.judge``, which builds the ``Analysis``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from groundup.metrics.frame_measures import BodyScale, compute_body_scale, compute_frame_measures
from groundup.pose.landmarks import INDEX
from groundup.pose.track import PoseTrack
from groundup.pose.tracking import TrackingSettings, mark_identity_jumps, mark_leg_swaps
from groundup.signals.filtering import FilterSettings, clean_series, mask_low_confidence
from groundup.signals.reps import RepSettings, hip_depth
from groundup.thresholds import Thresholds


@dataclass
class Prepared:
    """A pose track cleaned and measured, before any screen-specific judgement."""

    track: PoseTrack
    raw_xy: np.ndarray
    xy: np.ndarray
    world: np.ndarray
    scale: BodyScale
    measures: dict[str, np.ndarray]
    depth: np.ndarray  # hip drop below standing, leg lengths

    @property
    def valid(self) -> np.ndarray:
        """Frames that may be measured."""
        return self.track.valid & np.isfinite(self.depth)

    @property
    def shank(self) -> float:
        return float(np.nanmean(list(self.scale.shank.values())))


def filter_settings(th: Thresholds) -> FilterSettings:
    return FilterSettings(th.value("signals.min_visibility"), th.value("signals.max_gap_s"),
                          th.value("signals.cutoff_hz"), int(th.value("signals.order")))


def rep_settings(th: Thresholds) -> RepSettings:
    """Squat-style rep detection limits from the thresholds."""
    return RepSettings(min_depth=th.value("reps.min_depth"), min_interval_s=th.value("reps.min_interval_s"))


def prepare(track: PoseTrack, th: Thresholds) -> Prepared:
    """Tracking checks, cleaning and every per-frame measure (``track.valid`` is updated in place)."""
    mark_identity_jumps(track, TrackingSettings())
    mark_leg_swaps(track)
    fs = filter_settings(th)
    raw_xy = mask_low_confidence(track.image_xy, track.visibility, track.valid, fs.min_visibility)
    xy = clean_series(track.times_s, raw_xy, fs)
    world = clean_series(track.times_s, mask_low_confidence(track.world_xyz, track.visibility, track.valid,
                                                            fs.min_visibility), fs)
    scale = compute_body_scale(xy, world)
    measures = compute_frame_measures(xy, world, scale)
    hip_y = (xy[:, INDEX["left_hip"], 1] + xy[:, INDEX["right_hip"], 1]) / 2
    return Prepared(track, raw_xy, xy, world, scale, measures, hip_depth(hip_y, scale.leg))
