"""The single-leg squat / step-down screen: per leg, reps on one leg, rated like Crossley 2011.

prepared track -> single-leg stances (the free foot off the floor) -> reps from the hip's
drop while on one leg -> per-rep summaries of the standing leg only -> capture gate ->
knee/ankle findings (the squat's verdict measures, so screens compare) and the front-view
Crossley criteria per leg: overall impression, trunk, pelvis, hip-knee alignment, foot.
"""

from __future__ import annotations

import numpy as np

from groundup.analysis import Analysis, Criterion, Event, ScreenReport
from groundup.findings import verdicts
from groundup.findings.quality import CaptureQuality, TrialRule
from groundup.metrics.geometry import joint
from groundup.metrics.rep_summary import RepSummary
from groundup.pose.landmarks import SIDES, other
from groundup.screens.base import Prepared
from groundup.screens.common import find_prepared_stances, on_standing_axis, one_leg_trials, stance_depth
from groundup.screens.engine import judge
from groundup.screens.stance import Stance
from groundup.signals.reps import Rep, RepSettings, detect_reps
from groundup.thresholds import Thresholds

SCREEN = "single-leg-squat"


def single_leg_reps(times_s: np.ndarray, depth_on_one_leg: np.ndarray, stances: list[Stance],
                    settings: RepSettings) -> tuple[list[Rep], list[str]]:
    """Reps found inside each stance, numbered across the clip, and the standing side of each."""
    reps: list[Rep] = []
    sides: list[str] = []
    for s in stances:
        seg = slice(s.lift_off, s.touch_down)
        for r in detect_reps(times_s[seg], depth_on_one_leg[seg], settings):
            reps.append(Rep(len(reps) + 1, r.start + s.lift_off, r.bottom + s.lift_off, r.end + s.lift_off,
                            r.depth, r.complete))
            sides.append(s.side)
    return reps, sides


def rep_tops(reps: list[Rep], depth_on_one_leg: np.ndarray, stances: list[Stance]) -> list[int]:
    """Per rep, the frame standing tallest on one leg before it (since lift-off or the previous bottom)."""
    tops = []
    for i, r in enumerate(reps):
        stance_start = max((s.lift_off for s in stances if s.lift_off <= r.start), default=0)
        lo = max(stance_start, reps[i - 1].bottom if i else 0)
        seg = depth_on_one_leg[lo:r.bottom + 1]
        tops.append(lo + int(np.nanargmin(seg)) if np.isfinite(seg).any() else r.start)
    return tops


def _change_in_rep(values: np.ndarray, rep: Rep, top: int, valid: np.ndarray, sign: float) -> tuple[float, int]:
    """Largest signed change of ``values`` (times ``sign``) during the rep from its ``top`` frame, and where."""
    frames = np.arange(rep.start, rep.end + 1)
    frames = frames[valid[frames] & np.isfinite(values[frames])]
    if frames.size == 0 or not np.isfinite(values[top]):
        return float("nan"), rep.bottom
    change = sign * (values[frames] - values[top])
    k = int(np.argmax(change))
    return float(change[k]), int(frames[k])


def _median(values: list[float]) -> float:
    finite = [v for v in values if np.isfinite(v)]
    return float(np.median(finite)) if finite else float("nan")


def _rated(name: str, label: str, side: str, values: list[tuple[float, int]], key: str, th: Thresholds,
           quality: CaptureQuality, unit: str, note: str) -> Criterion:
    """A criterion rated poor when the median over reps reaches the threshold."""
    t = th[key]
    value = _median([v for v, _ in values])
    if not quality.can_judge or not np.isfinite(value):
        why = "the capture was refused" if not quality.can_judge else f"no {side}-leg rep showed it"
        return Criterion(name, label, side, "unknown", None, unit, t, [], 0.0, f"Not rated: {why}. {note}")
    frames = [f for v, f in values if np.isfinite(v) and v >= t.value] or [f for _, f in values]
    agree = float(np.mean([(v >= t.value) == (value >= t.value) for v, _ in values if np.isfinite(v)]))
    rating = "poor" if value >= t.value else "good"
    return Criterion(name, label, side, rating, value, unit, t, frames,
                     min(verdicts.MAX_CONFIDENCE, quality.confidence_factor * agree), note)


def trunk_toward_side(xy: np.ndarray, side: str, hip_width: float) -> np.ndarray:
    """Shoulder centre's horizontal position toward ``side``, over that side's ankle, in hip widths.

    Measured along the picture's horizontal, not the hip line (``body.lateral_shift``), so a
    pelvic drop, which tilts the hip line, does not read as a trunk shift.
    """
    hips_x = joint(xy, side, "hip")[:, 0] - joint(xy, other(side), "hip")[:, 0]
    outward = np.sign(np.nanmedian(hips_x)) if np.isfinite(hips_x).any() else 1.0
    shoulders_x = (joint(xy, "left", "shoulder")[:, 0] + joint(xy, "right", "shoulder")[:, 0]) / 2
    return outward * (shoulders_x - joint(xy, side, "ankle")[:, 0]) / hip_width


