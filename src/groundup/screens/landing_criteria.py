"""Drop-jump landing criteria: per-landing values, the screen's rated items and the LESS subset.

Each landing is judged with the squat's measure (the knee's inward shift over the ankle
against standing) and more; the front-view subset of the Landing Error Scoring System
(LESS, Padua 2009) is scored item by item with evidence frames; it is not a full LESS score.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from groundup.analysis import Criterion
from groundup.findings.quality import CaptureQuality
from groundup.findings.verdicts import MEASURE_NOISE as KNEE_NOISE  # model vs hand (benchmarks/accuracy.py)
from groundup.findings.verdicts import NO_BASELINE_FACTOR
from groundup.pose.landmarks import SIDES
from groundup.screens.base import Prepared
from groundup.screens.contact import pair_width, trunk_lean_deg
from groundup.screens.landing_events import Landing
from groundup.screens.rating import Item, Rating, rate
from groundup.thresholds import Thresholds

LESS_ITEMS_TOTAL = 17
FPPA_NOISE = 3.0  # deg: SEM of 2D FPPA (Munro, Herrington & Carolan 2012)
RATIO_NOISE = 0.05  # separation and width ratios
TIMING_NOISE_S = 0.02  # s: about one frame at 60 fps
TRUNK_NOISE = 2.0  # deg
FOOT_ANGLE_CONFIDENCE = 0.2  # foot angle from one camera is unvalidated (domain.md)


def _at(series: np.ndarray, frame: int) -> float:
    return float(series[frame]) if 0 <= frame < len(series) else float("nan")


def landing_values(p: Prepared, landing: Landing, base: dict[str, float] | None, depth: np.ndarray,
                   times_s: np.ndarray) -> dict[str, float]:
    """The figures of one landing: knee shift, FPPA, separation, width, trunk, timing."""
    m, ref = p.measures, base or {}
    c, d = landing.initial, landing.deepest
    out: dict[str, float] = {}
    peak_window = np.arange(c, d + 1)
    for s in SIDES:
        shift = m[f"{s}_knee_medial_offset"] - ref.get(f"{s}_knee_medial_offset", 0.0)
        out[f"{s}_knee_shift_contact"] = _at(shift, c)
        out[f"{s}_knee_shift_deepest"] = _at(shift, d)
        vals = shift[peak_window]
        out[f"{s}_knee_shift_peak"] = float(np.nanmax(vals)) if np.isfinite(vals).any() else float("nan")
        out[f"{s}_knee_fppa_contact_deg"] = _at(m[f"{s}_knee_fppa_deg"], c)
        out[f"{s}_knee_fppa_deepest_deg"] = _at(m[f"{s}_knee_fppa_deg"], d)
        out[f"{s}_foot_progression_contact_deg"] = _at(m[f"{s}_foot_progression_deg"], c)
    out["knee_separation_contact"] = _at(m["knee_hip_separation_ratio"], c)
    out["knee_separation_deepest"] = _at(m["knee_hip_separation_ratio"], d)
    with np.errstate(invalid="ignore", divide="ignore"):
        width = pair_width(p.xy, "ankle") / pair_width(p.xy, "shoulder")
    out["stance_width_contact"] = _at(width, c)
    lean = trunk_lean_deg(p.xy)
    out["trunk_lean_contact_deg"] = abs(_at(lean, c) - ref.get("_trunk_lean_deg", 0.0))
    out["depth_difference_deg"] = abs(_at(m["pelvic_tilt_deg"], d) - ref.get("pelvic_tilt_deg", 0.0))
    out["knee_shift_difference_deepest"] = abs(out["left_knee_shift_deepest"] - out["right_knee_shift_deepest"])
    if len(landing.contact) == 2:
        out["contact_gap_s"] = abs(float(times_s[landing.contact["left"]] - times_s[landing.contact["right"]]))
    else:
        out["contact_gap_s"] = float("nan")
    out["depth"] = _at(depth, d)
    out["flight_s"] = float(times_s[c] - times_s[landing.takeoff]) if landing.takeoff is not None else float("nan")
    return out


@dataclass(frozen=True)
class Rule:
    """How one criterion is rated from its per-landing values."""

    name: str
    label: str
    key: str  # per-landing value key
    threshold: str | None  # threshold key
    bad_when: str  # "above", "below" or "never" (measured only)
    unit: str
    noise: float
    event: str  # "contact" or "deepest": which frame is the evidence
    side: str | None = None

    @property
    def item(self) -> Item:
        return Item(self.name, self.label, self.unit, self.noise, self.threshold, self.bad_when, self.side)


def _rules() -> list[Rule]:
    rules = []
    for s in SIDES:
        rules += [
            Rule("knee_shift_contact", f"{s.capitalize()} knee inward shift at initial contact",
                 f"{s}_knee_shift_contact", "knee.valgus_mild", "above", "shank lengths", KNEE_NOISE, "contact", s),
            Rule("knee_shift_deepest", f"{s.capitalize()} knee inward shift at the deepest point",
                 f"{s}_knee_shift_deepest", "knee.valgus_mild", "above", "shank lengths", KNEE_NOISE, "deepest", s),
            Rule("knee_fppa_contact", f"{s.capitalize()} knee FPPA at initial contact", f"{s}_knee_fppa_contact_deg",
                 "landing.fppa_contact_high", "above", "deg", FPPA_NOISE, "contact", s),
            Rule("knee_fppa_deepest", f"{s.capitalize()} knee FPPA at the deepest point", f"{s}_knee_fppa_deepest_deg",
                 "knee.fppa_valgus_reference", "never", "deg", FPPA_NOISE, "deepest", s),
        ]
    rules += [
        Rule("knee_separation_contact", "Normalised knee separation at initial contact", "knee_separation_contact",
             "landing.knee_separation_low", "below", "knee distance / hip distance", RATIO_NOISE, "contact"),
        Rule("knee_separation_deepest", "Normalised knee separation at the deepest point", "knee_separation_deepest",
             "landing.knee_separation_low", "below", "knee distance / hip distance", RATIO_NOISE, "deepest"),
        Rule("knee_shift_difference", "Left-right difference of knee shift at the deepest point",
             "knee_shift_difference_deepest", "knee.asymmetry_one_sided", "above", "shank lengths", KNEE_NOISE,
             "deepest"),
        Rule("depth_difference", "Hip height difference (pelvic tilt) at the deepest point", "depth_difference_deg",
             "compensation.pelvic_drop", "above", "deg", TRUNK_NOISE, "deepest"),
        Rule("stance_width_contact", "Stance width at initial contact", "stance_width_contact", None, "never",
             "ankle distance / shoulder distance", RATIO_NOISE, "contact"),
    ]
    return rules


LESS_RULES = [
    Rule("less_stance_wide", "LESS: stance width wide", "stance_width_contact", "landing.stance_wide", "above",
         "ankle distance / shoulder distance", RATIO_NOISE, "contact"),
    Rule("less_stance_narrow", "LESS: stance width narrow", "stance_width_contact", "landing.stance_narrow", "below",
         "ankle distance / shoulder distance", RATIO_NOISE, "contact"),
    Rule("less_asymmetric_contact", "LESS: asymmetrical initial foot contact", "contact_gap_s",
         "landing.contact_asymmetry_s", "above", "s", TIMING_NOISE_S, "contact"),
    Rule("less_knee_valgus_contact", "LESS: knee valgus at initial contact", "max_knee_shift_contact",
         "knee.valgus_mild", "above", "shank lengths (larger side)", KNEE_NOISE, "contact"),
    Rule("less_knee_valgus_displacement", "LESS: knee valgus displacement", "max_knee_shift_peak",
         "knee.valgus_mild", "above", "shank lengths (larger side, contact to deepest)", KNEE_NOISE, "deepest"),
    Rule("less_lateral_trunk_flexion", "LESS: lateral trunk flexion at initial contact", "trunk_lean_contact_deg",
         "landing.trunk_lateral_flexion_deg", "above", "deg against standing", TRUNK_NOISE, "contact"),
]


def _with_larger_side(values: dict[str, float]) -> dict[str, float]:
    """Add the larger side's knee shift at contact and its peak (LESS rates both knees as one item)."""
    out = dict(values)
    for key in ("knee_shift_contact", "knee_shift_peak"):
        pair = [values[f"{s}_{key}"] for s in SIDES]
        out[f"max_{key}"] = float(np.nanmax(pair)) if np.isfinite(pair).any() else float("nan")
    return out


