"""Drop-jump landing screen: flights, initial contact per foot, the deepest point, LESS items.

Events come from the feet's and hip's image paths: a flight is both feet clearly above the
floor level; each foot's contact is the first frame it is back on the floor; the deepest
point is the hip's lowest position after contact. Each landing is a trial ``Rep``
(start = initial contact, bottom = deepest, end = back up or the next take-off), judged
with the squat's measure (the knee's inward shift over the ankle against standing).
The front-view subset of the Landing Error Scoring System (LESS, Padua 2009) is scored
item by item with evidence frames; it is not a full LESS score.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from groundup.analysis import Analysis, classify_arms, standing_foot_angles
from groundup.findings import verdicts
from groundup.findings.quality import CaptureQuality, QualityIssue, TrialRule, assess_capture, capture_stats
from groundup.findings.verdicts import MEASURE_NOISE as KNEE_NOISE  # model vs hand (benchmarks/accuracy.py)
from groundup.findings.verdicts import NO_BASELINE_FACTOR, agreement_confidence
from groundup.metrics.rep_summary import MIN_STANDING_FRAMES, STANDING_DEPTH, baseline, summarise_reps
from groundup.pose.landmarks import SIDES
from groundup.screens.base import Criterion, Event, Prepared, ScreenReport
from groundup.screens.contact import (
    event_series,
    first_true,
    floor_level,
    foot_bottom_y,
    frames_for,
    mid,
    pair_width,
    runs,
    trunk_lean_deg,
)
from groundup.signals.reps import Rep
from groundup.thresholds import Threshold, Thresholds

STILL_SPEED = 1.0  # shank lengths/s: a foot slower than this is at rest (floor level estimate)
FLOOR_BAND = 0.35  # shank lengths: still feet this far above the lowest cluster stand on something else
RISE_FRACTION = 0.25  # a landing ends when the hip is back within this share of its deepest drop
BOX_REST_S = 0.25  # s at the start of a long run above the floor that give the box's level
LESS_ITEMS_TOTAL = 17
FPPA_NOISE = 3.0  # deg: SEM of 2D FPPA (Munro, Herrington & Carolan 2012)
RATIO_NOISE = 0.05  # separation and width ratios
TIMING_NOISE_S = 0.02  # s: about one frame at 60 fps
TRUNK_NOISE = 2.0  # deg
FOOT_ANGLE_CONFIDENCE = 0.2  # foot angle from one camera is unvalidated (domain.md)

LANDING_TRIALS = TrialRule(
    "landing", "landing.recommended",
    "No landing was found: both feet were never seen leaving the floor and coming back down.",
    "Start filming before you step off the box, keep the whole body and the floor in view, and keep "
    "filming until you stand still after {n} landings.", "a drop-jump landing")


@dataclass(frozen=True)
class Landing:
    """One landing: frames of take-off (None if not seen), contact per foot, deepest and end."""

    takeoff: int | None
    contact: dict[str, int]
    deepest: int
    end: int
    complete: bool

    @property
    def initial(self) -> int:
        """Initial contact: the first foot down."""
        return min(self.contact.values())


@dataclass(frozen=True)
class FlightSearch:
    """What the event search saw: the landings, and flights that never came down."""

    landings: list[Landing]
    flights: int
    unfinished: int
    floor_y: float


# ---------------------------------------------------------------- events


def foot_heights(p: Prepared, th: Thresholds) -> tuple[dict[str, np.ndarray], float]:
    """Height of each foot's lowest point above the floor, shank lengths (event-filtered), and the floor y."""
    raw = event_series(p.track.times_s, p.raw_xy, th.value("signals.max_gap_s"), th.value("landing.event_cutoff_hz"))
    bottoms = {s: foot_bottom_y(raw, s) for s in SIDES}
    shank = p.shank
    still = np.ones(len(raw), dtype=bool)
    for s in SIDES:
        with np.errstate(invalid="ignore"):
            still &= np.abs(np.gradient(bottoms[s], p.track.times_s)) / shank < STILL_SPEED
    both = np.fmax(bottoms["left"], bottoms["right"])
    floor = floor_level(both, still, FLOOR_BAND * shank)
    return {s: (floor - bottoms[s]) / shank for s in SIDES}, floor


