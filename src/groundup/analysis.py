"""From a pose track to findings: pure computation, no I/O.

track -> tracking checks -> cleaned landmarks -> frame measures -> reps ->
per-rep summaries against standing -> capture gate -> findings.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from groundup.findings import verdicts
from groundup.findings.quality import CaptureQuality, assess_capture, capture_stats
from groundup.findings.thresholds import Thresholds
from groundup.metrics.frame_measures import BodyScale, compute_body_scale, compute_frame_measures
from groundup.metrics.rep_summary import RepSummary, baseline, standing_frames, summarise_reps
from groundup.pose.landmarks import INDEX, SIDES
from groundup.pose.track import PoseTrack
from groundup.pose.tracking import TrackingSettings, mark_identity_jumps, mark_leg_swaps
from groundup.signals.filtering import FilterSettings, clean_series, mask_low_confidence
from groundup.signals.reps import Rep, RepSettings, detect_reps, hip_depth

MOVEMENTS = ("overhead-squat", "arms-down-squat")
OVERHEAD_WRIST = 0.15  # torso lengths above the nose: hands overhead
RAISED_WRIST = -0.4  # between this and overhead: hands on head/shoulders (prisoner, barbell)


@dataclass
class Analysis:
    """Everything computed from one clip's pose track."""

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


def filter_settings(th: Thresholds) -> FilterSettings:
    return FilterSettings(th.value("signals.min_visibility"), th.value("signals.max_gap_s"),
                          th.value("signals.cutoff_hz"), int(th.value("signals.order")))


def rep_settings(th: Thresholds) -> RepSettings:
    return RepSettings(min_depth=th.value("reps.min_depth"), min_interval_s=th.value("reps.min_interval_s"))


def classify_arms(wrist_over_nose: float) -> str:
    """'overhead', 'raised' (hands at head or shoulders) or 'down', from standing frames."""
    if not np.isfinite(wrist_over_nose):
        return "unknown"
    return "overhead" if wrist_over_nose > OVERHEAD_WRIST else "raised" if wrist_over_nose > RAISED_WRIST else "down"


def standing_foot_angles(base: dict[str, float] | None) -> dict[str, float]:
    """Standing toe-out per side, from the baseline."""
    return {s: base[f"{s}_foot_progression_deg"] for s in SIDES} if base else {}


def analyse_track(track: PoseTrack, movement: str, th: Thresholds) -> Analysis:
    """Run the whole measurement and judgement on a pose track (modified in place: validity)."""
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
    depth = hip_depth(hip_y, scale.leg)
    reps = detect_reps(track.times_s, depth, rep_settings(th))
    valid_frames = track.valid & np.isfinite(depth)
    base = baseline(measures, standing_frames(depth, valid_frames))
    summaries = summarise_reps(measures, reps, depth, valid_frames, base)
    shank = float(np.nanmean(list(scale.shank.values())))
    stats = capture_stats(track, raw_xy, xy, shank, reps, th.value("quality.second_person_height"))
    quality = assess_capture(stats, th)
    arms = classify_arms(base["wrist_over_nose"] if base else float(np.nanmedian(measures["wrist_over_nose"])))
    has_base = base is not None
    knees = {s: verdicts.judge_knee(s, summaries, track.times_s, th, quality, has_base) for s in SIDES}
    ankles = {s: verdicts.judge_ankle(s, summaries, track.times_s, th, quality, has_base) for s in SIDES}
    return Analysis(track, movement, raw_xy, xy, world, scale, measures, depth, reps, summaries, base, arms,
                    quality, knees, ankles, verdicts.symmetry(knees, th),
                    verdicts.judge_compensations(summaries, track.times_s, th, quality, has_base, arms,
                                                  standing_foot_angles(base)), th)
