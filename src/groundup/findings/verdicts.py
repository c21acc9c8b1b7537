"""Per-side findings from per-rep summaries: knee, ankle, symmetry, compensations.

Each finding carries its evidence (rep, frame, time, value, the threshold and its
source) and a confidence in 0..1 built from the capture quality, the number of
reps, how consistently the reps agree and how far the value is from the cut-off.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from groundup.findings.quality import CaptureQuality
from groundup.metrics.rep_summary import Peak, RepSummary
from groundup.pose.landmarks import SIDES, other
from groundup.thresholds import Threshold, Thresholds

NO_BASELINE_FACTOR = 0.6
ANKLE_PROXY_CAP = 0.6  # the frontal eversion proxy is not validated (domain.md)
MAX_CONFIDENCE = 0.95  # one phone video never makes a verdict certain
MEASURE_NOISE = 0.05  # shank lengths: model vs hand-digitised knee offset, MAE (benchmarks/accuracy.py)
HIGH_CONFIDENCE = 0.75  # from here a confidence reads "high"
MODERATE_CONFIDENCE = 0.5
DETECT_SE = 2.0  # a collapse counts as revealed once it carries the median two standard errors past the cut-off
CHANGE, INSIDE_FOOT = "change_from_standing", "inside_foot"  # the two knee criteria


@dataclass
class Evidence:
    """One rep's value of the measure behind a finding."""

    measure: str
    rep: int
    frame: int
    time_s: float
    value: float
    threshold: Threshold | None

    def as_dict(self) -> dict:
        return {"measure": self.measure, "rep": self.rep, "frame": self.frame, "time_s": round(self.time_s, 3),
                "value": None if not np.isfinite(self.value) else round(self.value, 4),
                "threshold": self.threshold.as_dict() if self.threshold else None}


@dataclass
class Check:
    """One criterion of a knee verdict over the reps it applies to: its per-rep values against its cut-offs."""

    name: str
    values: np.ndarray
    mild: Threshold
    marked: Threshold
    evidence: list[Evidence] = field(default_factory=list)
    note: str = ""

    @property
    def judged(self) -> bool:
        return bool(np.isfinite(self.values).any())

    @property
    def median(self) -> float:
        return float(np.nanmedian(self.values)) if self.judged else float("nan")

    @property
    def fired(self) -> bool:
        return self.judged and self.median >= self.mild.value

    @property
    def severity(self) -> str:
        return "none" if not self.fired else "marked" if self.median >= self.marked.value else "mild"

    @property
    def reps_judged(self) -> int:
        return int(np.isfinite(self.values).sum())

    @property
    def reps_affected(self) -> int:
        return int(np.sum(self.values[np.isfinite(self.values)] >= self.mild.value))

    def standard_error(self) -> float:
        """Rep-to-rep spread of the median: SD / sqrt(reps), the measure's noise for a single rep."""
        finite = self.values[np.isfinite(self.values)]
        if finite.size < 2:
            return MEASURE_NOISE
        return float(np.std(finite, ddof=1)) / np.sqrt(finite.size)

    def as_dict(self) -> dict:
        return {"value": None if not self.judged else round(self.median, 4), "fired": self.fired,
                "severity": self.severity, "reps_affected": self.reps_affected, "reps_judged": self.reps_judged,
                "threshold": self.mild.as_dict(), "marked_threshold": self.marked.as_dict(), "note": self.note,
                "evidence": [e.as_dict() for e in self.evidence]}


@dataclass
class Finding:
    """A verdict with severity, confidence and the evidence behind it."""

    verdict: str
    severity: str
    confidence: float
    summary_value: float | None
    unit: str
    reps_affected: int
    reps_judged: int
    evidence: list[Evidence] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    criterion: str | None = None  # knee valgus: which check fired (CHANGE, INSIDE_FOOT or "both")
    checks: list[Check] = field(default_factory=list)  # knee: both criteria, per rep
    smallest_detectable: float | None = None  # neutral knee: shank lengths of collapse this clip would reveal

    @property
    def confidence_label(self) -> str:
        shown = round(self.confidence, 2)  # the label agrees with the percentage the outputs show
        return "high" if shown >= HIGH_CONFIDENCE else "moderate" if shown >= MODERATE_CONFIDENCE else "low"

    def check(self, name: str) -> Check | None:
        return next((c for c in self.checks if c.name == name), None)

    def as_dict(self) -> dict:
        return {"verdict": self.verdict, "severity": self.severity, "confidence": round(self.confidence, 2),
                "confidence_label": self.confidence_label,
                "value": None if self.summary_value is None or not np.isfinite(self.summary_value)
                else round(self.summary_value, 4),
                "unit": self.unit, "reps_affected": self.reps_affected, "reps_judged": self.reps_judged,
                "reasons": self.reasons, "evidence": [e.as_dict() for e in self.evidence],
                "criterion": self.criterion, "checks": {c.name: c.as_dict() for c in self.checks},
                "smallest_detectable_collapse": None if self.smallest_detectable is None
                else round(self.smallest_detectable, 3)}