def flight_runs(heights: dict[str, np.ndarray], times_s: np.ndarray, th: Thresholds) -> list[tuple[int, int]]:
    """(start, stop) of stretches with both feet clearly above the floor for long enough."""
    with np.errstate(invalid="ignore"):
        air = (heights["left"] > th.value("landing.flight_height")) & (heights["right"] > th.value("landing.flight_height"))
    min_len = frames_for(th.value("landing.min_flight_s"), times_s)
    return [(a, b) for a, b in runs(air) if b - a >= min_len]


def takeoff_frame(heights: dict[str, np.ndarray], run: tuple[int, int], times_s: np.ndarray,
                  th: Thresholds) -> int | None:
    """First frame both feet have left their resting level before the flight ``run``.

    A short run is a jump from the floor: the take-off is the first frame both feet are above
    the contact height. A long run is standing on a box: the take-off is when the feet leave
    the box's level. None when the clip starts in the air.
    """
    start, stop = run
    tol = th.value("landing.contact_height")
    lower = np.fmin(heights["left"], heights["right"])
    if times_s[stop - 1] - times_s[start] <= th.value("landing.max_flight_s"):
        before = np.flatnonzero(np.isfinite(lower[:start]) & (lower[:start] <= tol))
        return int(before[-1] + 1) if before.size else None
    rest_n = frames_for(BOX_REST_S, times_s)
    rest = {s: float(np.nanmedian(heights[s][start:start + rest_n])) for s in SIDES}
    near = np.ones(stop - start, dtype=bool)
    for s in SIDES:
        with np.errstate(invalid="ignore"):
            near &= np.abs(heights[s][start:stop] - rest[s]) <= tol
    resting = np.flatnonzero(near)
    return int(start + resting[-1] + 1) if resting.size else None


def landing_depth(hip_y: np.ndarray, on_floor: np.ndarray, leg: float) -> np.ndarray:
    """Hip drop below standing tall on the floor, in leg lengths (standing = 10th percentile of hip y on the floor)."""
    ref = hip_y[on_floor & np.isfinite(hip_y)]
    if ref.size == 0 or not np.isfinite(leg) or leg <= 0:
        return np.full(len(hip_y), np.nan)
    return (hip_y - np.percentile(ref, 10)) / leg


def deepest_and_end(depth: np.ndarray, initial: int, limit: int, times_s: np.ndarray,
                    th: Thresholds) -> tuple[int, int, bool]:
    """The hip's lowest frame after contact (within the absorb window) and where it is back up."""
    window_end = min(limit, initial + frames_for(th.value("landing.max_absorb_s"), times_s) + 1)
    seg = depth[initial:window_end]
    if not np.isfinite(seg).any():
        return initial, min(limit, len(depth)) - 1, False
    deepest = int(initial + np.nanargmax(seg))
    with np.errstate(invalid="ignore"):
        back_up = depth <= RISE_FRACTION * depth[deepest]
    end = first_true(back_up, deepest + 1, limit)
    if end is None:
        return deepest, max(deepest, min(limit, len(depth)) - 1), False
    return deepest, end, True


def find_landings(p: Prepared, th: Thresholds) -> tuple[FlightSearch, np.ndarray, dict[str, np.ndarray]]:
    """Every landing of the clip, the landing depth series and the foot heights."""
    times = p.track.times_s
    heights, floor = foot_heights(p, th)
    tol = th.value("landing.contact_height")
    hip_y = mid(p.xy, "hip")[:, 1]
    with np.errstate(invalid="ignore"):
        on_floor = (heights["left"] <= tol) & (heights["right"] <= tol) & p.track.valid
        down = {s: heights[s] <= tol for s in SIDES}
    depth = landing_depth(hip_y, on_floor, p.scale.leg)
    flights = flight_runs(heights, times, th)
    landings, unfinished = [], 0
    for k, run in enumerate(flights):
        limit = flights[k + 1][0] if k + 1 < len(flights) else len(times)
        contact = {s: first_true(down[s], run[1], limit) for s in SIDES}
        contact = {s: c for s, c in contact.items() if c is not None}
        if not contact:
            unfinished += 1
            continue
        initial = min(contact.values())
        deepest, end, complete = deepest_and_end(depth, initial, limit, times, th)
        landings.append(Landing(takeoff_frame(heights, run, times, th), contact, deepest, end, complete))
    return FlightSearch(landings, len(flights), unfinished, floor), depth, heights


