"""Gait screen, walking toward the camera: stance phases per foot, knee over the foot, pelvic drop.

Walking toward a fixed camera, a planted foot stays still in the picture while the swing
foot moves down and outward and grows. A foot is in stance while its heel or toe moves
slower than a cut-off in torso lengths per second (hysteresis, minimum durations), so the
cut-off holds as the person grows. Each stance phase is a trial ``Rep`` of that side only.
The knee measures are rescaled by the per-frame torso length: the clip-wide shank length
would make a knee offset grow as the person comes closer.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import partial

import numpy as np

from groundup.analysis import Analysis, Criterion, Event, ScreenReport
from groundup.findings.quality import CaptureQuality, QualityIssue, TrialRule
from groundup.findings.verdicts import MEASURE_NOISE as KNEE_NOISE  # model vs hand (benchmarks/accuracy.py)
from groundup.findings.verdicts import NO_BASELINE_FACTOR
from groundup.metrics.geometry import joint
from groundup.metrics.rep_summary import MIN_STANDING_FRAMES, baseline, summarise_reps
from groundup.pose.landmarks import SIDES, other
from groundup.screens.base import Prepared
from groundup.screens.common import standing_side_only
from groundup.screens.contact import drop_short_runs, frames_for, hysteresis, mid, rolling_median, runs, speed, torso_px
from groundup.screens.engine import Trials, judge
from groundup.screens.rating import Item, Rating, rate
from groundup.signals.reps import Rep
from groundup.thresholds import Thresholds

SPEED_WINDOW_S = 0.1  # s: foot speed is averaged over this window
SIZE_WINDOW_S = 0.5  # s: running median of the torso length (steps make it wobble)
STANDING_GROWTH = 0.05  # 1/s: the person's size changes slower than this when standing (walking: ~0.3/s)
EDGE_SHARE = 0.15  # share of the walk's valid frames at each end that give its start and end size/position
SHANK_MEASURES = ("knee_medial_offset", "knee_toe_offset", "ankle_eversion_proxy")
PELVIS_NOISE = 2.0  # deg
FOOT_ANGLE_CONFIDENCE = 0.3  # foot progression from one camera: the model's depth, unvalidated
REFILM = ("Film walking straight toward the camera: camera at hip height on the line you walk, "
          "whole body in view, at least six steps.")

GAIT_TRIALS = TrialRule("step", "gait.recommended_steps",
                        "No step was found: neither foot was seen planted and then lifted.",
                        "Walk straight toward the camera for at least {n} steps, whole body in view.", "a walk")


@dataclass(frozen=True)
class Stance:
    """One stance phase of one foot: first and last planted frame, and whether both ends were seen."""

    side: str
    start: int
    end: int
    complete: bool

    @property
    def mid(self) -> int:
        return (self.start + self.end) // 2


# ---------------------------------------------------------------- body size and direction


def body_size(xy: np.ndarray, times_s: np.ndarray) -> np.ndarray:
    """Per-frame torso length (pixels), running median over half a second."""
    return rolling_median(torso_px(xy), frames_for(SIZE_WINDOW_S, times_s))


def _edge_median(values: np.ndarray, valid: np.ndarray, end: bool) -> float:
    idx = np.flatnonzero(valid & np.isfinite(values))
    if idx.size == 0:
        return float("nan")
    n = max(1, int(EDGE_SHARE * idx.size))
    return float(np.median(values[idx[-n:] if end else idx[:n]]))


def walk_direction(xy: np.ndarray, size: np.ndarray, valid: np.ndarray) -> dict[str, float]:
    """How the person moved: size growth (end over start) and sideways hip travel in torso lengths."""
    hip_x = mid(xy, "hip")[:, 0]
    growth = _edge_median(size, valid, True) / _edge_median(size, valid, False)
    travel = abs(_edge_median(hip_x, valid, True) - _edge_median(hip_x, valid, False))
    with np.errstate(all="ignore"):
        scale = float(np.nanmedian(size[valid])) if valid.any() else float("nan")
    return {"size_growth": float(growth), "cross_travel": float(travel / scale) if scale else float("nan")}


# ---------------------------------------------------------------- stance phases


def window_mean(values: np.ndarray, n: int) -> np.ndarray:
    """Centred running mean over ``n`` frames (NaN where the window holds a NaN)."""
    if n <= 1:
        return values
    kernel = np.ones(n) / n
    return np.convolve(np.pad(values, (n // 2, n - 1 - n // 2), mode="edge"), kernel, mode="valid")


def strike_frame(instant_speed: np.ndarray, start: int, back: int, slow: float) -> int:
    """Move a detected stance start back to where the foot's instantaneous speed fell below ``slow``.

    The windowed speed lags the impact by a few frames; up to ``back`` frames are given back.
    """
    a = start
    while a > 0 and start - a < back and np.isfinite(instant_speed[a - 1]) and instant_speed[a - 1] < slow:
        a -= 1
    return a


def foot_speed(xy: np.ndarray, times_s: np.ndarray, side: str, size: np.ndarray, window: bool = True) -> np.ndarray:
    """The slower of heel and toe path speed (mean over 0.1 s), in torso lengths per second.

    The path speed (not the net displacement) is used because a lifting foot that comes closer
    moves up and down in the picture at once, and the two can cancel for an instant.
    """
    n = frames_for(SPEED_WINDOW_S, times_s) if window else 1
    heel = window_mean(speed(times_s, joint(xy, side, "heel")), n)
    toe = window_mean(speed(times_s, joint(xy, side, "foot_index")), n)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.fmin(heel, toe) / size


def planted(foot_speed_: np.ndarray, valid: np.ndarray, times_s: np.ndarray, th: Thresholds) -> np.ndarray:
    """Per-frame 'foot planted', with hysteresis and minimum swing and stance durations."""
    state = hysteresis(np.where(valid, foot_speed_, np.nan), th.value("gait.stance_speed_on"),
                       th.value("gait.stance_speed_off"))
    state &= valid
    state = drop_short_runs(state, frames_for(th.value("gait.min_swing_s"), times_s), value=False)
    state &= valid
    return drop_short_runs(state, frames_for(th.value("gait.min_stance_s"), times_s), value=True)


def stance_phases(p: Prepared, size: np.ndarray, th: Thresholds) -> tuple[list[Stance], dict[str, np.ndarray]]:
    """Stance phases of both feet in time order (standing still excluded), and the planted masks."""
    times, valid = p.track.times_s, p.valid
    seen = np.flatnonzero(valid)
    first, last = (int(seen[0]), int(seen[-1])) if seen.size else (0, -1)
    max_len = frames_for(th.value("gait.max_stance_s"), times)
    phases, masks = [], {}
    back = frames_for(SPEED_WINDOW_S, times)
    for side in SIDES:
        masks[side] = planted(foot_speed(p.xy, times, side, size), valid, times, th)
        instant = foot_speed(p.xy, times, side, size, window=False)
        for a, b in runs(masks[side]):
            if b - a > max_len:
                continue  # standing, not a step
            a = strike_frame(instant, a, back, th.value("gait.stance_speed_off"))
            masks[side][a:b] = True
            phases.append(Stance(side, a, b - 1, a > first and b - 1 < last))
    return sorted(phases, key=lambda s: s.start), masks


def standing_mask(masks: dict[str, np.ndarray], size: np.ndarray, times_s: np.ndarray, valid: np.ndarray) -> np.ndarray:
    """Frames with both feet planted and the person not coming closer: standing still."""
    with np.errstate(invalid="ignore", divide="ignore"):
        growth = np.abs(np.gradient(np.log(size), times_s)) if len(times_s) > 1 else np.zeros(len(size))
    return masks["left"] & masks["right"] & valid & (growth < STANDING_GROWTH)


def size_scaled_measures(measures: dict[str, np.ndarray], size: np.ndarray, torso_ref: float) -> dict[str, np.ndarray]:
    """The shank-length measures rescaled to this frame's body size (the person grows as they approach)."""
    out = dict(measures)
    with np.errstate(invalid="ignore", divide="ignore"):
        factor = torso_ref / size
    for s in SIDES:
        for name in SHANK_MEASURES:
            out[f"{s}_{name}"] = measures[f"{s}_{name}"] * factor
    return out