def _neutral_difference(criteria: list[Criterion], values: list[dict[str, float]], th: Thresholds) -> None:
    """A left-right difference between two knees that both stay in the neutral band is noise: rate it good."""
    mild = th.value("knee.valgus_mild")
    reached = any(max(v[f"{s}_knee_shift_deepest"] for s in SIDES) >= mild for v in values)
    for c in criteria:
        if c.name == "knee_shift_difference" and c.rating == "poor" and not reached:
            c.rating = "good"
            c.note = "Both knees stay below the valgus band, so their difference is not read as asymmetry."


def _foot_position(values: list[dict[str, float]], frames: list[int], th: Thresholds) -> list[Criterion]:
    """LESS toe-in / toe-out: reported only, rated unknown (foot angle from one camera is unvalidated)."""
    t = th["landing.foot_rotation_deg"]
    out = []
    for name, label, sign in (("less_foot_toe_in", "LESS: foot position toe-in", -1.0),
                              ("less_foot_toe_out", "LESS: foot position toe-out", 1.0)):
        angles = np.array([v[f"{s}_foot_progression_contact_deg"] for v in values for s in SIDES], dtype=float)
        finite = angles[np.isfinite(angles)]
        value = float(np.median(sign * finite)) if finite.size else None
        out.append(Criterion(name, label, None, "unknown", value, "deg (model's 3-D foot angle)", t, frames,
                             FOOT_ANGLE_CONFIDENCE, "Not scored: the foot angle from one front camera is the model's "
                             "depth estimate and is not validated; the value is shown for information only."))
    return out


