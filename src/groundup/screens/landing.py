"""Drop-jump landing screen: flights, initial contact per foot, the deepest point, LESS items.

prepared track -> landings (``landing_events``) -> per-landing summaries against standing on
the floor -> the shared judging (``engine.judge``) with the landing's own refusal when no
landing was seen -> the landing criteria and the front-view LESS subset (``landing_criteria``).
"""

from __future__ import annotations

from dataclasses import replace
from functools import partial

import numpy as np

from groundup.analysis import Analysis, ScreenReport
from groundup.findings.quality import CaptureQuality, QualityIssue, TrialRule
from groundup.metrics.rep_summary import MIN_STANDING_FRAMES, STANDING_DEPTH, baseline, summarise_reps
from groundup.screens.base import Prepared
from groundup.screens.contact import trunk_lean_deg
from groundup.screens.engine import Trials, judge
from groundup.screens.landing_criteria import landing_figures, landing_values, screen_criteria
from groundup.screens.landing_events import FlightSearch, find_landings, landing_events, landing_reps
from groundup.thresholds import Thresholds

LANDING_TRIALS = TrialRule(
    "landing", "landing.recommended",
    "No landing was found: both feet were never seen leaving the floor and coming back down.",
    "Start filming before you step off the box, keep the whole body and the floor in view, and keep "
    "filming until you stand still after {n} landings.", "a drop-jump landing")


def no_landing_issue(search: FlightSearch, depth: np.ndarray, times_s: np.ndarray) -> QualityIssue | None:
    """A refusal that says why no landing was found: no flight seen, or the clip stops in the air."""
    if search.landings:
        return None
    advice = ("Start filming before you step off the box, keep the whole body and the floor in view, "
              "and keep filming until you stand still after the landing.")
    if search.unfinished:
        return QualityIssue("no_landing", "refuse", "The clip ends while the feet are still in the air: the landing "
                            "is not in the video.", advice, float(search.flights), "landing.flight_height")
    first = np.flatnonzero(np.isfinite(depth))
    crouched = bool(first.size and depth[first[0]] > 0.1)
    where = ("the person is already crouched at the first frame, so the clip starts after the landing" if crouched
             else "the clip may start after the landing, or the person never jumped")
    return QualityIssue("no_flight", "refuse", "No flight phase was seen: both feet never left the floor together, "
                        f"so there is no landing to judge ({where}).", advice, 0.0, "landing.flight_height")


def landing_baseline(p: Prepared, depth: np.ndarray, heights: dict[str, np.ndarray],
                     th: Thresholds) -> dict[str, float] | None:
    """Median measures over frames standing tall with both feet on the floor (None if too few)."""
    tol = th.value("landing.contact_height")
    with np.errstate(invalid="ignore"):
        standing = p.valid & (heights["left"] <= tol) & (heights["right"] <= tol) & (np.abs(depth) < STANDING_DEPTH)
    if standing.sum() < MIN_STANDING_FRAMES:
        return None
    base = baseline(p.measures, standing)
    if base is not None:
        base["_trunk_lean_deg"] = float(np.nanmedian(trunk_lean_deg(p.xy)[standing]))
    return base


def with_landing_issue(issues: list[QualityIssue], missing: QualityIssue | None) -> list[QualityIssue]:
    """The gate's issues with its generic 'no landings' refusal replaced by what was seen, when no landing was."""
    if missing is None:
        return issues
    return [i for i in issues if i.code != "no_landings"] + [missing]


def analyse(p: Prepared, movement: str, th: Thresholds) -> Analysis:
    """The drop-jump landing screen on a prepared track."""
    times = p.track.times_s
    search, depth, heights = find_landings(p, th)
    reps = landing_reps(search.landings, depth)
    base = landing_baseline(p, depth, heights, th)
    measures_base = {k: v for k, v in base.items() if not k.startswith("_")} if base else None
    summaries = summarise_reps(p.measures, reps, depth, p.valid, measures_base)
    gate = partial(with_landing_issue, missing=no_landing_issue(search, depth, times))
    reported = replace(p, depth=np.where(np.isfinite(depth), depth, p.depth))
    a = judge(reported, movement, th, Trials(reps, summaries, measures_base, LANDING_TRIALS, gate, compensations=True))
    values = [landing_values(p, landing, base, depth, times) for landing in search.landings]
    criteria = screen_criteria(values, search.landings, th, a.quality, base is not None) if values else []
    a.screen = ScreenReport("drop-jump", landing_events(search.landings, times), criteria,
                            landing_figures(values, criteria), _notes(search, a.quality, base is not None))
    return a


def _notes(search: FlightSearch, quality: CaptureQuality, has_base: bool) -> list[str]:
    notes = [f"{len(search.landings)} landing{'s' if len(search.landings) != 1 else ''} found "
             f"({search.flights} flight{'s' if search.flights != 1 else ''} seen)."]
    if any(landing.takeoff is None for landing in search.landings):
        notes.append("A take-off happened before the clip starts; its landing is still judged.")
    if search.unfinished and search.landings:
        notes.append("The clip ends during a flight: that last landing is not in the video.")
    if not has_base:
        notes.append("No standing frames on the floor: knee shifts are raw positions, not changes from standing.")
    notes.append("LESS items are the front-view subset only (foot rotation is shown but not scored); "
                 "this is not a full 17-item LESS score.")
    if not quality.can_judge:
        notes.append("The capture check refused the clip: criteria are left unrated.")
    return notes