def insufficient(reasons: list[str], unit: str = "") -> Finding:
    """A finding that declines to judge, with the reasons."""
    return Finding("insufficient", "none", 0.0, None, unit, 0, 0, [], reasons)


def _judged(summaries: list[RepSummary], side: str | None = None) -> list[RepSummary]:
    """Complete reps measured (on ``side``, when given), else every measured rep.

    Single-leg screens measure only the standing leg in each trial, so a side may have none.
    """
    seen = [s for s in summaries if s.side and (side is None or side in s.side)]
    return [s for s in seen if s.rep.complete] or seen


def _evidence(measure: str, peaks: list[tuple[RepSummary, Peak]], times: np.ndarray,
              th: Threshold | None) -> list[Evidence]:
    return [Evidence(measure, s.rep.number, p.frame, float(times[p.frame]), p.value, th) for s, p in peaks]


def agreement_confidence(values: np.ndarray, cut: float, noise: float, factor: float,
                         cap: float = MAX_CONFIDENCE) -> float:
    """How far to trust a verdict from per-trial values against a cut-off.

    ``factor`` (capture quality, baseline) x share of trials agreeing with the median's side
    of the cut x distance of the median from the cut in units of its standard error (floored
    at the measure's ``noise``).
    """
    finite = values[np.isfinite(values)]
    if finite.size == 0:
        return 0.0
    median = float(np.median(finite))
    agree = float(np.mean((finite >= cut) == (median >= cut)))
    spread = max(float(np.std(finite)) / np.sqrt(finite.size), noise)
    margin = float(np.clip(0.5 + 0.25 * abs(median - cut) / spread, 0.5, 1.0))
    return float(np.clip(factor * agree * margin, 0.0, cap))


def _confidence(values: np.ndarray, cut: float, quality: CaptureQuality, has_baseline: bool) -> float:
    """Capture factor x agreement between reps x distance from the cut-off."""
    factor = quality.confidence_factor * (1.0 if has_baseline else NO_BASELINE_FACTOR)
    return agreement_confidence(values, cut, MEASURE_NOISE, factor)


def _refusal(quality: CaptureQuality, reps: list[RepSummary], side: str, unit: str) -> Finding | None:
    """The 'insufficient' finding when the capture gate refused the clip or no trial measured
    ``side``, else None."""
    if not quality.can_judge:
        return insufficient([i.message for i in quality.issues if i.severity == "refuse"], unit)
    if not reps:
        return insufficient([f"No trial on the {side} leg was found."], unit)
    return None


def _side_peaks(reps: list[RepSummary], side: str, key: str) -> tuple[list[tuple[RepSummary, Peak]], np.ndarray]:
    """Each rep's peak of ``key`` on ``side`` (reps that did not measure that side are skipped), and the values."""
    pairs = [(s, s.side[side][key]) for s in reps if side in s.side]
    return pairs, np.array([p.value for _, p in pairs], dtype=float)


def knee_checks(side: str, reps: list[RepSummary], times: np.ndarray, th: Thresholds) -> list[Check]:
    """The two valgus criteria of one knee: its peak inward change against standing per rep, and where it
    sits over its foot at the bottom of each rep deep enough for the knee to be over the forefoot."""
    shift, values = _side_peaks(reps, side, "knee_shift")
    change = Check(CHANGE, values, th["knee.valgus_mild"], th["knee.valgus_marked"],
                   _evidence("knee_medial_shift", shift, times, th["knee.valgus_mild"]))
    min_depth = th.value("knee.inside_foot_min_depth")
    deep = [s for s in reps if s.rep.depth >= min_depth]
    foot, foot_values = _side_peaks(deep, side, "knee_inside_foot")
    inside = Check(INSIDE_FOOT, foot_values, th["knee.inside_foot_mild"], th["knee.inside_foot_marked"],
                   _evidence("knee_inside_foot", foot, times, th["knee.inside_foot_mild"]))
    if not deep:
        squat_like = any(s.rep.depth > 0 for s in reps)
        inside.note = (f"Not judged: no rep took the hip {min_depth:.2f} leg lengths below standing, where the knee "
                       "sits over the forefoot." if squat_like else
                       "Not judged: this screen's trials have no squat depth.")
    return [change, inside]


