"""The single-leg balance screen: hold time per leg, knee and ankle collapse, sway.

prepared track -> single-leg stances (free foot lift-off to touch-down) -> holds long
enough to judge -> per-hold summaries of the standing leg -> capture gate -> knee/ankle
findings (the squat's verdict measures), collapse events, sway of the body centre.
"""

from __future__ import annotations

import numpy as np

from groundup.analysis import Analysis, Criterion, Event, ScreenReport
from groundup.findings import verdicts
from groundup.findings.quality import CaptureQuality, TrialRule
from groundup.metrics.geometry import joint
from groundup.pose.landmarks import SIDES
from groundup.screens.base import Prepared
from groundup.screens.common import find_prepared_stances, on_standing_axis, one_leg_trials
from groundup.screens.engine import judge
from groundup.screens.stance import Stance
from groundup.signals.reps import Rep
from groundup.thresholds import Thresholds

SCREEN = "single-leg-balance"


def judged_holds(stances: list[Stance], times: np.ndarray, min_hold_s: float) -> list[Stance]:
    """Stances long enough to judge as a balance hold."""
    return [s for s in stances if s.duration_s(times) >= min_hold_s]


def holds_as_reps(holds: list[Stance]) -> list[Rep]:
    """Each hold as a trial (``Rep``): start at lift-off, end on the last frame on one leg.

    A hold is complete when it ended with a touch-down or at the end of the clip (its time is
    then a lower bound); a hold whose person was lost is not.
    """
    reps: list[Rep] = []
    for h in holds:
        end = max(h.touch_down - 1, h.lift_off)
        reps.append(Rep(len(reps) + 1, h.lift_off, (h.lift_off + end) // 2, end, 0.0, h.ended != "lost"))
    return reps


def excursions(values: np.ndarray, level: float, frames: np.ndarray, times: np.ndarray,
               min_s: float) -> list[tuple[int, int, int]]:
    """Runs within ``frames`` where ``values`` >= ``level`` for at least ``min_s``: (first, peak, last)."""
    out = []
    above = np.zeros(len(values), dtype=bool)
    above[frames] = np.isfinite(values[frames]) & (values[frames] >= level)
    i, n = 0, len(values)
    while i < n:
        if not above[i]:
            i += 1
            continue
        j = i
        while j + 1 < n and above[j + 1]:
            j += 1
        if times[j] - times[i] >= min_s:
            out.append((i, i + int(np.nanargmax(values[i:j + 1])), j))
        i = j + 1
    return out


def collapse_events(kind: str, side: str, change: np.ndarray, level: float, holds: list[Stance],
                    times: np.ndarray, min_s: float) -> list[Event]:
    """An event at the peak of each run where ``change`` stays past ``level`` during a hold on ``side``."""
    events = []
    for h in holds:
        if h.side == side:
            for _, peak, _ in excursions(change, level, h.frames, times, min_s):
                events.append(Event(kind, peak, float(times[peak]), side))
    return events


def collapse_criterion(name: str, label: str, side: str, change: np.ndarray, events: list[Event],
                       holds: list[Stance], key: str, th: Thresholds, quality: CaptureQuality,
                       cap: float = 1.0) -> Criterion:
    """Poor when any collapse event happened on ``side``; the value is the largest change in its holds."""
    t = th[key]
    frames = np.concatenate([h.frames for h in holds if h.side == side] or [np.zeros(0, dtype=int)])
    seen = change[frames][np.isfinite(change[frames])] if frames.size else np.zeros(0)
    if not quality.can_judge or seen.size == 0:
        why = "the capture was refused" if not quality.can_judge else f"no judged hold on the {side} leg"
        return Criterion(name, label, side, "unknown", None, t.unit, t, [], 0.0, f"Not rated: {why}.")
    rating = "poor" if events else "good"
    note = f"{len(events)} collapse event(s) of at least {th.value('balance.min_collapse_s'):g} s past the threshold."
    return Criterion(name, label, side, rating, float(seen.max()), t.unit, t, [e.frame for e in events],
                     min(cap, verdicts.MAX_CONFIDENCE, quality.confidence_factor), note)


def sway(xy: np.ndarray, frames: np.ndarray, times: np.ndarray, point: str, side: str,
         hip_width: float) -> tuple[float, float]:
    """Sideways sway of the ``point`` centre ('hip' or 'shoulder') over the standing ankle during ``frames``.

    Returns (SD, path length per second), both in hip widths; measured over the standing
    ankle so that a moving camera does not read as sway.
    """
    centre = (joint(xy, "left", point)[:, 0] + joint(xy, "right", point)[:, 0]) / 2
    x = (centre - joint(xy, side, "ankle")[:, 0])[frames] / hip_width
    x = x[np.isfinite(x)]
    if x.size < 3 or times[frames[-1]] <= times[frames[0]]:
        return float("nan"), float("nan")
    return float(np.std(x)), float(np.sum(np.abs(np.diff(x))) / (times[frames[-1]] - times[frames[0]]))


def hold_criterion(side: str, stances: list[Stance], times: np.ndarray, th: Thresholds,
                   quality: CaptureQuality) -> Criterion:
    """Hold time on ``side``: good at the program's target, poor when the foot touched down sooner."""
    t = th["balance.target_hold_s"]
    mine = [s for s in stances if s.side == side]
    label = "Hold time on one leg"
    if not mine:
        return Criterion("hold_time", label, side, "unknown", None, "s", t, [], 0.0,
                         f"No stance on the {side} leg was found.")
    longest = max(mine, key=lambda s: s.duration_s(times))
    value = longest.duration_s(times)
    frames = [longest.lift_off, min(longest.touch_down, len(times) - 1)]
    conf = quality.confidence_factor
    if value >= t.value:
        return Criterion("hold_time", label, side, "good", value, "s", t, frames, conf, "Held to the target.")
    if longest.ended == "touch-down":
        return Criterion("hold_time", label, side, "poor", value, "s", t, frames, conf,
                         "The free foot touched down before the target time.")
    why = "the clip ended" if longest.ended == "clip end" else "the person was lost"
    return Criterion("hold_time", label, side, "unknown", value, "s", t, frames, 0.0,
                     f"Not rated: {why} after {value:.1f} s, before the target time; the hold may have gone on.")


def trial_rule(stances: list[Stance], times: np.ndarray, min_hold_s: float) -> TrialRule:
    """How the gate counts holds, with a message that says what was missing."""
    advice = ("Film from the front, camera at knee-to-hip height, whole body and feet in view: stand on one leg "
              "with the other foot clear of the floor for up to 20 s, then the same on the other leg ({n} holds).")
    if not stances:
        message = "No single-leg stance found: lift one foot clear of the floor and hold."
    else:
        longest = max(stances, key=lambda s: s.duration_s(times))
        ended = {"touch-down": "before the foot touched down", "clip end": "before the clip ended",
                 "lost": "before the tracker lost the person"}[longest.ended]
        message = (f"No single-leg hold of {min_hold_s:g} s was found: the longest stance on one leg lasted "
                   f"{longest.duration_s(times):.1f} s, {ended}.")
    return TrialRule("hold", "balance.recommended_holds", message, advice, "a single-leg hold")


def stance_events(stances: list[Stance], times: np.ndarray) -> list[Event]:
    """Lift-off and touch-down (or where the stance stopped being seen) of each stance."""
    events = []
    for s in stances:
        end = min(s.touch_down, len(times) - 1)
        kind = "touch_down" if s.ended == "touch-down" else "hold_" + s.ended.replace(" ", "_")
        if s.started == "lift-off":
            events.append(Event("lift_off", s.lift_off, float(times[s.lift_off]), s.side))
        events.append(Event(kind, end, float(times[end]), s.side))
    return events


def analyse(p: Prepared, movement: str, th: Thresholds) -> Analysis:
    """Single-leg balance: holds per leg, knee/ankle findings, collapse events and sway."""
    times = p.track.times_s
    stances = find_prepared_stances(p, th)
    p = on_standing_axis(p, stances)
    min_hold = th.value("balance.min_hold_s")
    holds = judged_holds(stances, times, min_hold)
    trials = one_leg_trials(p, stances, holds_as_reps(holds), [h.side for h in holds], p.depth,
                            trial_rule(stances, times, min_hold))
    a = judge(p, movement, th, trials)
    a.screen = balance_report(p, stances, holds, trials.baseline, th, a.quality)
    left, right = a.screen.figures["left_hold_s"], a.screen.figures["right_hold_s"]
    a.symmetry["hold_difference_s"] = round(left - right, 2) if left and right else None
    return a


def balance_report(p: Prepared, stances: list[Stance], holds: list[Stance], base: dict[str, float] | None,
                   th: Thresholds, quality: CaptureQuality) -> ScreenReport:
    """Lift-offs and touch-downs, then per leg: hold time, knee and ankle collapse, sway."""
    times = p.track.times_s
    report = ScreenReport(SCREEN, stance_events(stances, times))
    for side in SIDES:
        add_leg(report, side, p, stances, holds, base, th, quality)
    report.events.sort(key=lambda e: (e.frame, e.kind))
    if base is None:
        report.notes.append("No standing frames: knee and ankle measures are raw positions, not changes.")
    report.notes.append(f"{len(stances)} single-leg stance(s), {len(holds)} judged hold(s) of at least "
                        f"{th.value('balance.min_hold_s'):g} s.")
    return report


def add_leg(report: ScreenReport, side: str, p: Prepared, stances: list[Stance], holds: list[Stance],
            base: dict[str, float] | None, th: Thresholds, quality: CaptureQuality) -> None:
    """One leg's events, criteria and figures, added to ``report``."""
    times, min_s = p.track.times_s, th.value("balance.min_collapse_s")
    knee_change = p.measures[f"{side}_knee_medial_offset"] - (base[f"{side}_knee_medial_offset"] if base else 0.0)
    ankle_change = p.measures[f"{side}_ankle_eversion_proxy"] - (base[f"{side}_ankle_eversion_proxy"] if base else 0.0)
    knee_ev = collapse_events("knee_collapse", side, knee_change, th.value("knee.valgus_mild"), holds, times, min_s)
    ankle_ev = collapse_events("ankle_collapse", side, ankle_change, th.value("ankle.eversion_shift"), holds,
                               times, min_s)
    report.events += knee_ev + ankle_ev
    report.criteria += [
        hold_criterion(side, stances, times, th, quality),
        collapse_criterion("knee_collapse", "Stance knee caves in", side, knee_change, knee_ev, holds,
                           "knee.valgus_mild", th, quality),
        collapse_criterion("ankle_collapse", "Stance ankle rolls in (frontal proxy)", side, ankle_change,
                           ankle_ev, holds, "ankle.eversion_shift", th, quality, cap=verdicts.ANKLE_PROXY_CAP),
    ]
    mine = [h for h in holds if h.side == side]
    longest = max(mine, key=lambda h: h.duration_s(times)) if mine else None
    report.criteria.append(sway_criterion(report, side, p, longest, quality))
    report.figures[f"{side}_hold_s"] = max((s.duration_s(times) for s in stances if s.side == side), default=0.0)
    report.figures[f"{side}_holds"] = float(len(mine))
    report.figures[f"{side}_knee_collapse_events"] = float(len(knee_ev))
    report.figures[f"{side}_ankle_collapse_events"] = float(len(ankle_ev))


def sway_criterion(report: ScreenReport, side: str, p: Prepared, longest: Stance | None,
                   quality: CaptureQuality) -> Criterion:
    """Sway over the longest hold on ``side`` (figures for hip and shoulder added to ``report``), rated 'measured'."""
    times = p.track.times_s
    frames = longest.frames[p.valid[longest.frames]] if longest else np.zeros(0, dtype=int)
    for point in ("hip", "shoulder"):
        sd, path = sway(p.xy, frames, times, point, side, p.scale.hip_width) if frames.size else (np.nan, np.nan)
        report.figures[f"{side}_{point}_sway_sd"] = sd
        report.figures[f"{side}_{point}_sway_path_per_s"] = path
    return Criterion(
        "sway", "Sway of the body centre (hip centre over the standing ankle)", side,
        "measured" if frames.size and quality.can_judge else "unknown",
        report.figures[f"{side}_hip_sway_sd"], "hip widths (SD)", None,
        [int(frames[0]), int(frames[-1])] if frames.size else [], quality.confidence_factor if frames.size else 0.0,
        "No validated cut-off: reported to compare legs and re-tests. Path length per second in figures.")
