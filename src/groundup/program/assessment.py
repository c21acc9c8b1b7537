"""Read the parts of an assessment's ``result.json`` (schema groundup.assessment/1) the
programme needs: per-side findings, per-rep knee values, FPPA, the date."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime
from statistics import median

from groundup.pose.landmarks import SIDES


@dataclass(frozen=True)
class Citation:
    """The finding behind a prescribed item: which side and joint, what was seen, how sure."""

    side: str
    joint: str  # knee | ankle
    verdict: str
    severity: str
    value: float | None
    unit: str
    confidence: float
    confidence_label: str

    def text(self) -> str:
        value = "" if self.value is None else f", {self.value:+.2f} {self.unit}"
        return (f"{self.side} {self.joint} {self.verdict} ({self.severity}){value}, "
                f"confidence {self.confidence:.2f} {self.confidence_label}")


def finding(result: dict, side: str, joint: str) -> dict:
    """``sides.<side>.<joint>``, or an 'insufficient' stand-in when missing."""
    found = result.get("sides", {}).get(side, {}).get(joint)
    return found if isinstance(found, dict) else {"verdict": "insufficient", "severity": "none"}


def cite(result: dict, side: str, joint: str) -> Citation:
    f = finding(result, side, joint)
    value = f.get("value")
    return Citation(side, joint, str(f.get("verdict", "insufficient")), str(f.get("severity", "none")),
                    None if value is None else float(value), str(f.get("unit", "")),
                    float(f.get("confidence") or 0.0), str(f.get("confidence_label", "low")))


def _finite(values: list) -> list[float]:
    return [float(v) for v in values if isinstance(v, (int, float)) and math.isfinite(v)]


def _judged_reps(result: dict) -> list[dict]:
    reps = [r for r in result.get("reps", []) if isinstance(r, dict)]
    complete = [r for r in reps if r.get("complete")]
    return complete or reps


def rep_measure(result: dict, side: str, key: str) -> list[float]:
    """One side's per-rep peak of ``reps[].sides.<side>.<key>.value`` (complete reps preferred)."""
    return _finite([r.get("sides", {}).get(side, {}).get(key, {}).get("value") for r in _judged_reps(result)])


def knee_shift_per_rep(result: dict, side: str) -> list[float]:
    """The knee's inward shift per rep (shank lengths, + = inward).

    From the finding's evidence for valgus/neutral verdicts; a varus finding's evidence holds
    the outward shift instead, so the per-rep ``knee_shift`` peaks are read for it.
    """
    f = finding(result, side, "knee")
    if f.get("verdict") in ("valgus", "neutral"):
        return _finite([e.get("value") for e in f.get("evidence", []) if isinstance(e, dict)])
    return rep_measure(result, side, "knee_shift")


def knee_shift(result: dict, side: str) -> float | None:
    """The knee's inward shift over the judged reps (the finding's value when it is that measure)."""
    f = finding(result, side, "knee")
    if f.get("verdict") in ("valgus", "neutral") and f.get("value") is not None:
        return float(f["value"])
    values = knee_shift_per_rep(result, side)
    return median(values) if values else None


def inside_foot_per_rep(result: dict, side: str) -> list[float]:
    """Where the knee sat over its foot line at the bottom of each deep rep (shank lengths, + = inside
    the foot); empty for results made before that criterion, or with no rep deep enough."""
    check = finding(result, side, "knee").get("checks", {}).get("inside_foot")
    evidence = check.get("evidence", []) if isinstance(check, dict) else []
    return _finite([e.get("value") for e in evidence if isinstance(e, dict)])


def fppa_matched(result: dict, side: str) -> float | None:
    """Median knee FPPA (deg, + = valgus) at the depth matched across reps, or None."""
    values = rep_measure(result, side, "knee_fppa_matched")
    return median(values) if values else None


def can_judge(result: dict) -> bool:
    return bool(result.get("capture", {}).get("can_judge", True))


def refilm_advice(result: dict) -> list[str]:
    """The capture gate's advice for re-filming, plus each knee's reasons for no verdict."""
    advice = [str(i.get("advice") or i.get("message")) for i in result.get("capture", {}).get("issues", [])
              if isinstance(i, dict) and i.get("severity") == "refuse"]
    for side in SIDES:
        f = finding(result, side, "knee")
        if f.get("verdict") == "insufficient":
            advice.extend(str(r) for r in f.get("reasons", []))
    return list(dict.fromkeys(a for a in advice if a))


def assessed_on(result: dict) -> date | None:
    """The day the assessment was made (``created_utc``), or None."""
    stamp = result.get("created_utc")
    try:
        return datetime.fromisoformat(stamp).date() if isinstance(stamp, str) else None
    except ValueError:
        return None