def followed_collapse(true_shift: float, th: Thresholds) -> float:
    """How much of an inward collapse of ``true_shift`` shank lengths at full depth the measured knee shows
    (the followed shares of benchmarks/detection_limit.py, linear between them and beyond the larger)."""
    xs, ys = _follow_curve(th)
    if true_shift <= xs[-1]:
        return float(np.interp(true_shift, xs, ys))
    return ys[-1] + (true_shift - xs[-1]) * (ys[-1] - ys[-2]) / (xs[-1] - xs[-2])


def _follow_curve(th: Thresholds) -> tuple[list[float], list[float]]:
    small, large = th.value("knee.followed_shift_small"), th.value("knee.followed_shift_large")
    ys = [0.0, small * th.value("knee.followed_share_small"), large * th.value("knee.followed_share_large")]
    if not (0 < small < large and ys[0] < ys[1] < ys[2]):
        share = min(th.value("knee.followed_share_small"), th.value("knee.followed_share_large"))
        return [0.0, 1.0, 2.0], [0.0, share, 2 * share]  # inconsistent overrides: the smaller share throughout
    return [0.0, small, large], ys


def true_collapse(measured: float, th: Thresholds) -> float:
    """The inward collapse at full depth (shank lengths) whose measured part is ``measured``."""
    xs, ys = _follow_curve(th)
    if measured <= ys[-1]:
        return float(np.interp(measured, ys, xs))
    return xs[-1] + (measured - ys[-1]) * (xs[-1] - xs[-2]) / (ys[-1] - ys[-2])


def smallest_detectable_collapse(checks: list[Check], th: Thresholds) -> float | None:
    """The smallest inward collapse (shank lengths at full depth) that would have turned a neutral knee valgus.

    Per criterion: the distance of its median from the cut-off plus two standard errors of the rep-to-rep
    spread is what the measured knee must add; a true collapse adds only the share the knee follows. The
    criterion needing the least decides.
    """
    needs = [max(0.0, c.mild.value - c.median) + DETECT_SE * c.standard_error() for c in checks if c.judged]
    return true_collapse(min(needs), th) if needs else None


def judge_knee(side: str, summaries: list[RepSummary], times: np.ndarray, th: Thresholds,
               quality: CaptureQuality, has_baseline: bool) -> Finding:
    """Valgus, varus or neutral for one knee, from its change against standing and its position over the foot."""
    unit = "shank lengths"
    reps = _judged(summaries, side)
    refused = _refusal(quality, reps, side, unit)
    if refused:
        return refused
    checks = knee_checks(side, reps, times, th)
    change = checks[0]
    if not change.judged:
        return insufficient([f"The {side} knee or ankle was not seen well enough in any rep."], unit)
    reasons = [] if has_baseline else ["No standing frames to compare with: judged on raw positions."]
    fired = [c for c in checks if c.fired]
    if fired:
        return _valgus(fired, checks, quality, has_baseline, reasons)
    lateral, lat_values = _side_peaks(reps, side, "knee_shift_lateral")
    _, toe = _side_peaks(reps, side, "knee_toe_offset")
    varus_shift, varus_toe = th["knee.varus_shift"], th["knee.varus_toe_offset"]
    lat_median, toe_median = float(np.nanmedian(lat_values)), float(np.nanmedian(toe))
    if lat_median <= varus_shift.value and toe_median <= varus_toe.value:
        affected = int(np.sum((lat_values <= varus_shift.value) & (toe <= varus_toe.value)))
        conf = _confidence(-toe, -varus_toe.value, quality, has_baseline)
        return Finding("varus", "mild", conf, lat_median, unit, affected, len(lat_values),
                       _evidence("knee_medial_shift", lateral, times, varus_shift), reasons, checks=checks)
    return _neutral(checks, th, quality, has_baseline, reasons)