# ---------------------------------------------------------------- gait figures


def cadence_spm(phases: list[Stance], times_s: np.ndarray) -> float:
    """Steps per minute from the foot strikes seen (stance starts that are not the clip's first frame)."""
    strikes = sorted(times_s[ph.start] for ph in phases if ph.complete)
    if len(strikes) < 2 or strikes[-1] <= strikes[0]:
        return float("nan")
    return 60.0 * (len(strikes) - 1) / (strikes[-1] - strikes[0])


def pelvic_drop_deg(tilt: np.ndarray, ph: Stance, masks: dict[str, np.ndarray], reference: float) -> tuple[float, int]:
    """Largest drop of the swing-side hip during this stance's single support, and its frame.

    ``pelvic_tilt_deg`` is positive when the left hip is lower: standing on the left, the right
    (swing) hip dropping reads as negative tilt.
    """
    frames = np.arange(ph.start, ph.end + 1)
    single = frames[~masks[other(ph.side)][frames]]
    frames = single if single.size else frames
    drop = (tilt[frames] - reference) * (1.0 if ph.side == "right" else -1.0)
    if not np.isfinite(drop).any():
        return float("nan"), ph.mid
    k = int(np.nanargmax(drop))
    return float(drop[k]), int(frames[k])


def stance_values(measures: dict[str, np.ndarray], base: dict[str, float] | None, ph: Stance,
                  masks: dict[str, np.ndarray], tilt_ref: float, times_s: np.ndarray) -> dict[str, float]:
    """One stance phase's knee offset (mid-stance and peak), foot angle, pelvic drop and duration."""
    ref = (base or {}).get(f"{ph.side}_knee_medial_offset", 0.0)
    knee = measures[f"{ph.side}_knee_medial_offset"][ph.start:ph.end + 1] - ref
    peak = int(np.nanargmax(knee)) if np.isfinite(knee).any() else 0
    drop, drop_frame = pelvic_drop_deg(measures["pelvic_tilt_deg"], ph, masks, tilt_ref)
    return {"knee_offset_midstance": float(knee[ph.mid - ph.start]), "knee_offset_peak": float(knee[peak]),
            "knee_offset_peak_frame": float(ph.start + peak),
            "foot_progression_deg": float(measures[f"{ph.side}_foot_progression_deg"][ph.mid]),
            "pelvic_drop_deg": drop, "pelvic_drop_frame": float(drop_frame),
            "stance_s": float(times_s[ph.end] - times_s[ph.start])}