def landing_reps(landings: list[Landing], depth: np.ndarray) -> list[Rep]:
    """Each landing as a trial: start = initial contact, bottom = deepest, end = back up."""
    return [Rep(i + 1, l.initial, l.deepest, l.end, float(depth[l.deepest]) if np.isfinite(depth[l.deepest]) else 0.0,
                l.complete and len(l.contact) == 2) for i, l in enumerate(landings)]


def landing_events(landings: list[Landing], times_s: np.ndarray) -> list[Event]:
    """Take-off, contact per foot and deepest point of every landing, in time order."""
    events = []
    for l in landings:
        if l.takeoff is not None:
            events.append(Event("takeoff", l.takeoff, float(times_s[l.takeoff])))
        for s in SIDES:
            if s in l.contact:
                events.append(Event("contact", l.contact[s], float(times_s[l.contact[s]]), s))
        events.append(Event("deepest", l.deepest, float(times_s[l.deepest])))
    return sorted(events, key=lambda e: (e.frame, e.kind))


# ---------------------------------------------------------------- per-landing values


def _at(series: np.ndarray, frame: int) -> float:
    return float(series[frame]) if 0 <= frame < len(series) else float("nan")


def landing_values(p: Prepared, l: Landing, base: dict[str, float] | None, depth: np.ndarray,
                   times_s: np.ndarray) -> dict[str, float]:
    """The figures of one landing: knee shift, FPPA, separation, width, trunk, timing."""
    m, ref = p.measures, base or {}
    c, d = l.initial, l.deepest
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
    if len(l.contact) == 2:
        out["contact_gap_s"] = abs(float(times_s[l.contact["left"]] - times_s[l.contact["right"]]))
    else:
        out["contact_gap_s"] = float("nan")
    out["depth"] = _at(depth, d)
    out["flight_s"] = float(times_s[c] - times_s[l.takeoff]) if l.takeoff is not None else float("nan")
    return out


# ---------------------------------------------------------------- criteria


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


def _rate(rule: Rule, values: np.ndarray, frames: list[int], th: Thresholds, factor: float, can_judge: bool,
          labels: tuple[str, str] = ("poor", "good"), note: str = "") -> Criterion:
    """One criterion from its per-landing values: majority of landings against the cut-off."""
    t: Threshold | None = th[rule.threshold] if rule.threshold else None
    finite = np.isfinite(values)
    value = float(np.median(values[finite])) if finite.any() else None
    if not can_judge or value is None:
        why = "The capture check refused the clip." if not can_judge else "Not seen at the landing frames."
        return Criterion(rule.name, rule.label, rule.side, "unknown", value, rule.unit, t, frames, 0.0,
                         f"{why} {note}".strip())
    if t is None or rule.bad_when == "never":
        return Criterion(rule.name, rule.label, rule.side, "measured", value, rule.unit, t, frames,
                         float(np.clip(factor, 0, 0.95)), note)
    signed = values[finite] if rule.bad_when == "above" else -values[finite]
    cut = t.value if rule.bad_when == "above" else -t.value
    bad = int(np.sum(signed >= cut))
    rating = labels[0] if bad * 2 > signed.size else labels[1]
    seen = f"{bad} of {signed.size} landing{'s' if signed.size > 1 else ''} past the cut-off."
    return Criterion(rule.name, rule.label, rule.side, rating, value, rule.unit, t, frames,
                     agreement_confidence(signed, cut, rule.noise, factor), f"{seen} {note}".strip())


