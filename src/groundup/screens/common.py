"""Helpers several screens share: single-leg stances of a prepared track and standing on both feet.

The single-leg squat, the balance screen and recognition all read stances the same way;
the screens that judge one leg per trial keep only that leg in each trial's summary.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from groundup.findings.quality import TrialRule
from groundup.metrics.frame_measures import offsets_on_standing_axis
from groundup.metrics.rep_summary import MIN_STANDING_FRAMES, RepSummary, baseline, standing_frames, summarise_reps
from groundup.screens.base import Prepared
from groundup.screens.engine import Trials
from groundup.screens.stance import Stance, StanceSettings, find_stances, foot_clearance, stance_mask
from groundup.signals.reps import Rep
from groundup.thresholds import Thresholds

STANCE_TOP_PERCENTILE = 5.0  # the hip's top while on one leg: this percentile of its depth in the stance


def stance_settings(th: Thresholds) -> StanceSettings:
    """Stance detection limits from the [single_leg.*] thresholds."""
    return StanceSettings(lift_on=th.value("single_leg.lift_on"), lift_off=th.value("single_leg.lift_off"),
                          min_duration_s=th.value("single_leg.min_stance_s"),
                          max_unseen_s=th.value("signals.max_gap_s"))


def find_prepared_stances(p: Prepared, th: Thresholds) -> list[Stance]:
    """Single-leg stances of a prepared track."""
    return find_stances(p.track.times_s, foot_clearance(p.xy, p.valid, p.shank), stance_settings(th))


def standing_baseline(p: Prepared, stances: list[Stance] | None = None) -> dict[str, float] | None:
    """Median measures standing tall on both feet (outside every stance), else standing tall on any."""
    standing = standing_frames(p.depth, p.valid)
    if not stances:
        return baseline(p.measures, standing)
    return baseline(p.measures, standing & ~stance_mask(len(p.depth), stances)) or baseline(p.measures, standing)


def on_standing_axis(p: Prepared, stances: list[Stance]) -> Prepared:
    """``p`` with its knee and ankle offsets read along the hip line of standing on both feet, so a
    pelvis dropping on one leg does not tilt the axis (an 8 deg drop read a 0.4 shank shift as 0.26)."""
    standing = standing_frames(p.depth, p.valid) & ~stance_mask(len(p.depth), stances)
    if standing.sum() < MIN_STANDING_FRAMES:
        return p
    return replace(p, measures={**p.measures, **offsets_on_standing_axis(p.xy, p.scale, standing)})


def stance_depth(depth: np.ndarray, stances: list[Stance]) -> np.ndarray:
    """Hip drop below its top while on one leg, per stance (NaN outside stances), leg lengths."""
    out = np.full(len(depth), np.nan)
    for s in stances:
        seg = depth[s.lift_off:s.touch_down]
        if np.isfinite(seg).any():
            out[s.lift_off:s.touch_down] = seg - np.nanpercentile(seg, STANCE_TOP_PERCENTILE)
    return out


def one_leg_trials(p: Prepared, stances: list[Stance], reps: list[Rep], sides: list[str], depth: np.ndarray,
                   rule: TrialRule) -> Trials:
    """Trials on one leg each (``sides``), summarised on ``depth`` against standing on both feet, standing leg only."""
    base = standing_baseline(p, stances)
    return Trials(reps, standing_side_only(summarise_reps(p.measures, reps, depth, p.valid, base), sides), base, rule)


def standing_side_only(summaries: list[RepSummary], sides: list[str]) -> list[RepSummary]:
    """Each trial's summary keeping only its standing leg (the free or swing leg is not judged)."""
    return [replace(s, side={side: s.side[side]} if side in s.side else {}) for s, side in zip(summaries, sides)]