def trunk_criterion(side: str, reps: list[Rep], tops: list[int], p: Prepared, th: Thresholds,
                    quality: CaptureQuality) -> Criterion:
    """Crossley trunk: the shoulder centre shifting toward the standing side during each rep."""
    trunk = trunk_toward_side(p.xy, side, p.scale.hip_width)
    values = [_change_in_rep(trunk, r, t, p.valid, 1.0) for r, t in zip(reps, tops)]
    return _rated("trunk", "Trunk: lateral shift or lean toward the standing leg", side, values,
                  "single_leg.trunk_shift", th, quality, "hip widths",
                  "Shoulder centre over the standing ankle, from standing tall on one leg before the rep.")


def pelvis_criterion(side: str, reps: list[Rep], tops: list[int], p: Prepared, th: Thresholds,
                     quality: CaptureQuality) -> Criterion:
    """Crossley pelvis: the free side's hip dropping during each rep."""
    free_lower = 1.0 if other(side) == "left" else -1.0  # pelvic_tilt_deg is + when the left hip is lower
    values = [_change_in_rep(p.measures["pelvic_tilt_deg"], r, t, p.valid, free_lower) for r, t in zip(reps, tops)]
    return _rated("pelvis", "Pelvis: the free side drops", side, values, "single_leg.pelvic_drop_deg", th, quality,
                  "deg", f"Hip-line tilt, {other(side)} hip lower, from standing tall on one leg before the rep.")


def fppa_change_matched(side: str, summaries: list[RepSummary],
                        base: dict[str, float] | None) -> list[tuple[float, int]]:
    """Per rep on ``side``: knee FPPA at the depth matched across all reps, minus standing FPPA."""
    ref = base[f"{side}_knee_fppa_deg"] if base else 0.0
    out = []
    for s in summaries:
        peak = s.side.get(side, {}).get("knee_fppa_matched")
        if peak is not None:
            out.append((peak.value - ref, peak.frame))
    return out


def hip_knee_criterion(side: str, knee: verdicts.Finding, fppa: list[tuple[float, int]], th: Thresholds,
                       quality: CaptureQuality) -> Criterion:
    """Crossley hip-knee alignment: FPPA change at matched depth, or the knee's inward shift, past its cut-off."""
    c = _rated("hip_knee", "Hip-knee alignment: the knee moves inward (valgus)", side, fppa,
               "single_leg.fppa_valgus_deg", th, quality, "deg",
               "Knee FPPA change from standing at a hip depth matched across reps and legs.")
    if c.rating == "unknown":
        return c
    shift = "n/a" if knee.summary_value is None else f"{knee.summary_value:+.2f}"
    c.note += f" Knee inward shift over the ankle: {shift} shank lengths ({knee.verdict})."
    if knee.verdict == "valgus" and c.rating == "good":
        c.rating = "poor"
        c.frames = [e.frame for e in knee.evidence if e.value >= th.value("knee.valgus_mild")]
        c.note += " Rated poor on the inward shift."
        c.confidence = knee.confidence
    return c


def foot_criterion(side: str, ankle: verdicts.Finding) -> Criterion:
    """Crossley foot: the ankle rolling in (frontal eversion proxy), from the ankle finding."""
    t = ankle.evidence[0].threshold if ankle.evidence else None
    rating = {"eversion": "poor", "neutral": "good", "inversion": "good"}.get(ankle.verdict, "unknown")
    return Criterion("foot", "Foot: the ankle rolls in / the arch flattens", side, rating, ankle.summary_value,
                     ankle.unit, t, [e.frame for e in ankle.evidence], ankle.confidence,
                     " ".join(ankle.reasons) or "Frontal eversion proxy, a flag only.")


def overall_criterion(side: str, parts: list[Criterion], th: Thresholds) -> Criterion:
    """Crossley overall impression: poor when enough segment criteria are poor."""
    t = th["single_leg.overall_poor_count"]
    rated = [c for c in parts if c.rating != "unknown"]
    if not rated:
        return Criterion("overall", "Overall impression", side, "unknown", None, "poor criteria", t, [], 0.0,
                         "No criterion could be rated.")
    poor = [c for c in rated if c.rating == "poor"]
    rating = "poor" if len(poor) >= t.value else "good"
    names = ", ".join(c.name for c in poor) or "none"
    return Criterion("overall", "Overall impression", side, rating, float(len(poor)), "poor criteria", t,
                     sorted({f for c in poor for f in c.frames}), float(np.mean([c.confidence for c in rated])),
                     f"Poor: {names} (of {len(rated)} rated).")