def _rules() -> list[Rule]:
    rules = []
    for s in SIDES:
        rules += [
            Rule("knee_shift_contact", f"{s.capitalize()} knee inward shift at initial contact", f"{s}_knee_shift_contact",
                 "knee.valgus_mild", "above", "shank lengths", KNEE_NOISE, "contact", s),
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
    frames = {"contact": [l.initial for l in landings], "deepest": [l.deepest for l in landings]}
    base_note = "" if has_base else "No standing frames on the floor: judged on raw positions."
    out = []
    for rule in _rules():
        vals = np.array([v[rule.key] for v in values], dtype=float)
        out.append(_rate(rule, vals, frames[rule.event], th, factor, quality.can_judge, note=base_note))
    _neutral_difference(out, values, th)
    larger = [_with_larger_side(v) for v in values]
    less = []
    for rule in LESS_RULES:
        vals = np.array([v[rule.key] for v in larger], dtype=float)
        less.append(_rate(rule, vals, frames[rule.event], th, factor, quality.can_judge, ("present", "absent"),
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


def _figures(values: list[dict[str, float]], criteria: list[Criterion]) -> dict[str, float | None]:
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


# ---------------------------------------------------------------- the screen


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


def analyse(p: Prepared, movement: str, th: Thresholds) -> Analysis:
    """The drop-jump landing screen on a prepared track."""
    track, times = p.track, p.track.times_s
    search, depth, heights = find_landings(p, th)
    reps = landing_reps(search.landings, depth)
    base = landing_baseline(p, depth, heights, th)
    has_base = base is not None
    measures_base = {k: v for k, v in base.items() if not k.startswith("_")} if base else None
    summaries = summarise_reps(p.measures, reps, depth, p.valid, measures_base)
    stats = capture_stats(track, p.raw_xy, p.xy, p.shank, reps, th.value("quality.second_person_height"))
    quality = assess_capture(stats, th, trials=LANDING_TRIALS)
    missing = no_landing_issue(search, depth, times)
    if missing is not None:  # replaces the generic "no landings" refusal with what was seen
        quality.issues = [i for i in quality.issues if i.code != "no_landings"] + [missing]
    arms = classify_arms(base["wrist_over_nose"] if base else float(np.nanmedian(p.measures["wrist_over_nose"])))
    knees = {s: verdicts.judge_knee(s, summaries, times, th, quality, has_base) for s in SIDES}
    ankles = {s: verdicts.judge_ankle(s, summaries, times, th, quality, has_base) for s in SIDES}
    values = [landing_values(p, l, base, depth, times) for l in search.landings]
    criteria = screen_criteria(values, search.landings, th, quality, has_base) if values else []
    report = ScreenReport("drop-jump", landing_events(search.landings, times), criteria, _figures(values, criteria))
    report.notes += _notes(search, quality, has_base)
    analysis_depth = np.where(np.isfinite(depth), depth, p.depth)
    return Analysis(track, movement, p.raw_xy, p.xy, p.world, p.scale, p.measures, analysis_depth, reps, summaries,
                    measures_base, arms, quality, knees, ankles, verdicts.symmetry(knees, th),
                    verdicts.judge_compensations(summaries, times, th, quality, has_base, arms,
                                                 standing_foot_angles(measures_base)), th, report)


def _notes(search: FlightSearch, quality: CaptureQuality, has_base: bool) -> list[str]:
    notes = [f"{len(search.landings)} landing{'s' if len(search.landings) != 1 else ''} found "
             f"({search.flights} flight{'s' if search.flights != 1 else ''} seen)."]
    if any(l.takeoff is None for l in search.landings):
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


__all__ = [
    "LANDING_TRIALS",
    "FlightSearch",
    "Landing",
    "analyse",
    "find_landings",
    "flight_runs",
    "foot_heights",
    "landing_depth",
    "landing_reps",
    "landing_values",
    "no_landing_issue",
    "takeoff_frame",
]
