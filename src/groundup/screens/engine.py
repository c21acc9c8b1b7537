"""The judging every screen shares: from a screen's trials to the ``Analysis``.

A screen module finds its trials (reps, landings, stance phases, holds), summarises them
against its standing baseline and hands them over as ``Trials``; ``judge`` runs the capture
gate, classifies the arms, judges each knee and ankle, compares the sides and builds the
result. The screen then adds its own report (events, criteria) to it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from groundup.analysis import Analysis
from groundup.findings import verdicts
from groundup.findings.quality import SQUAT_TRIALS, QualityIssue, TrialRule, assess_capture, capture_stats
from groundup.metrics.body import standing_arms
from groundup.metrics.rep_summary import RepSummary
from groundup.pose.landmarks import SIDES
from groundup.screens.base import Prepared
from groundup.signals.reps import Rep
from groundup.thresholds import Thresholds

GateAdjustment = Callable[[list[QualityIssue]], list[QualityIssue]]


@dataclass(frozen=True)
class Trials:
    """What a screen found to judge.

    ``rule`` says how the gate counts the trials; ``gate`` (optional) edits the gate's issues
    with the screen's own checks before anything is judged; ``compensations`` asks for the
    squat's front-view compensations (shoulders, arms, trunk, feet, pelvis).
    """

    reps: list[Rep]
    summaries: list[RepSummary]
    baseline: dict[str, float] | None
    rule: TrialRule = SQUAT_TRIALS
    gate: GateAdjustment | None = None
    compensations: bool = False


def standing_foot_angles(base: dict[str, float] | None) -> dict[str, float]:
    """Standing toe-out per side, from the baseline."""
    return {s: base[f"{s}_foot_progression_deg"] for s in SIDES} if base else {}


def judge(p: Prepared, movement: str, th: Thresholds, trials: Trials) -> Analysis:
    """Capture gate, arms, knee and ankle verdicts per side and symmetry of ``trials``, as an ``Analysis``.

    ``p`` is the track as the screen reports it (its measures and depth), ``screen`` is left for
    the screen module to fill in.
    """
    times = p.track.times_s
    stats = capture_stats(p.track, p.raw_xy, p.xy, p.shank, trials.reps, th.value("quality.second_person_height"))
    quality = assess_capture(stats, th, trials.rule)
    if trials.gate is not None:
        quality.issues = trials.gate(quality.issues)
    base = trials.baseline
    has_base = base is not None
    arms = standing_arms(p.measures, base)
    knees = {s: verdicts.judge_knee(s, trials.summaries, times, th, quality, has_base) for s in SIDES}
    ankles = {s: verdicts.judge_ankle(s, trials.summaries, times, th, quality, has_base) for s in SIDES}
    compensations = verdicts.judge_compensations(trials.summaries, times, th, quality, has_base, arms,
                                                 standing_foot_angles(base)) if trials.compensations else []
    return Analysis(track=p.track, movement=movement, raw_xy=p.raw_xy, xy=p.xy, world=p.world, scale=p.scale,
                    measures=p.measures, depth=p.depth, reps=trials.reps, summaries=trials.summaries, baseline=base,
                    arms=arms, quality=quality, knees=knees, ankles=ankles, symmetry=verdicts.symmetry(knees, th),
                    compensations=compensations, thresholds=th)