def _check_confidence(c: Check, quality: CaptureQuality, has_baseline: bool, valgus: bool) -> float:
    """Confidence that ``c`` lies on the side of its cut-off that the verdict says (the position over the foot
    needs no standing baseline)."""
    base = has_baseline or c.name != CHANGE
    return _confidence(c.values, c.mild.value, quality, base) if valgus else \
        _confidence(-c.values, -c.mild.value, quality, base)


def _valgus(fired: list[Check], checks: list[Check], quality: CaptureQuality, has_baseline: bool,
            reasons: list[str]) -> Finding:
    """The valgus finding: the worst severity and the surest confidence of the criteria that fired."""
    change = checks[0]
    lead = max(fired, key=lambda c: _check_confidence(c, quality, has_baseline, True))
    severity = "marked" if any(c.severity == "marked" for c in fired) else "mild"
    criterion = "both" if len(fired) == 2 else fired[0].name
    return Finding("valgus", severity, _check_confidence(lead, quality, has_baseline, True), change.median,
                   "shank lengths", lead.reps_affected, lead.reps_judged, change.evidence, reasons, criterion, checks)


def _neutral(checks: list[Check], th: Thresholds, quality: CaptureQuality, has_baseline: bool,
             reasons: list[str]) -> Finding:
    """No valgus on either criterion: as sure as the least sure criterion, and never "high" when this clip
    would miss a collapse above the mild cut-off."""
    judged = [c for c in checks if c.judged]
    conf = min(_check_confidence(c, quality, has_baseline, False) for c in judged)
    smallest = smallest_detectable_collapse(judged, th)
    mild = th.value("knee.valgus_mild")
    if smallest is not None and smallest > mild and conf >= HIGH_CONFIDENCE:
        conf = HIGH_CONFIDENCE - 0.01
        reasons = [*reasons, f"This clip could miss a knee caving in by less than {smallest:.2f} shin lengths, "
                             f"more than the {mild:.2f} that counts as mild."]
    change = checks[0]
    return Finding("neutral", "none", conf, change.median, "shank lengths", change.reps_affected, len(change.values),
                   change.evidence, reasons, None, checks, smallest)


def judge_ankle(side: str, summaries: list[RepSummary], times: np.ndarray, th: Thresholds,
                quality: CaptureQuality, has_baseline: bool) -> Finding:
    """Eversion / inversion flag from the frontal ankle-over-foot proxy."""
    unit = "shank lengths"
    reps = _judged(summaries, side)
    refused = _refusal(quality, reps, side, unit)
    if refused:
        return refused
    ev, ev_v = _side_peaks(reps, side, "ankle_eversion")
    inv, inv_v = _side_peaks(reps, side, "ankle_inversion")
    if not np.isfinite(ev_v).any():
        return insufficient([f"The {side} foot was not seen well enough."], unit)
    t_ev, t_inv = th["ankle.eversion_shift"], th["ankle.inversion_shift"]
    note = ("Frontal proxy (ankle over the heel-toe line): a flag, not an angle; no validated single-camera "
            "measure exists.")
    med_ev, med_inv = float(np.nanmedian(ev_v)), float(np.nanmedian(inv_v))
    if med_ev >= t_ev.value:
        conf = min(ANKLE_PROXY_CAP, _confidence(ev_v, t_ev.value, quality, has_baseline))
        return Finding("eversion", "flag", conf, med_ev, unit, int(np.sum(ev_v >= t_ev.value)), len(ev_v),
                       _evidence("ankle_eversion_proxy", ev, times, t_ev), [note])
    if med_inv <= t_inv.value:
        conf = min(ANKLE_PROXY_CAP, _confidence(-inv_v, -t_inv.value, quality, has_baseline))
        return Finding("inversion", "flag", conf, med_inv, unit, int(np.sum(inv_v <= t_inv.value)), len(inv_v),
                       _evidence("ankle_eversion_proxy", inv, times, t_inv), [note])
    conf = min(ANKLE_PROXY_CAP, _confidence(-ev_v, -t_ev.value, quality, has_baseline))
    return Finding("neutral", "none", conf, med_ev, unit, 0, len(ev_v),
                   _evidence("ankle_eversion_proxy", ev, times, t_ev), [note])