def _column(values: list[dict[str, float]], key: str) -> np.ndarray:
    return np.array([v[key] for v in values], dtype=float)


def side_criteria(side: str, phases: list[Stance], values: list[dict[str, float]], r: Rating,
                  base_note: str) -> list[Criterion]:
    """Knee over the foot (mid-stance, peak), pelvic drop, stance time and foot progression of one side."""
    mine = [v for ph, v in zip(phases, values) if ph.side == side]
    col = partial(_column, mine)
    mids, cap = [ph.mid for ph in phases if ph.side == side], side.capitalize()
    shank = "shank lengths"
    return [
        rate(Item("knee_offset_midstance", f"{cap} knee inward of the ankle at mid-stance", shank, KNEE_NOISE,
                  "knee.valgus_mild", side=side), col("knee_offset_midstance"), mids, r, note=base_note),
        rate(Item("knee_offset_peak", f"{cap} knee inward of the ankle, peak in stance", shank, KNEE_NOISE,
                  "knee.valgus_mild", side=side), col("knee_offset_peak"),
             [int(f) for f in col("knee_offset_peak_frame")], r, note=base_note),
        rate(Item("pelvic_drop", f"Pelvis drops on the swing side while standing on the {side} leg", "deg",
                  PELVIS_NOISE, "gait.pelvic_drop_deg", side=side), col("pelvic_drop_deg"),
             [int(f) for f in col("pelvic_drop_frame")], r),
        rate(Item("stance_time", f"{cap} stance time", "s", 0.02, side=side), col("stance_s"), mids, r),
        rate(Item("foot_progression", f"{cap} foot progression angle (toe-out +)", "deg", 3.0, side=side),
             col("foot_progression_deg"), mids, replace(r, factor=min(r.factor, FOOT_ANGLE_CONFIDENCE)),
             note="Reported, not validated: the foot angle comes from the model's depth estimate of one camera."),
    ]