def screen_criteria(values: list[dict[str, float]], landings: list[Landing], th: Thresholds,
                    quality: CaptureQuality, has_base: bool) -> list[Criterion]:
    """Every criterion of the landing screen, then the front-view LESS items and their error count."""
    factor = quality.confidence_factor * (1.0 if has_base else NO_BASELINE_FACTOR)
    r = Rating(th, factor, quality.can_judge, "landing", "Not seen at the landing frames.")
    frames = {"contact": [ld.initial for ld in landings], "deepest": [ld.deepest for ld in landings]}
    base_note = "" if has_base else "No standing frames on the floor: judged on raw positions."
    out = []
    for rule in _rules():
        vals = np.array([v[rule.key] for v in values], dtype=float)
        out.append(rate(rule.item, vals, frames[rule.event], r, note=base_note))
    _neutral_difference(out, values, th)
    larger = [_with_larger_side(v) for v in values]
    less = []
    for rule in LESS_RULES:
        vals = np.array([v[rule.key] for v in larger], dtype=float)
        less.append(rate(rule.item, vals, frames[rule.event], r, ("present", "absent"),
                         base_note if "knee" in rule.key or "trunk" in rule.key else ""))
    out += less + _foot_position(values, frames["contact"], th)
    scored = [c for c in less if c.rating in ("present", "absent")]
    errors = sum(c.rating == "present" for c in scored)
    out.append(Criterion(
        "less_front_subset", "LESS front-view subset: errors scored", None,
        "measured" if scored else "unknown", float(errors) if scored else None,
        f"errors of {len(scored)} items scored", None, frames["contact"],
        min((c.confidence for c in scored), default=0.0),
        f"{errors} error{'s' if errors != 1 else ''} in the {len(scored)} of {LESS_ITEMS_TOTAL} LESS items a front "
        "view supports; not a full LESS score (over all 17 items uninjured athletes average 4.4 errors and "
        "ACL-injured 6.2, Padua 2015)."))
    return out


def landing_figures(values: list[dict[str, float]], criteria: list[Criterion]) -> dict[str, float | None]:
    """Per-landing figures (landing1_...) and the median over landings of each."""
    figures: dict[str, float | None] = {"landings": float(len(values))}
    for i, v in enumerate(values, 1):
        for k, x in v.items():
            figures[f"landing{i}_{k}"] = x
    for k in (values[0] if values else {}):
        xs = np.array([v[k] for v in values], dtype=float)
        figures[k] = float(np.median(xs[np.isfinite(xs)])) if np.isfinite(xs).any() else None
    subset = next((c for c in criteria if c.name == "less_front_subset"), None)
    if subset is not None:
        figures["less_front_errors"] = subset.value
        figures["less_front_items_scored"] = float(sum(c.rating in ("present", "absent") for c in criteria
                                                       if c.name.startswith("less_") and c.name != "less_front_subset"))
    return figures