def symmetry(knees: dict[str, Finding], th: Thresholds) -> dict:
    """Which sides cave in, and how different the two sides are."""
    left, right = knees["left"], knees["right"]
    if "insufficient" in (left.verdict, right.verdict) or left.summary_value is None or right.summary_value is None:
        return {"pattern": "insufficient", "difference": None, "asymmetry_index_pct": None}
    diff = float(left.summary_value - right.summary_value)
    larger = max(abs(left.summary_value), abs(right.summary_value))
    # a percentage of two near-zero shifts means nothing: only given once a side reaches the valgus band
    index = round(100 * abs(diff) / larger, 1) if larger >= th.value("knee.valgus_mild") else None
    valgus = [s for s in SIDES if knees[s].verdict == "valgus"]
    if len(valgus) == 2:
        pattern = "both"
    elif len(valgus) == 1:
        gap = _criterion_gap(knees[valgus[0]], knees[other(valgus[0])], diff)
        pattern = f"{valgus[0]} only" if gap >= th.value("knee.asymmetry_one_sided") else "both"
    else:
        pattern = "none"
    return {"pattern": pattern, "difference": round(diff, 4), "asymmetry_index_pct": index,
            "threshold": th["knee.asymmetry_one_sided"].as_dict()}


def _criterion_gap(valgus: Finding, other_knee: Finding, change_diff: float) -> float:
    """How far the valgus knee is ahead of the other on the criterion that fired (the change against standing
    when that fired or the other knee was not judged over its foot)."""
    name = INSIDE_FOOT if valgus.criterion == INSIDE_FOOT else CHANGE
    mine, theirs = valgus.check(name), other_knee.check(name)
    if name == CHANGE or mine is None or theirs is None or not theirs.judged:
        return abs(change_diff)
    return abs(mine.median - theirs.median)


def _compensation(name: str, key: str, peaks: list[tuple[RepSummary, Peak]], times: np.ndarray, th: Thresholds,
                  quality: CaptureQuality, has_baseline: bool, absolute: bool = False) -> dict:
    values = np.array([abs(p.value) if absolute else p.value for _, p in peaks])
    t = th[key]
    if not quality.can_judge or not np.isfinite(values).any():
        return {"name": name, "present": None, "value": None, "confidence": 0.0, "evidence": []}
    median = float(np.nanmedian(values))
    return {"name": name, "present": bool(median >= t.value), "value": round(median, 3),
            "confidence": round(_confidence(values, t.value, quality, has_baseline), 2),
            "evidence": [e.as_dict() for e in _evidence(name, peaks, times, t)]}


def _feet_turned_out(side: str, standing_deg: float, th: Thresholds, quality: CaptureQuality) -> dict:
    """Toe-out of the standing foot (feet do not rotate while loaded, so stance is judged)."""
    t = th["compensation.feet_turn_out"]
    if not quality.can_judge or not np.isfinite(standing_deg):
        return {"name": f"{side}_foot_turns_out", "present": None, "value": None, "confidence": 0.0, "evidence": []}
    return {"name": f"{side}_foot_turns_out", "present": bool(standing_deg >= t.value), "value": round(standing_deg, 1),
            "confidence": round(min(ANKLE_PROXY_CAP, quality.confidence_factor), 2),
            "evidence": [{"measure": f"{side}_foot_progression_deg", "rep": None, "frame": None, "time_s": None,
                          "value": round(standing_deg, 1), "threshold": t.as_dict()}]}


def judge_compensations(summaries: list[RepSummary], times: np.ndarray, th: Thresholds, quality: CaptureQuality,
                        has_baseline: bool, arms: str, foot_angle: dict[str, float]) -> list[dict]:
    """Front-view compensations: shoulders elevate, arms fall, trunk shifts, feet turn out, pelvis drops."""
    reps = _judged(summaries)
    out = []
    for side in SIDES:
        out.append(_compensation(f"{side}_shoulder_elevates", "compensation.shoulder_elevation",
                                 _side_peaks(reps, side, "shoulder_elevation")[0], times, th, quality, has_baseline))
        if arms == "overhead":
            out.append(_compensation(f"{side}_arm_falls", "compensation.arms_fall",
                                     _side_peaks(reps, side, "arm_fall")[0], times, th, quality, has_baseline))
        out.append(_feet_turned_out(side, foot_angle.get(side, float("nan")), th, quality))
    out.append(_compensation("trunk_shifts", "compensation.trunk_shift", [(s, s.body["trunk_shift"]) for s in reps],
                             times, th, quality, has_baseline, absolute=True))
    out.append(_compensation("pelvis_drops", "compensation.pelvic_drop", [(s, s.body["pelvic_tilt"]) for s in reps],
                             times, th, quality, has_baseline, absolute=True))
    return out