def gait_criteria(phases: list[Stance], values: list[dict[str, float]], cadence: float, th: Thresholds,
                  quality: CaptureQuality, has_base: bool) -> list[Criterion]:
    """Per side (``side_criteria``), then the cadence and the steps seen."""
    factor = quality.confidence_factor * (1.0 if has_base else NO_BASELINE_FACTOR)
    r = Rating(th, factor, quality.can_judge, "stance phase", "No {side} stance phase measured.")
    base_note = "" if has_base else "No standing frames: raw knee position over the ankle, not change from standing."
    out = [c for s in SIDES for c in side_criteria(s, phases, values, r, base_note)]
    strikes = [ph.start for ph in phases]
    out.append(rate(Item("cadence", "Cadence", "steps/min", 1.0), np.array([cadence]), strikes, r))
    out.append(rate(Item("step_count", "Steps seen", "steps", 0.0), np.array([float(len(phases))]), strikes, r))
    return out


def gait_events(phases: list[Stance], times_s: np.ndarray) -> list[Event]:
    """Foot strike and toe-off of every stance phase whose edge was seen."""
    events = []
    for ph in phases:
        if ph.complete or ph.start > 0:
            events.append(Event("foot_strike", ph.start, float(times_s[ph.start]), ph.side))
        if ph.complete or ph.end < len(times_s) - 1:
            events.append(Event("toe_off", ph.end, float(times_s[ph.end]), ph.side))
    return sorted(events, key=lambda e: (e.frame, e.kind))


# ---------------------------------------------------------------- the gate


def direction_issues(direction: dict[str, float], th: Thresholds) -> list[QualityIssue]:
    """Refusals for a walk across the picture (side view) or away from the camera."""
    issues = []
    travel, growth = direction["cross_travel"], direction["size_growth"]
    if np.isfinite(travel) and travel > th.value("gait.max_cross_travel"):
        issues.append(QualityIssue("walks_across", "refuse", f"The person moves across the picture ({travel:.1f} torso "
                                   "lengths sideways): the walk is filmed from the side, so the knees cannot be seen "
                                   "moving inward.", REFILM, travel, "gait.max_cross_travel"))
    if np.isfinite(growth) and growth < th.value("gait.min_growth"):
        issues.append(QualityIssue("walks_away", "refuse", f"The person gets smaller in the picture (x{growth:.2f}): "
                                   "they walk away from the camera, seen from behind.", REFILM, growth,
                                   "gait.min_growth"))
    return issues


def gait_issues(issues: list[QualityIssue], direction: dict[str, float], steps: int,
                th: Thresholds) -> list[QualityIssue]:
    """The shared gate's issues with the walk's own checks: direction, side view, enough steps."""
    issues = [replace(i, advice=REFILM) if i.code == "side_view" else i for i in issues]
    issues += direction_issues(direction, th)
    least = int(th.value("gait.min_steps"))
    if 0 < steps < least:
        issues = [i for i in issues if i.code != "few_steps"]
        issues.append(QualityIssue("few_steps", "refuse", f"Only {steps} step{'s' if steps != 1 else ''} found; at "
                                   f"least {least} (two per foot) are needed to judge each knee.", REFILM,
                                   float(steps), "gait.min_steps"))
    return issues


