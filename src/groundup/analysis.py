"""The squat screen, and the ``Analysis`` every screen produces: pure computation, no I/O.

track -> prepare (tracking checks, cleaned landmarks, frame measures) -> reps ->
per-rep summaries against standing -> capture gate -> findings.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from groundup.findings import verdicts
from groundup.findings.quality import CaptureQuality, assess_capture, capture_stats
from groundup.metrics.frame_measures import BodyScale
from groundup.metrics.rep_summary import RepSummary, baseline, standing_frames, summarise_reps
from groundup.pose.landmarks import SIDES
from groundup.pose.track import PoseTrack
from groundup.screens.base import Prepared, ScreenReport, prepare, rep_settings
from groundup.screens.overhead import front_criteria, overhead_report
from groundup.signals.reps import Rep, detect_reps
from groundup.thresholds import Thresholds

OVERHEAD_WRIST = 0.15  # torso lengths above the nose: hands overhead
RAISED_WRIST = -0.4  # between this and overhead: hands on head/shoulders (prisoner, barbell)


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


def classify_arms(wrist_over_nose: float) -> str:
    """'overhead', 'raised' (hands at head or shoulders) or 'down', from standing frames."""
    if not np.isfinite(wrist_over_nose):
        return "unknown"
    return "overhead" if wrist_over_nose > OVERHEAD_WRIST else "raised" if wrist_over_nose > RAISED_WRIST else "down"


def standing_foot_angles(base: dict[str, float] | None) -> dict[str, float]:
    """Standing toe-out per side, from the baseline."""
    return {s: base[f"{s}_foot_progression_deg"] for s in SIDES} if base else {}


def analyse_track(track: PoseTrack, movement: str, th: Thresholds) -> Analysis:
    """The squat screen on a pose track (modified in place: validity)."""
    return analyse_squat(prepare(track, th), movement, th)


def analyse_squat(p: Prepared, movement: str, th: Thresholds) -> Analysis:
    """Reps, summaries against standing, the capture gate and the knee/ankle findings of a squat."""
    track = p.track
    reps = detect_reps(track.times_s, p.depth, rep_settings(th))
    base = baseline(p.measures, standing_frames(p.depth, p.valid))
    summaries = summarise_reps(p.measures, reps, p.depth, p.valid, base)
    stats = capture_stats(track, p.raw_xy, p.xy, p.shank, reps, th.value("quality.second_person_height"))
    quality = assess_capture(stats, th)
    arms = classify_arms(base["wrist_over_nose"] if base else float(np.nanmedian(p.measures["wrist_over_nose"])))
    has_base = base is not None
    knees = {s: verdicts.judge_knee(s, summaries, track.times_s, th, quality, has_base) for s in SIDES}
    ankles = {s: verdicts.judge_ankle(s, summaries, track.times_s, th, quality, has_base) for s in SIDES}
    compensations = verdicts.judge_compensations(summaries, track.times_s, th, quality, has_base, arms,
                                                 standing_foot_angles(base))
    screen = None
    if movement == "overhead-squat":
        screen = overhead_report(front_criteria(compensations, p.measures, reps, base, th, quality.can_judge), None)
    return Analysis(track, movement, p.raw_xy, p.xy, p.world, p.scale, p.measures, p.depth, reps, summaries, base,
                    arms, quality, knees, ankles, verdicts.symmetry(knees, th), compensations, th, screen)


def add_side_view(a: Analysis, side: Prepared) -> None:
    """Rebuild the overhead squat's compensation block with the side clip's items (in place)."""
    from groundup.screens.overhead import side_view_criteria

    front = front_criteria(a.compensations, a.measures, a.reps, a.baseline, a.thresholds, a.quality.can_judge)
    a.screen = overhead_report(front, side_view_criteria(side, a.thresholds))
