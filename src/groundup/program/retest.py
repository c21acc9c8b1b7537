"""Re-test: did the knee's inward shift really change between two assessments?

Per side, the change is ``after - before`` in the knee's inward shift over the ankle (shank
lengths, + = inward; ``sides.<side>.knee.value`` of result.json), and, where both assessments
have it, in where the knee sits over its foot line at the bottom of the deep reps (the verdict's
second criterion, ``checks.inside_foot``). Each is real only beyond its minimal detectable
change at 95 %:

    SEM_a   = max(SD of the per-rep values, MEASURE_ERROR) / sqrt(reps averaged)
    MDC95   = 1.96 * sqrt(SEM_before**2 + SEM_after**2)

which is the usual 1.96 * sqrt(2) * SEM when both assessments are equally precise. The floor
``MEASURE_ERROR`` (0.05 shank lengths, groundup's model-vs-hand error, README "Accuracy")
stands in for the per-rep error when the reps happen to agree closely (or there is one rep),
so more reps averaged always means a smaller MDC. This is within-session precision; filming
differences between days (camera height, stance) add to it, so treat a change just past the
MDC with care.

A side is worse when either measure got worse, improved when one improved and neither got
worse. FPPA at the matched depth is compared as context only, against the smallest detectable
difference of manual 2-D FPPA, 7.5-8.9 deg (Munro, Herrington & Carolan 2012).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from statistics import median, stdev

from groundup.findings.verdicts import MEASURE_NOISE
from groundup.program.assessment import (
    SIDES,
    assessed_on,
    can_judge,
    finding,
    fppa_matched,
    inside_foot_per_rep,
    knee_shift,
    knee_shift_per_rep,
)

MEASURE_ERROR = MEASURE_NOISE  # shank lengths: model vs hand-digitised knee offset, MAE (benchmarks/accuracy.py)
Z95 = 1.96
FPPA_SDD_DEG = (7.5, 8.9)  # Munro, Herrington & Carolan 2012, manual 2-D FPPA
VERDICTS = ("improved", "worse", "no real change", "cannot compare")


def standard_error(values: list[float], floor: float = MEASURE_ERROR) -> float:
    """SEM of the mean of per-rep values: the rep-to-rep SD (at least ``floor``) over sqrt(n)."""
    if not values:
        raise ValueError("no values")
    spread = stdev(values) if len(values) > 1 else 0.0
    return max(spread, floor) / math.sqrt(len(values))


def minimal_detectable_change(before: list[float], after: list[float], floor: float = MEASURE_ERROR) -> float:
    """MDC95 of the difference between two means of per-rep values."""
    return Z95 * math.hypot(standard_error(before, floor), standard_error(after, floor))


@dataclass(frozen=True)
class FppaContext:
    """FPPA at matched depth before and after (deg, + = valgus), read against Munro's SDD."""

    before_deg: float
    after_deg: float
    change_deg: float
    sdd_deg: tuple[float, float]
    reading: str  # within measurement noise | borderline | beyond the smallest detectable difference


@dataclass(frozen=True)
class FootLineChange:
    """Where the knee sat over its foot line at the bottom, before and after (shank lengths, + = inside)."""

    before: float
    after: float
    change: float
    mdc: float
    verdict: str  # improved | worse | no real change
    reps_before: int
    reps_after: int

    @property
    def explanation(self) -> str:
        return (f"Over its foot line at the bottom: {self.before:+.3f} -> {self.after:+.3f} ({self.change:+.3f}); "
                f"a real change needs {self.mdc:.3f} or more: {WORDS[self.verdict]}.")


WORDS = {"improved": "less inward", "worse": "more inward", "no real change": "within measurement error"}


def real_change(change: float, mdc: float) -> str:
    """improved (less inward by the MDC or more), worse, or no real change."""
    return "improved" if change <= -mdc else "worse" if change >= mdc else "no real change"