def analyse(p: Prepared, movement: str, th: Thresholds) -> Analysis:
    """The gait screen (walking toward the camera) on a prepared track."""
    times = p.track.times_s
    size = body_size(p.xy, times)
    phases, masks = stance_phases(p, size, th)
    direction = walk_direction(p.xy, size, p.valid)
    p = replace(p, measures=size_scaled_measures(p.measures, size, p.scale.torso))
    standing = standing_mask(masks, size, times, p.valid)
    base = baseline(p.measures, standing) if standing.sum() >= MIN_STANDING_FRAMES else None
    reps = [Rep(i + 1, ph.start, ph.mid, ph.end, 0.0, ph.complete) for i, ph in enumerate(phases)]
    summaries = standing_side_only(summarise_reps(p.measures, reps, p.depth, p.valid, base), [ph.side for ph in phases])
    gate = partial(gait_issues, direction=direction, steps=len(phases), th=th)
    a = judge(p, movement, th, Trials(reps, summaries, base, GAIT_TRIALS, gate))
    a.screen = gait_report(p, base, phases, masks, direction, a.quality, th)
    return a


def gait_report(p: Prepared, base: dict[str, float] | None, phases: list[Stance], masks: dict[str, np.ndarray],
                direction: dict[str, float], quality: CaptureQuality, th: Thresholds) -> ScreenReport:
    """Foot strikes and toe-offs, the per-side gait criteria, figures and notes."""
    times, measures = p.track.times_s, p.measures
    stance_tilt = (np.concatenate([measures["pelvic_tilt_deg"][ph.start:ph.end + 1] for ph in phases]) if phases
                   else np.array([]))
    tilt_ref = float(np.nanmedian(stance_tilt)) if np.isfinite(stance_tilt).any() else 0.0
    values = [stance_values(measures, base, ph, masks, tilt_ref, times) for ph in phases]
    cadence = cadence_spm(phases, times)
    has_base = base is not None
    report = ScreenReport("gait", gait_events(phases, times), gait_criteria(phases, values, cadence, th, quality,
                          has_base), _figures(phases, values, cadence, direction, masks, p.valid))
    report.notes += _notes(phases, quality, has_base)
    return report


def _figures(phases: list[Stance], values: list[dict[str, float]], cadence: float, direction: dict[str, float],
             masks: dict[str, np.ndarray], valid: np.ndarray) -> dict[str, float | None]:
    figures: dict[str, float | None] = {"step_count": float(len(phases)), "cadence_spm": cadence, **direction}
    both = masks["left"] & masks["right"] & valid
    either = (masks["left"] | masks["right"]) & valid
    figures["double_support_share"] = float(both.sum() / either.sum()) if either.any() else None
    for s in SIDES:
        mine = [v for ph, v in zip(phases, values) if ph.side == s]
        figures[f"{s}_stance_phases"] = float(len(mine))
        for k in ("stance_s", "knee_offset_midstance", "knee_offset_peak", "foot_progression_deg", "pelvic_drop_deg"):
            xs = np.array([v[k] for v in mine], dtype=float)
            figures[f"{s}_{k}"] = float(np.median(xs[np.isfinite(xs)])) if np.isfinite(xs).any() else None
    return figures


def _notes(phases: list[Stance], quality: CaptureQuality, has_base: bool) -> list[str]:
    notes = [f"{len(phases)} stance phase{'s' if len(phases) != 1 else ''} found "
             f"(left {sum(ph.side == 'left' for ph in phases)}, right {sum(ph.side == 'right' for ph in phases)}); "
             "each is judged on its own leg only."]
    notes.append("Knee offsets are scaled by each frame's body size, since the person grows while approaching.")
    notes.append("The foot progression angle is reported, not validated (one camera's depth estimate).")
    if not has_base:
        notes.append("No standing frames: knee positions are judged raw (knee over the ankle), not against standing.")
    notes.append("Shoulder and arm compensations are not judged while walking.")
    if not quality.can_judge:
        notes.append("The capture check refused the clip: criteria are left unrated.")
    return notes