def trial_rule(stances: list[Stance]) -> TrialRule:
    """How the gate counts single-leg reps, with a message that says what was missing."""
    if not stances:
        message = ("No single-leg stance was found: one foot never stayed clear of the floor, so no single-leg "
                   "squat could be seen.")
    else:
        message = ("No single-leg squat rep was found: the person stood on one leg but the hips never dropped and "
                   "came back up.")
    return TrialRule("rep", "single_leg.recommended_reps", message,
                     "Film from the front, camera at knee-to-hip height: stand on one leg with the other foot "
                     "clearly off the floor, do {n} slow single-leg squats, then the same on the other leg.",
                     "a single-leg squat")


def rep_events(reps: list[Rep], sides: list[str], stances: list[Stance], times: np.ndarray) -> list[Event]:
    """Lift-off and touch-down of each stance; start, bottom and end of each rep."""
    events = []
    for s in stances:
        events.append(Event("stance_start", s.lift_off, float(times[s.lift_off]), s.side))
        end = min(s.touch_down, len(times) - 1)
        events.append(Event("stance_end" if s.ended == "touch-down" else f"stance_{s.ended.replace(' ', '_')}",
                            end, float(times[end]), s.side))
    for r, side in zip(reps, sides):
        events += [Event("rep_start", r.start, float(times[r.start]), side),
                   Event("bottom", r.bottom, float(times[r.bottom]), side),
                   Event("rep_end", r.end, float(times[r.end]), side)]
    return sorted(events, key=lambda e: (e.frame, e.kind))


def compare_legs(fppa: dict[str, list[tuple[float, int]]], reps_per_side: dict[str, int]) -> dict:
    """What the single-leg squat adds to the symmetry: the FPPA difference at matched depth and the reps per leg."""
    med = {s: _median([v for v, _ in fppa[s]]) for s in SIDES}
    diff = med["left"] - med["right"]
    return {"fppa_matched_difference_deg": round(diff, 2) if np.isfinite(diff) else None,
            "reps_per_leg": dict(reps_per_side)}


def analyse(p: Prepared, movement: str, th: Thresholds) -> Analysis:
    """Single-leg squat / step-down: per-leg reps, knee/ankle findings and the Crossley criteria."""
    times = p.track.times_s
    stances = find_prepared_stances(p, th)
    p = on_standing_axis(p, stances)
    depth1 = stance_depth(p.depth, stances)
    reps, sides = single_leg_reps(times, depth1, stances, RepSettings(min_depth=th.value("single_leg.min_depth"),
                                                                      min_interval_s=th.value("reps.min_interval_s")))
    trials = one_leg_trials(p, stances, reps, sides, depth1, trial_rule(stances))
    a = judge(p, movement, th, trials)
    fppa = {s: fppa_change_matched(s, trials.summaries, trials.baseline) for s in SIDES}
    a.screen = crossley_report(a, p, stances, sides, rep_tops(reps, depth1, stances), fppa)
    a.symmetry.update(compare_legs(fppa, {s: sides.count(s) for s in SIDES}))
    return a


def crossley_report(a: Analysis, p: Prepared, stances: list[Stance], sides: list[str], tops: list[int],
                    fppa: dict[str, list[tuple[float, int]]]) -> ScreenReport:
    """Stance and rep events, then per leg the Crossley criteria (overall first) and its figures."""
    times, th, quality = p.track.times_s, a.thresholds, a.quality
    report = ScreenReport(SCREEN, rep_events(a.reps, sides, stances, times))
    for side in SIDES:
        leg_reps = [r for r, s in zip(a.reps, sides) if s == side]
        leg_tops = [t for t, s in zip(tops, sides) if s == side]
        knee = a.knees[side]
        parts = [trunk_criterion(side, leg_reps, leg_tops, p, th, quality),
                 pelvis_criterion(side, leg_reps, leg_tops, p, th, quality),
                 hip_knee_criterion(side, knee, fppa[side], th, quality), foot_criterion(side, a.ankles[side])]
        report.criteria += [overall_criterion(side, parts, th), *parts]
        report.figures[f"{side}_reps"] = float(len(leg_reps))
        report.figures[f"{side}_knee_shift"] = knee.summary_value if knee.summary_value is not None else float("nan")
        report.figures[f"{side}_fppa_matched_change_deg"] = _median([v for v, _ in fppa[side]])
        report.figures[f"{side}_stance_s"] = float(sum(s.duration_s(times) for s in stances if s.side == side))
    if a.baseline is None:
        report.notes.append("No standing frames: knee and ankle measures are raw positions, not changes.")
    report.notes.append(f"{len(stances)} single-leg stance(s), {len(a.reps)} rep(s): "
                        + ", ".join(f"{s} leg {sides.count(s)}" for s in SIDES) + ".")
    return report
