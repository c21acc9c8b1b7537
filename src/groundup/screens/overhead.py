"""Overhead-squat compensation check and the arms-down decision.

Front view: shoulders elevate, arms fall, and (as a proxy) the trunk tipping toward the
camera. An optional side-view clip of the same squat adds forward trunk lean against
the shin and arms falling forward; a low-back arch cannot be measured (BlazePose has no
pelvis or lumbar landmarks) and is left for the eye, with the frame to look at. When the
seed's triggers (forward lean, low back arch, shoulders elevating) pass their cut-offs,
the arms-down retest is recommended with the reason.
"""

from __future__ import annotations

import numpy as np

from groundup.analysis import Criterion, Event, ScreenReport
from groundup.findings.verdicts import MAX_CONFIDENCE
from groundup.metrics.geometry import angle_deg, joint
from groundup.pose.landmarks import INDEX, SIDES
from groundup.screens.base import Prepared, rep_settings
from groundup.signals.reps import Rep, detect_reps
from groundup.thresholds import Thresholds

TRIGGERS = ("forward_lean", "forward_lean_front", "low_back_arch", "left_shoulder_elevates", "right_shoulder_elevates")
FRONT_PROXY_CAP = 0.5  # the front-view lean proxy is unvalidated
UP = np.array([0.0, -1.0])  # image y grows downward


def trunk_lean_deg(xy: np.ndarray, side: str) -> np.ndarray:
    """Angle of the hip-to-shoulder line from vertical (0 = upright), side view."""
    return angle_deg(joint(xy, side, "shoulder") - joint(xy, side, "hip"), np.broadcast_to(UP, (len(xy), 2)))


def shin_angle_deg(xy: np.ndarray, side: str) -> np.ndarray:
    """Angle of the ankle-to-knee line from vertical, side view."""
    return angle_deg(joint(xy, side, "knee") - joint(xy, side, "ankle"), np.broadcast_to(UP, (len(xy), 2)))


def arm_trunk_deg(xy: np.ndarray, side: str) -> np.ndarray:
    """Angle between the arm (shoulder to wrist) and the trunk line continued upward (0 = arm in line)."""
    return angle_deg(joint(xy, side, "wrist") - joint(xy, side, "shoulder"),
                     joint(xy, side, "shoulder") - joint(xy, side, "hip"))


def near_side(visibility: np.ndarray) -> str:
    """The side facing the camera in a side view: its landmarks are the more visible."""
    score = {s: float(np.nanmean(visibility[:, [INDEX[f"{s}_{j}"] for j in ("shoulder", "hip", "knee", "ankle")]]))
             for s in SIDES}
    return max(score, key=lambda s: score[s])


def _criterion(name: str, label: str, values: list[float], frames: list[int], cut, unit: str,
               confidence_cap: float = MAX_CONFIDENCE, note: str = "", side: str | None = None,
               below: bool = False) -> Criterion:
    """'poor' when the median of per-rep values reaches the cut-off (falls to it when ``below``);
    confidence from how many reps agree and how many there are."""
    finite = np.array([v for v in values if np.isfinite(v)])
    if finite.size == 0:
        return Criterion(name, label, side, "unknown", None, unit, cut, frames, 0.0, note or "Not seen in any rep.")
    median = float(np.median(finite))
    sign = -1.0 if below else 1.0
    poor = sign * median >= sign * cut.value
    agree = float(np.mean((sign * finite >= sign * cut.value) == poor))
    reps_factor = min(1.0, finite.size / 3)
    conf = min(confidence_cap, MAX_CONFIDENCE * agree * (0.7 + 0.3 * reps_factor))
    return Criterion(name, label, side, "poor" if poor else "good", median, unit, cut, frames, conf, note)


def front_criteria(compensations: list[dict], measures: dict[str, np.ndarray], reps: list[Rep],
                   base: dict[str, float] | None, th: Thresholds, can_judge: bool) -> list[Criterion]:
    """The front view's overhead-squat compensations as rated criteria."""
    out = []
    labels = {"shoulder_elevates": "Shoulders elevate", "arm_falls": "Arms fall"}
    for comp in compensations:
        side, _, kind = comp["name"].partition("_")
        if kind not in labels:
            continue
        present = comp["present"]
        frames = [e["frame"] for e in comp["evidence"] if e.get("frame") is not None]
        key = "compensation.shoulder_elevation" if kind == "shoulder_elevates" else "compensation.arms_fall"
        rating = "unknown" if present is None else "poor" if present else "good"
        out.append(Criterion(comp["name"], f"{labels[kind]} ({side})", side, rating, comp["value"],
                             th[key].unit, th[key], frames, float(comp["confidence"])))
    cut = th["overhead.front_lean_ratio"]
    if not can_judge or base is None or not reps:
        out.append(Criterion("forward_lean_front", "Trunk leans forward (front-view proxy)", None, "unknown", None,
                             cut.unit, cut, [], 0.0, "Needs standing frames and at least one rep."))
        return out
    ratio = measures["torso_upright_ratio"] / base["torso_upright_ratio"]
    return out + [_criterion("forward_lean_front", "Trunk leans forward (front-view proxy)",
                             [float(ratio[r.bottom]) for r in reps], [r.bottom for r in reps], cut, cut.unit,
                             FRONT_PROXY_CAP, "From the front a forward lean only shortens the trunk; "
                             "a side clip measures it.", below=True)]


