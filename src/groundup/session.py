"""A session of several clips of one person: the same pattern across screens, and what the
program is prescribed from. Pure functions over result.json dicts, no I/O.

The seed asks whether the squat's pattern is "the same, more or less prominent" in the
other screens. Every screen judges the knee with the same measure (its inward shift over
the ankle against standing, in shank lengths), so a screen is compared with the reference
squat by the difference of the two means, read against the minimal detectable change of
the re-test (``program.retest``): within it, "the same"; beyond it, more or less prominent.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from groundup.pose.landmarks import SIDES
from groundup.program.assessment import can_judge, finding, knee_shift, knee_shift_per_rep
from groundup.program.retest import minimal_detectable_change


@dataclass(frozen=True)
class ScreenSide:
    """One screen's knee on one side, and how it compares with the reference squat."""

    movement: str
    clip: str
    verdict: str
    severity: str
    value: float | None
    confidence: float
    comparison: str  # reference | the same | more prominent | less prominent | not judged | no reference
    difference: float | None
    mdc: float | None

    def as_dict(self) -> dict:
        r = lambda v: None if v is None else round(v, 4)  # noqa: E731
        return {"movement": self.movement, "clip": self.clip, "verdict": self.verdict, "severity": self.severity,
                "value": r(self.value), "confidence": round(self.confidence, 2), "comparison": self.comparison,
                "difference": r(self.difference), "mdc": r(self.mdc)}


def movement_of(result: dict) -> str:
    return str(result.get("movement", {}).get("requested", ""))


def reference_index(results: list[dict]) -> int | None:
    """The squat the other screens are compared with: the arms-down squat when the overhead one
    asked for it (or when it is the only squat), else the overhead squat; None without a judged squat."""
    judged = {movement_of(r): i for i, r in reversed(list(enumerate(results))) if can_judge(r)}
    overhead = judged.get("overhead-squat")
    retest = overhead is not None and (results[overhead].get("screen") or {}).get("figures", {}).get("arms_down_retest")
    squats = ("arms-down-squat", "overhead-squat")
    order = squats if retest or overhead is None else squats[::-1]
    for name in order:
        if name in judged:
            return judged[name]
    return None


def _side(result: dict, clip: str, side: str, ref: dict | None, is_ref: bool) -> ScreenSide:
    f = finding(result, side, "knee")
    verdict = str(f.get("verdict", "insufficient"))
    value = knee_shift(result, side) if can_judge(result) and verdict != "insufficient" else None
    base = ScreenSide(movement_of(result), clip, verdict, str(f.get("severity", "none")), value,
                      float(f.get("confidence") or 0.0), "reference" if is_ref else "not judged", None, None)
    if is_ref or value is None:
        return base
    ref_value = knee_shift(ref, side) if ref is not None else None
    if ref is None or ref_value is None:
        return replace(base, comparison="no reference")
    before, after = knee_shift_per_rep(ref, side), knee_shift_per_rep(result, side)
    if not before or not after:
        return replace(base, comparison="no reference")
    diff = value - ref_value
    mdc = minimal_detectable_change(before, after)
    word = "the same" if abs(diff) <= mdc else "more prominent" if diff > 0 else "less prominent"
    return replace(base, comparison=word, difference=diff, mdc=mdc)


def compare_screens(results: list[dict], clips: list[str]) -> dict[str, list[ScreenSide]]:
    """Per side, every clip's knee against the reference squat."""
    ref_i = reference_index(results)
    ref = results[ref_i] if ref_i is not None else None
    return {s: [_side(r, c, s, ref, i == ref_i) for i, (r, c) in enumerate(zip(results, clips))] for s in SIDES}


def arms_down_reading(results: list[dict]) -> list[str]:
    """When both squat versions exist: does the valgus go away with the arms down?"""
    by = {movement_of(r): r for r in results if can_judge(r)}
    if not {"overhead-squat", "arms-down-squat"} <= set(by):
        return []
    out = []
    for side in SIDES:
        over = finding(by["overhead-squat"], side, "knee").get("verdict")
        down = finding(by["arms-down-squat"], side, "knee").get("verdict")
        if over == "valgus" and down != "valgus":
            out.append(f"The {side} knee caves in with the arms overhead but not with the arms down: that points to "
                       "mobility (shoulders, upper back, ankles) limiting the overhead position rather than knee "
                       "stability.")
        elif over == "valgus" and down == "valgus":
            out.append(f"The {side} knee caves in with the arms overhead and down: a stability pattern, not only "
                       "the overhead position.")
    return out


def _title(movement: str) -> str:
    from groundup.screens import SCREENS

    return SCREENS[movement].title.lower() if movement in SCREENS else movement