def compare_foot_line(before: dict, after: dict, side: str) -> FootLineChange | None:
    """The inside-the-foot criterion before and after, or None when either result lacks it."""
    reps_b, reps_a = inside_foot_per_rep(before, side), inside_foot_per_rep(after, side)
    if not reps_b or not reps_a:
        return None
    vb, va = median(reps_b), median(reps_a)
    mdc = minimal_detectable_change(reps_b, reps_a)
    return FootLineChange(round(vb, 4), round(va, 4), round(va - vb, 4), round(mdc, 4), real_change(va - vb, mdc),
                          len(reps_b), len(reps_a))


def combined(change_verdict: str, foot: FootLineChange | None) -> str:
    """Worse when either measure got worse; improved when one improved and neither got worse."""
    verdicts = {change_verdict, foot.verdict if foot else "no real change"}
    return "worse" if "worse" in verdicts else "improved" if "improved" in verdicts else "no real change"


@dataclass(frozen=True)
class SideChange:
    """One side's re-test: the numbers and whether the change is real."""

    side: str
    verdict: str  # improved | worse | no real change | cannot compare
    before: float | None  # inward knee shift, shank lengths
    after: float | None
    change: float | None  # after - before; negative = less inward
    mdc: float | None
    sem_before: float | None
    sem_after: float | None
    reps_before: int
    reps_after: int
    knee_before: str  # the knee verdicts (valgus / neutral / ...)
    knee_after: str
    fppa: FppaContext | None
    explanation: str
    foot_line: FootLineChange | None = None  # the second criterion, when both assessments have it


@dataclass(frozen=True)
class RetestOutcome:
    """Both sides' re-test, and whether it shows the real improvement that moves to maintenance."""

    before_date: date | None
    after_date: date | None
    sides: tuple[SideChange, ...]  # left, right
    real_improvement: bool  # every finding the programme came from is gone: maintenance
    summary: str
    ankles: tuple[str, ...] = ()  # each ankle that rolled before, in words

    def side(self, name: str) -> SideChange:
        return next(s for s in self.sides if s.side == name)


def _fppa(before: dict, after: dict, side: str) -> FppaContext | None:
    b, a = fppa_matched(before, side), fppa_matched(after, side)
    if b is None or a is None:
        return None
    change = a - b
    low, high = FPPA_SDD_DEG
    reading = ("within measurement noise" if abs(change) < low else "borderline" if abs(change) <= high
               else "beyond the smallest detectable difference")
    return FppaContext(round(b, 2), round(a, 2), round(change, 2), FPPA_SDD_DEG, reading)


def _cannot(side: str, before: dict, after: dict, why: str) -> SideChange:
    verdicts = [str(finding(r, side, "knee").get("verdict")) for r in (before, after)]
    return SideChange(side, "cannot compare", knee_shift(before, side), knee_shift(after, side), None, None, None,
                      None, len(knee_shift_per_rep(before, side)), len(knee_shift_per_rep(after, side)),
                      verdicts[0], verdicts[1], None, why)


def compare_side(before: dict, after: dict, side: str) -> SideChange:
    """One side's change in inward knee shift, and whether it exceeds the MDC."""
    kb, ka = finding(before, side, "knee").get("verdict"), finding(after, side, "knee").get("verdict")
    if "insufficient" in (kb, ka) or not (can_judge(before) and can_judge(after)):
        return _cannot(side, before, after, "One of the two videos could not be judged on this side.")
    reps_b, reps_a = knee_shift_per_rep(before, side), knee_shift_per_rep(after, side)
    vb, va = knee_shift(before, side), knee_shift(after, side)
    if not reps_b or not reps_a or vb is None or va is None:
        return _cannot(side, before, after, "No per-rep knee values to compare on this side.")
    sem_b, sem_a = standard_error(reps_b), standard_error(reps_a)
    mdc = minimal_detectable_change(reps_b, reps_a)
    change = va - vb
    shift_verdict = real_change(change, mdc)
    foot = compare_foot_line(before, after, side)
    explanation = (f"{side} knee: {vb:+.3f} -> {va:+.3f} shank lengths against standing ({change:+.3f}); a real "
                   f"change needs {mdc:.3f} or more with {len(reps_b)} and {len(reps_a)} reps: "
                   f"{WORDS[shift_verdict]}." + (f" {foot.explanation}" if foot else ""))
    return SideChange(side, combined(shift_verdict, foot), round(vb, 4), round(va, 4), round(change, 4),
                      round(mdc, 4), round(sem_b, 4), round(sem_a, 4), len(reps_b), len(reps_a), str(kb), str(ka),
                      _fppa(before, after, side), explanation, foot)


