"""The result of one clip, whatever the screen: ``Analysis`` and the screen's own report in it.

Built by ``groundup.screens.engine.judge``; read by rendering, result.json and the program.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from groundup.findings import verdicts
from groundup.findings.quality import CaptureQuality
from groundup.metrics.frame_measures import BodyScale
from groundup.metrics.rep_summary import RepSummary
from groundup.pose.track import PoseTrack
from groundup.signals.reps import Rep
from groundup.thresholds import Threshold, Thresholds


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


@dataclass
class Analysis:
    """Everything computed from one clip's pose track.

    ``reps`` are the screen's trials (squat reps, single-leg reps, a landing, stance
    phases, holds); ``screen`` holds what only that screen has (events, criteria).
    """

    track: PoseTrack
    movement: str
    raw_xy: np.ndarray
    xy: np.ndarray
    world: np.ndarray
    scale: BodyScale
    measures: dict[str, np.ndarray]
    depth: np.ndarray
    reps: list[Rep]
    summaries: list[RepSummary]
    baseline: dict[str, float] | None
    arms: str
    quality: CaptureQuality
    knees: dict[str, verdicts.Finding]
    ankles: dict[str, verdicts.Finding]
    symmetry: dict
    compensations: list[dict]
    thresholds: Thresholds
    screen: ScreenReport | None = None
    recognition: dict | None = None  # set when the movement was recognised rather than named
