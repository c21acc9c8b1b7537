"""Shared look of the outputs: knee states, their colours and words, text sizing."""

from __future__ import annotations

import math
from dataclasses import dataclass

from groundup.analysis import Analysis
from groundup.findings.verdicts import INSIDE_FOOT
from groundup.metrics.rep_summary import bottom_frames

# RGB colours (frames are RGB arrays).
GREEN = (46, 204, 113)
AMBER = (255, 176, 0)
RED = (231, 56, 48)
BLUE = (52, 152, 255)
GREY = (170, 170, 170)
WHITE = (255, 255, 255)
DARK = (20, 20, 20)

STATE_COLOUR = {"neutral": GREEN, "mild": AMBER, "marked": RED, "varus": BLUE, "unknown": GREY}
STATE_WORDS = {"neutral": "in line", "mild": "caves in (mild)", "marked": "caves in (marked)",
               "varus": "pushed out", "unknown": "not judged"}


@dataclass(frozen=True)
class KneeCutoffs:
    """Knee thresholds in shank lengths (see thresholds.toml [knee])."""

    mild: float
    marked: float
    varus: float
    varus_toe: float
    inside_mild: float = math.inf  # knee medial of its foot line at depth
    inside_marked: float = math.inf


def _band(value: float, mild: float, marked: float) -> str:
    return "marked" if value >= marked else "mild" if value >= mild else "neutral"


def shift_state(shift: float, toe_offset: float, cut: KneeCutoffs, inside: float = math.nan) -> str:
    """Knee state from its medial shift against standing, its offset from the toe and, where the knee is
    judged over its foot (``inside`` finite), how far it sits inside its foot line: the worse criterion wins.

    As in the verdict, 'varus' needs both a lateral shift and the knee outside the toe.
    """
    if not math.isfinite(shift):
        return "unknown"
    bands = [_band(shift, cut.mild, cut.marked)]
    if math.isfinite(inside):
        bands.append(_band(inside, cut.inside_mild, cut.inside_marked))
    for state in ("marked", "mild"):
        if state in bands:
            return state
    return "varus" if shift <= cut.varus and toe_offset <= cut.varus_toe else "neutral"


def knee_cutoffs(a: Analysis) -> KneeCutoffs:
    """The knee thresholds of this analysis."""
    v = a.thresholds.value
    return KneeCutoffs(v("knee.valgus_mild"), v("knee.valgus_marked"), v("knee.varus_shift"),
                       v("knee.varus_toe_offset"), v("knee.inside_foot_mild"), v("knee.inside_foot_marked"))


def knee_state(a: Analysis, side: str, frame: int) -> str:
    """State of ``side``'s knee at ``frame`` ('unknown' where the clip could not be judged)."""
    if a.knees[side].verdict == "insufficient":
        return "unknown"
    toe = float(a.measures[f"{side}_knee_toe_offset"][frame])
    return shift_state(knee_shift(a, side, frame), toe, knee_cutoffs(a), inside_foot(a, side, frame))


def inside_foot(a: Analysis, side: str, frame: int) -> float:
    """How far ``side``'s knee sits inside its foot line at ``frame`` (shank lengths), where the verdict reads it:
    the bottom frames of the reps its knee-over-the-foot check judged. NaN elsewhere."""
    check = a.knees[side].check(INSIDE_FOOT)
    if check is None or not check.judged:
        return math.nan
    judged = {e.rep for e in check.evidence}
    for rep in a.reps:
        if rep.number in judged and rep.start <= frame <= rep.end:
            at_bottom = frame in bottom_frames(rep, a.depth, a.track.valid)
            return float(a.measures[f"{side}_knee_toe_offset"][frame]) if at_bottom else math.nan
    return math.nan


def baseline_value(a: Analysis, name: str) -> float:
    """Standing value of a measure, 0 without a baseline (as the rep summaries do)."""
    if a.baseline is None:
        return 0.0
    v = a.baseline.get(name, 0.0)
    return v if math.isfinite(v) else 0.0


def knee_shift(a: Analysis, side: str, frame: int) -> float:
    """Medial knee shift of ``side`` at ``frame`` against standing, shank lengths (NaN if unknown)."""
    name = f"{side}_knee_medial_offset"
    return float(a.measures[name][frame]) - baseline_value(a, name)


def text_scale(width: int, height: int) -> float:
    """OpenCV font scale that reads well on a frame of this size."""
    return max(0.5, min(width, height) / 600.0)


def verdict_state(verdict: str, severity: str) -> str:
    """Knee state key of a finding ('neutral', 'mild', 'marked', 'varus' or 'unknown')."""
    if verdict == "valgus":
        return "marked" if severity == "marked" else "mild"
    return {"neutral": "neutral", "varus": "varus"}.get(verdict, "unknown")


def shift_words(value: float) -> str:
    """'0.22 shin lengths inward' / '0.05 shin lengths outward'."""
    if not math.isfinite(value):
        return "not measured"
    return f"{abs(value):.2f} shin lengths {'inward' if value >= 0 else 'outward'}"


def foot_words(value: float, cut: float) -> str:
    """Where the knee sits over its foot line, in words: 'inside the foot' only past the cut-off.

    '0.23 shin lengths inside the foot' / 'over the foot (0.07 shin lengths toward the inside)' /
    '0.05 shin lengths outside the foot line'.
    """
    if not math.isfinite(value):
        return "not measured"
    if value >= cut:
        return f"{value:.2f} shin lengths inside the foot"
    if value >= 0:
        return f"over the foot ({value:.2f} shin lengths toward the inside)"
    return f"{-value:.2f} shin lengths outside the foot line"
