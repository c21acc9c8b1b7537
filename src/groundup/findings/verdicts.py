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
from groundup.pose.landmarks import SIDES
from groundup.thresholds import Threshold, Thresholds

NO_BASELINE_FACTOR = 0.6
ANKLE_PROXY_CAP = 0.6  # the frontal eversion proxy is not validated (domain.md)
MAX_CONFIDENCE = 0.95  # one phone video never makes a verdict certain
MEASURE_NOISE = 0.05  # shank lengths: model vs hand-digitised knee offset, MAE (benchmarks/accuracy.py)


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

    @property
    def confidence_label(self) -> str:
        return "high" if self.confidence >= 0.75 else "moderate" if self.confidence >= 0.5 else "low"

    def as_dict(self) -> dict:
        return {"verdict": self.verdict, "severity": self.severity, "confidence": round(self.confidence, 2),
                "confidence_label": self.confidence_label,
                "value": None if self.summary_value is None or not np.isfinite(self.summary_value)
                else round(self.summary_value, 4),
                "unit": self.unit, "reps_affected": self.reps_affected, "reps_judged": self.reps_judged,
                "reasons": self.reasons, "evidence": [e.as_dict() for e in self.evidence]}


def insufficient(reasons: list[str], unit: str = "") -> Finding:
    """A finding that declines to judge, with the reasons."""
    return Finding("insufficient", "none", 0.0, None, unit, 0, 0, [], reasons)


def _judged(summaries: list[RepSummary], side: str | None = None) -> list[RepSummary]:
    """Complete reps measured (on ``side``, when given), else every measured rep.

    Single-leg screens measure only the standing leg in each trial, so a side may have none.
    """
    seen = [s for s in summaries if s.side and (side is None or side in s.side)]
    return [s for s in seen if s.rep.complete] or seen


def _evidence(measure: str, peaks: list[tuple[RepSummary, Peak]], times: np.ndarray, th: Threshold | None) -> list[Evidence]:
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


def judge_knee(side: str, summaries: list[RepSummary], times: np.ndarray, th: Thresholds,
               quality: CaptureQuality, has_baseline: bool) -> Finding:
    """Valgus, varus or neutral for one knee, from its medial shift over the ankle per rep."""
    unit = "shank lengths"
    reps = _judged(summaries, side)
    refused = _refusal(quality, reps, side, unit)
    if refused:
        return refused
    shift, values = _side_peaks(reps, side, "knee_shift")
    lateral, lat_values = _side_peaks(reps, side, "knee_shift_lateral")
    _, toe = _side_peaks(reps, side, "knee_toe_offset")
    if not np.isfinite(values).any():
        return insufficient([f"The {side} knee or ankle was not seen well enough in any rep."], unit)
    mild, marked = th["knee.valgus_mild"], th["knee.valgus_marked"]
    varus_shift, varus_toe = th["knee.varus_shift"], th["knee.varus_toe_offset"]
    median = float(np.nanmedian(values))
    lat_median, toe_median = float(np.nanmedian(lat_values)), float(np.nanmedian(toe))
    reasons = [] if has_baseline else ["No standing frames to compare with: judged on raw positions."]
    if median >= mild.value:
        severity = "marked" if median >= marked.value else "mild"
        affected = int(np.sum(values >= mild.value))
        return Finding("valgus", severity, _confidence(values, mild.value, quality, has_baseline), median, unit,
                       affected, len(values), _evidence("knee_medial_shift", shift, times, mild), reasons)
    if lat_median <= varus_shift.value and toe_median <= varus_toe.value:
        affected = int(np.sum((lat_values <= varus_shift.value) & (toe <= varus_toe.value)))
        conf = _confidence(-toe, -varus_toe.value, quality, has_baseline)
        return Finding("varus", "mild", conf, lat_median, unit, affected, len(values),
                       _evidence("knee_medial_shift", lateral, times, varus_shift), reasons)
    conf = _confidence(-values, -mild.value, quality, has_baseline)
    return Finding("neutral", "none", conf, median, unit, int(np.sum(values >= mild.value)), len(values),
                   _evidence("knee_medial_shift", shift, times, mild), reasons)


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
    note = "Frontal proxy (ankle over the heel-toe line): a flag, not an angle; no validated single-camera measure exists."
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
    if "insufficient" in (left.verdict, right.verdict):
        return {"pattern": "insufficient", "difference": None, "asymmetry_index_pct": None}
    diff = float(left.summary_value - right.summary_value)
    larger = max(abs(left.summary_value), abs(right.summary_value))
    # a percentage of two near-zero shifts means nothing: only given once a side reaches the valgus band
    index = round(100 * abs(diff) / larger, 1) if larger >= th.value("knee.valgus_mild") else None
    valgus = [s for s in SIDES if knees[s].verdict == "valgus"]
    if len(valgus) == 2:
        pattern = "both"
    elif len(valgus) == 1:
        pattern = f"{valgus[0]} only" if abs(diff) >= th.value("knee.asymmetry_one_sided") else "both"
    else:
        pattern = "none"
    return {"pattern": pattern, "difference": round(diff, 4), "asymmetry_index_pct": index,
            "threshold": th["knee.asymmetry_one_sided"].as_dict()}


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
