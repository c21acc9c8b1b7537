"""What every screen shares: the cleaned track and its measures, and the screen's own report.

``prepare`` runs the steps common to all screens (tracking checks, masking, filtering,
body scale, per-frame measures, hip depth). A screen module turns a ``Prepared`` into an
``Analysis`` (the same object the squat produces, so rendering, result.json and the
program work unchanged) with a ``ScreenReport`` holding its events and criteria.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from groundup.findings.thresholds import Threshold, Thresholds
from groundup.metrics.frame_measures import BodyScale, compute_body_scale, compute_frame_measures
from groundup.pose.landmarks import INDEX
from groundup.pose.track import PoseTrack
from groundup.pose.tracking import TrackingSettings, mark_identity_jumps, mark_leg_swaps
from groundup.signals.filtering import FilterSettings, clean_series, mask_low_confidence
from groundup.signals.reps import RepSettings, hip_depth


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


@dataclass(frozen=True)
class Event:
    """A moment the screen found: initial contact, deepest point, foot strike, touch-down..."""

    kind: str
    frame: int
    time_s: float
    side: str | None = None

    def as_dict(self) -> dict:
        return {"kind": self.kind, "side": self.side, "frame": self.frame, "time_s": round(self.time_s, 3)}


@dataclass
class Criterion:
    """One rated item of a screen (a Crossley criterion, a LESS item, a gait measure...).

    ``rating`` is "good"/"poor" for rated criteria, "present"/"absent" for scored errors,
    "measured" for values reported without a cut-off, or "unknown" when the clip could not show it.
    """

    name: str
    label: str
    side: str | None
    rating: str
    value: float | None
    unit: str
    threshold: Threshold | None
    frames: list[int] = field(default_factory=list)
    confidence: float = 0.0
    note: str = ""

    def as_dict(self) -> dict:
        value = None if self.value is None or not np.isfinite(self.value) else round(float(self.value), 4)
        return {"name": self.name, "label": self.label, "side": self.side, "rating": self.rating, "value": value,
                "unit": self.unit, "threshold": self.threshold.as_dict() if self.threshold else None,
                "frames": [int(f) for f in self.frames], "confidence": round(self.confidence, 2), "note": self.note}


@dataclass
class ScreenReport:
    """The screen-specific part of an analysis: events, rated criteria, figures and notes."""

    screen: str
    events: list[Event] = field(default_factory=list)
    criteria: list[Criterion] = field(default_factory=list)
    figures: dict[str, float | None] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        figures = {k: None if v is None or not np.isfinite(v) else round(float(v), 4) for k, v in self.figures.items()}
        return {"screen": self.screen, "events": [e.as_dict() for e in self.events],
                "criteria": [c.as_dict() for c in self.criteria], "figures": figures, "notes": self.notes}