def knee_resolved(change: SideChange, cut_off: float, foot_cut_off: float) -> bool:
    """The knee finding is gone: no valgus verdict now, or a real improvement that took both
    criteria under their cut-offs."""
    if change.verdict in ("cannot compare", "worse"):
        return False
    if change.knee_after not in ("valgus", "insufficient"):
        return True
    foot_under = change.foot_line is None or change.foot_line.after < foot_cut_off
    return change.verdict == "improved" and change.after is not None and change.after < cut_off and foot_under


def ankle_changes(before: dict, after: dict) -> tuple[tuple[str, bool], ...]:
    """Each ankle that rolled before: (what the re-test shows, whether the roll is gone)."""
    out = []
    for side in SIDES:
        was = str(finding(before, side, "ankle").get("verdict"))
        if was not in ("eversion", "inversion"):
            continue
        now = str(finding(after, side, "ankle").get("verdict"))
        gone = now == "neutral" and can_judge(after)
        words = "no longer rolls" if gone else "could not be judged" if now == "insufficient" else "still rolls"
        out.append((f"{side} ankle: {was} before, {now} now: it {words}.", gone))
    return tuple(out)


def shows_real_improvement(before: dict, changes: tuple[SideChange, ...], ankles: tuple[tuple[str, bool], ...],
                           cut_offs: tuple[float, float]) -> bool:
    """Every finding the programme came from is gone (knee valgus, ankle roll), and no knee got worse."""
    valgus_sides = [s for s in SIDES if finding(before, s, "knee").get("verdict") == "valgus"]
    by_side = {c.side: c for c in changes}
    if not valgus_sides and not ankles:
        return False
    return (all(knee_resolved(by_side[s], *cut_offs) for s in valgus_sides) and all(gone for _, gone in ankles)
            and not any(c.verdict == "worse" for c in changes))


def compare_assessments(before: dict, after: dict) -> RetestOutcome:
    """Compare two ``result.json`` dicts of the same person, side by side."""
    changes = tuple(compare_side(before, after, s) for s in SIDES)
    ankles = ankle_changes(before, after)
    cut_offs = (_cut_off(before, "knee.valgus_mild"), _cut_off(before, "knee.inside_foot_mild"))
    real = shows_real_improvement(before, changes, ankles, cut_offs)
    had_valgus = any(finding(before, s, "knee").get("verdict") == "valgus" for s in SIDES)
    if real:
        summary = "The findings the programme came from are gone: switch to maintenance."
    elif any(c.verdict == "worse" for c in changes):
        summary = "A knee caves in more than before: keep the programme and have a coach or physiotherapist look."
    elif had_valgus and any(c.verdict == "improved" for c in changes):
        summary = ("A real improvement, but a knee still caves in past the cut-off: keep going until the finding "
                   "is gone.")
    elif had_valgus or ankles:
        summary = "No side got worse, but the findings are not gone yet: keep going."
    else:
        summary = "No valgus before and no side got worse."
    return RetestOutcome(assessed_on(before), assessed_on(after), changes, real, summary,
                         tuple(words for words, _ in ankles))


def _cut_off(result: dict, key: str) -> float:
    """A cut-off the assessment was judged with (shank lengths), else today's default."""
    item = result.get("thresholds", {}).get("items", {}).get(key, {})
    value = item.get("value") if isinstance(item, dict) else None
    if isinstance(value, (int, float)):
        return float(value)
    from groundup.thresholds import load_default_thresholds

    return load_default_thresholds().value(key)
