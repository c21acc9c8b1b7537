"""The squat screen (overhead or arms down): reps of the hips dropping with both feet down.

track -> prepare (tracking checks, cleaned landmarks, frame measures) -> reps ->
per-rep summaries against standing -> the shared judging (``engine.judge``) -> for the
overhead squat, its compensation block (and a side clip's items, when given).
"""

from __future__ import annotations

from groundup.analysis import Analysis
from groundup.metrics.rep_summary import summarise_reps
from groundup.pose.track import PoseTrack
from groundup.screens.base import Prepared, prepare, rep_settings
from groundup.screens.common import standing_baseline
from groundup.screens.engine import Trials, judge
from groundup.screens.overhead import front_criteria, overhead_report, side_view_criteria
from groundup.signals.reps import detect_reps
from groundup.thresholds import Thresholds


def analyse_track(track: PoseTrack, movement: str, th: Thresholds) -> Analysis:
    """The squat screen on a pose track (modified in place: validity)."""
    return analyse_squat(prepare(track, th), movement, th)


def analyse_squat(p: Prepared, movement: str, th: Thresholds) -> Analysis:
    """Reps, summaries against standing, then the shared judging; the overhead block for an overhead squat."""
    reps = detect_reps(p.track.times_s, p.depth, rep_settings(th))
    base = standing_baseline(p)
    summaries = summarise_reps(p.measures, reps, p.depth, p.valid, base)
    a = judge(p, movement, th, Trials(reps, summaries, base, compensations=True))
    if movement == "overhead-squat":
        a.screen = overhead_report(front_criteria(a.compensations, a.measures, reps, base, th, a.quality.can_judge),
                                   None)
    return a


def add_side_view(a: Analysis, side: Prepared) -> None:
    """Rebuild the overhead squat's compensation block with the side clip's items (in place)."""
    front = front_criteria(a.compensations, a.measures, a.reps, a.baseline, a.thresholds, a.quality.can_judge)
    a.screen = overhead_report(front, side_view_criteria(side, a.thresholds))