def side_view_criteria(p: Prepared, th: Thresholds) -> tuple[list[Criterion], list[Event], list[str]]:
    """Forward lean against the shin, arms falling forward and the low-back item from a side clip."""
    notes: list[str] = []
    times = p.track.times_s
    width = _width_ratio(p.xy)
    lean_cut, arms_cut = th["overhead.forward_lean"], th["overhead.arms_forward"]
    low_back = Criterion("low_back_arch", "Low back arches (pelvis tips forward)", None, "unknown", None, "", None, [],
                         0.0, "BlazePose has no pelvis or lumbar landmarks: look at the side-view bottom frame.")
    if np.isfinite(width) and width > th.value("overhead.side_max_width_ratio"):
        notes.append(f"The side clip does not look like a side view (shoulder width {width:.2f} of the torso length): "
                     "its items were not judged. Film the side clip at 90 degrees to the person.")
        return ([Criterion(name, label, None, "unknown", None, "deg", c, [], 0.0, "Side clip not filmed from the side.")
                 for name, label, c in (("forward_lean", "Trunk leans forward past the shin", lean_cut),
                                 ("arms_forward", "Arms fall forward", arms_cut))] + [low_back], [], notes)
    reps = detect_reps(times, p.depth, rep_settings(th))
    side = near_side(p.track.visibility)
    lean = trunk_lean_deg(p.xy, side) - shin_angle_deg(p.xy, side)
    arm = arm_trunk_deg(p.xy, side)
    standing = p.valid & (p.depth < 0.05)
    arm_standing = float(np.nanmedian(arm[standing])) if standing.sum() >= 5 else float("nan")
    bottoms = [r.bottom for r in reps]
    events = [Event("side_bottom", b, float(times[b]), None) for b in bottoms]
    if not reps:
        notes.append("No squat rep was found in the side clip: its items were not judged.")
    low_back.frames = bottoms
    return ([_criterion("forward_lean", "Trunk leans forward past the shin", [float(lean[b]) for b in bottoms],
                        bottoms, lean_cut, lean_cut.unit, note=f"Measured on the {side} side (nearer the camera)."),
             _criterion("arms_forward", "Arms fall forward", [float(arm[b] - arm_standing) for b in bottoms],
                        bottoms, arms_cut, arms_cut.unit)] + [low_back], events, notes)


def _width_ratio(xy: np.ndarray) -> float:
    sw = np.linalg.norm(xy[:, INDEX["left_shoulder"]] - xy[:, INDEX["right_shoulder"]], axis=1)
    torso = np.linalg.norm((xy[:, INDEX["left_shoulder"]] + xy[:, INDEX["right_shoulder"]]) / 2
                           - (xy[:, INDEX["left_hip"]] + xy[:, INDEX["right_hip"]]) / 2, axis=1)
    with np.errstate(all="ignore"):
        ratio = sw / torso
    return float(np.nanmedian(ratio)) if np.isfinite(ratio).any() else float("nan")


def arms_down_advice(criteria: list[Criterion]) -> str | None:
    """Why to retest with arms down, or None when no trigger passed its cut-off."""
    hits = [c.label.lower() for c in criteria if c.name in TRIGGERS and c.rating == "poor"]
    if not hits:
        return None
    return ("Retest with the arms down (hands on the hips or at the sides): the overhead squat brought "
            f"{', '.join(hits)}, which changes how the knees move. Judge the knees on the arms-down squat.")


def overhead_report(front: list[Criterion],
                    side: tuple[list[Criterion], list[Event], list[str]] | None) -> ScreenReport:
    """The overhead squat's screen block: every compensation item and the arms-down advice."""
    criteria, events, notes = list(front), [], []
    if side is None:
        notes.append("No side clip given: forward lean is estimated from the front only; add --side VIDEO "
                     "to measure trunk lean and arms falling forward.")
    else:
        criteria += side[0]
        events += side[1]
        notes += side[2]
    advice = arms_down_advice(criteria)
    if advice:
        notes.insert(0, advice)
    return ScreenReport("overhead-squat", events, criteria,
                        {"arms_down_retest": 1.0 if advice else 0.0}, notes)