def sentences(comparison: dict[str, list[ScreenSide]]) -> list[str]:
    """Plain-language lines: per side, how each other screen compares with the squat."""
    lines = []
    for side, rows in comparison.items():
        ref = next((r for r in rows if r.comparison == "reference"), None)
        for r in rows:
            if r.comparison == "reference":
                continue
            who = f"{side.capitalize()} knee, {_title(r.movement)} ({r.clip})"
            if r.comparison == "not judged":
                lines.append(f"{who}: could not be judged from this clip.")
            elif r.comparison == "no reference" or ref is None:
                lines.append(f"{who}: {r.verdict} (no squat to compare with).")
            elif r.comparison == "the same":
                lines.append(f"{who}: the same as in the {_title(ref.movement)} ({r.value:+.2f} vs {ref.value:+.2f} "
                             f"shank lengths, within the {r.mdc:.2f} noise band).")
            elif "valgus" not in (r.verdict, ref.verdict):
                way = "further inward" if r.comparison == "more prominent" else "less far inward"
                lines.append(f"{who}: in line in both, though it moved {way} than in the {_title(ref.movement)} "
                             f"({r.value:+.2f} vs {ref.value:+.2f} shank lengths; differences under {r.mdc:.2f} are "
                             "within measurement noise).")
            else:
                lines.append(f"{who}: {r.comparison} than in the {_title(ref.movement)} ({r.value:+.2f} vs "
                             f"{ref.value:+.2f} shank lengths; differences under {r.mdc:.2f} are within measurement "
                             "noise).")
    return lines


def program_result(results: list[dict]) -> dict | None:
    """The result the program is prescribed from: the reference squat, with each side's knee
    replaced by another screen's valgus finding when the squat missed it there.

    A screen that shows valgus the squat did not (a single-leg squat or landing often does)
    feeds the prescription; the finding keeps the name of the screen it came from.
    """
    ref_i = reference_index(results)
    judged = [r for r in results if can_judge(r)]
    if not judged:
        return None
    base = results[ref_i] if ref_i is not None else judged[0]
    merged = {**base, "sides": {s: dict(base.get("sides", {}).get(s, {})) for s in SIDES}}
    sources = {s: movement_of(base) for s in SIDES}
    for side in SIDES:
        if finding(base, side, "knee").get("verdict") == "valgus":
            continue
        others = [r for r in judged if r is not base and finding(r, side, "knee").get("verdict") == "valgus"
                  and (finding(r, side, "knee").get("confidence") or 0) >= 0.5]
        if others:
            best = max(others, key=lambda r: finding(r, side, "knee").get("value") or 0)
            merged["sides"][side]["knee"] = {**finding(best, side, "knee"), "screen": movement_of(best)}
            sources[side] = movement_of(best)
    merged["symmetry"] = _pattern(merged, base)
    merged["session_sources"] = sources
    return merged


def _pattern(merged: dict, base: dict) -> dict:
    valgus = [s for s in SIDES if finding(merged, s, "knee").get("verdict") == "valgus"]
    if valgus == [s for s in SIDES if finding(base, s, "knee").get("verdict") == "valgus"]:
        return base.get("symmetry", {})
    pattern = "both" if len(valgus) == 2 else f"{valgus[0]} only" if valgus else "none"
    return {**base.get("symmetry", {}), "pattern": pattern}


SCHEMA = "groundup.session/1"


@dataclass(frozen=True)
class ClipEntry:
    """One clip of a session: its analysis folder and result, or why it has none."""

    video: str
    folder: str | None
    result: dict | None
    problem: str | None = None


def _clip_row(e: ClipEntry) -> dict:
    if e.result is None:
        return {"video": e.video, "folder": None, "movement": None, "judged": False, "problem": e.problem}
    r = e.result
    recognised = r.get("movement", {}).get("recognised")
    return {"video": e.video, "folder": e.folder, "movement": movement_of(r), "judged": can_judge(r),
            "assumed_movement": recognised.get("reason") if recognised else None,
            "knees": {s: finding(r, s, "knee").get("verdict") for s in SIDES},
            "ankles": {s: finding(r, s, "ankle").get("verdict") for s in SIDES},
            "problem": None if can_judge(r) else "; ".join(i.get("message", "") for i in r.get("capture", {}).get(
                "issues", []) if i.get("severity") == "refuse")}


def session_summary(entries: list[ClipEntry]) -> dict:
    """``session.json``: every clip, each side's knee across the screens, and the readings."""
    analysed = [e for e in entries if e.result is not None]
    results = [e.result for e in analysed if e.result is not None]
    comparison = compare_screens(results, [e.folder or e.video for e in analysed])
    ref_i = reference_index(results)
    program = program_result(results)
    from groundup.result import DISCLAIMER

    return {"schema": SCHEMA, "clips": [_clip_row(e) for e in entries],
            "reference": analysed[ref_i].folder if ref_i is not None else None,
            "comparison": {s: [row.as_dict() for row in rows] for s, rows in comparison.items()},
            "sentences": sentences(comparison), "arms_down": arms_down_reading(results),
            "program_sources": program.get("session_sources") if program else None,
            "disclaimer": DISCLAIMER}
