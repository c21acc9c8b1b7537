"""What a job is and how far it got: the values every job queue and its readers share."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

STAGE_SPAN = {"pose": (0.05, 0.70, "Tracking joints"), "render": (0.75, 0.95, "Drawing the annotated video")}
STATES = ("queued", "running", "done", "failed")
BROKER_ENV = "GROUNDUP_BROKER_URL"


@dataclass(frozen=True)
class AnalysisJob:
    """One clip to analyse for one person, and where to write and store it."""

    person_id: int
    person_name: str  # the stored (unique) name, which coach.py looks people up by
    video: Path
    out: Path
    movement: str | None  # None: recognised from the video
    db_url: str


@dataclass(frozen=True)
class JobStatus:
    """Where a job stands; ``fraction`` runs from 0 to 1."""

    id: str
    person_id: int
    state: str  # queued | running | done | failed
    stage: str
    fraction: float
    assessment_id: int | None = None
    message: str = ""

    @property
    def finished(self) -> bool:
        return self.state in ("done", "failed")


def progress_fraction(stage: str, done: int, total: int) -> float:
    """Overall progress from one stage's frame count."""
    low, high, _ = STAGE_SPAN.get(stage, (0.0, 0.0, ""))
    share = min(1.0, done / total) if total > 0 else 0.0
    return round(low + (high - low) * share, 3)


def stage_words(stage: str) -> str:
    return STAGE_SPAN[stage][2] if stage in STAGE_SPAN else stage


def broker_url(option: str | None) -> str | None:
    """``--broker``, else ``$GROUNDUP_BROKER_URL``, else none (analyses run on this machine)."""
    return option or os.environ.get(BROKER_ENV) or None
