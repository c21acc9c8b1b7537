"""Hand-made result.json dicts (schema groundup.assessment/1) and logged sessions for the programme tests."""

from __future__ import annotations

from datetime import date
from statistics import median

from groundup.program.catalogue import load_catalogue
from groundup.program.logs import SetLog

MILD, MARKED = 0.15, 0.30


def knee(verdict: str, per_rep: tuple[float, ...] = (0.0, 0.0, 0.0), confidence: float = 0.9,
         inside_foot: tuple[float, ...] | None = None) -> dict:
    """A knee finding; ``inside_foot``: per-rep values of the second criterion (absent when None)."""
    value = median(per_rep) if per_rep else None
    severity = ("marked" if value >= MARKED else "mild") if verdict == "valgus" else "none"
    label = "high" if confidence >= 0.75 else "moderate" if confidence >= 0.5 else "low"
    evidence = [{"measure": "knee_medial_shift", "rep": i + 1, "frame": 10 * i, "time_s": 1.0 * i, "value": v,
                 "threshold": {"key": "knee.valgus_mild", "value": MILD, "unit": "shank lengths", "source": "test"}}
                for i, v in enumerate(per_rep)]
    found = {"verdict": verdict, "severity": severity, "confidence": confidence, "confidence_label": label,
             "value": value, "unit": "shank lengths", "reps_affected": sum(v >= MILD for v in per_rep),
             "reps_judged": len(per_rep), "reasons": [] if verdict != "insufficient" else ["The knee was not seen."],
             "evidence": evidence}
    if inside_foot is not None:
        found["checks"] = {"inside_foot": {"value": median(inside_foot), "evidence": [
            {"measure": "knee_inside_foot", "rep": i + 1, "value": v} for i, v in enumerate(inside_foot)]}}
    return found


def ankle(verdict: str = "neutral", value: float = 0.0) -> dict:
    return {"verdict": verdict, "severity": "flag" if verdict in ("eversion", "inversion") else "none",
            "confidence": 0.55, "confidence_label": "moderate", "value": value, "unit": "shank lengths",
            "reps_affected": 0, "reps_judged": 3, "reasons": [], "evidence": []}


def _pattern(left: dict, right: dict) -> str:
    if "insufficient" in (left["verdict"], right["verdict"]):
        return "insufficient"
    valgus = [s for s, k in (("left", left), ("right", right)) if k["verdict"] == "valgus"]
    return "both" if len(valgus) == 2 else f"{valgus[0]} only" if valgus else "none"


def result(left: dict, right: dict, left_ankle: dict | None = None, right_ankle: dict | None = None, *,
           pattern: str | None = None, can_judge: bool = True, created: str = "2024-01-01T09:00:00+00:00",
           fppa: tuple[tuple[float, ...], tuple[float, ...]] | None = None) -> dict:
    """A result.json dict with the keys the programme reads."""
    fppa = fppa or ((), ())
    n = max(len(fppa[0]), len(fppa[1]))
    reps = [{"rep": i + 1, "complete": True,
             "sides": {side: {"knee_fppa_matched": {"value": fppa[j][i], "frame": 0}}
                       for j, side in enumerate(("left", "right")) if i < len(fppa[j])}} for i in range(n)]
    issues = [] if can_judge else [{"code": "side_view", "severity": "refuse", "message": "Filmed from the side.",
                                    "advice": "Stand square to the camera.", "value": 0.3, "threshold_key": "x"}]
    return {"schema": "groundup.assessment/1", "created_utc": created,
            "capture": {"can_judge": can_judge, "confidence_factor": 1.0, "stats": {}, "issues": issues},
            "reps": reps,
            "sides": {"left": {"knee": left, "ankle": left_ankle or ankle()},
                      "right": {"knee": right, "ankle": right_ankle or ankle()}},
            "symmetry": {"pattern": pattern or _pattern(left, right)}}


NEUTRAL = (-0.05, -0.06, -0.04)
VALGUS = (0.33, 0.35, 0.34, 0.36, 0.32)


def session(exercise_id: str, day: date, sides: tuple[str, ...], actual: int | None = None, *, difficulty: int = 5,
            pain: int = 0, collapse: bool = False, discomfort: bool = False, evidence: bool = True) -> list[SetLog]:
    """One set per side of an exercise on one day; ``actual`` defaults to the top of its dose.

    With ``evidence`` the sets carry what mastery needs: a hands-free hold, the band used.
    """
    ex = load_catalogue().exercise(exercise_id)
    amount = ex.dose.high if actual is None else actual
    band = "light" if evidence and ex.band else None
    hands_free = evidence if ex.hands_free else None
    return [SetLog(exercise_id, day, side, ex.dose.unit, ex.dose.high, amount, difficulty, pain, collapse, band,
                   discomfort=discomfort, hands_free=hands_free) for side in sides]
