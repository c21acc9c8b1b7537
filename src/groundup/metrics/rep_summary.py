"""Per-rep, per-side summaries of the frame measures against the standing baseline."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from groundup.pose.landmarks import SIDES
from groundup.signals.reps import Rep

UPRIGHT_TORSO = 0.8  # shoulder shrug is read only while the trunk is this upright (lean distorts it)
STANDING_DEPTH = 0.05  # leg lengths: hip within this of its top counts as standing
MIN_STANDING_FRAMES = 5
BOTTOM_SHARE = 0.9  # the bottom of a rep: frames with the hip at least this share of the rep's deepest drop


@dataclass(frozen=True)
class Peak:
    """An extreme value of a measure within a rep and where it happened."""

    value: float
    frame: int


@dataclass
class RepSummary:
    """What one rep showed, per side and for the body."""

    rep: Rep
    side: dict[str, dict[str, Peak]] = field(default_factory=dict)
    body: dict[str, Peak] = field(default_factory=dict)
    matched_frame: int | None = None


def standing_frames(depth: np.ndarray, valid: np.ndarray) -> np.ndarray:
    """Valid frames where the hip is at its standing height."""
    return valid & np.isfinite(depth) & (depth < STANDING_DEPTH)


def baseline(measures: dict[str, np.ndarray], standing: np.ndarray) -> dict[str, float] | None:
    """Median of every measure over the standing frames, or None if too few."""
    if standing.sum() < MIN_STANDING_FRAMES:
        return None
    with np.errstate(all="ignore"):
        return {k: float(np.nanmedian(v[standing])) if np.isfinite(v[standing]).any() else float("nan")
                for k, v in measures.items()}


def _peak(values: np.ndarray, frames: np.ndarray, mode: str) -> Peak:
    vals = values[frames]
    if not np.isfinite(vals).any():
        return Peak(float("nan"), int(frames[0]) if len(frames) else -1)
    pick = np.nanargmin(vals) if mode == "min" else np.nanargmax(np.abs(vals) if mode == "absmax" else vals)
    return Peak(float(vals[pick]), int(frames[pick]))


def bottom_frames(rep: Rep, depth: np.ndarray, valid: np.ndarray) -> np.ndarray:
    """Valid frames of ``rep`` at its bottom (hip within 10 % of its deepest drop); none for a
    trial without depth (a gait stance or a balance hold)."""
    if not (np.isfinite(rep.depth) and rep.depth > 0):
        return np.zeros(0, dtype=int)
    frames = np.arange(rep.start, rep.end + 1)
    seg = depth[frames]
    return frames[valid[frames] & np.isfinite(seg) & (seg >= BOTTOM_SHARE * rep.depth)]


def bottom_position(values: np.ndarray, frames: np.ndarray, fallback: int) -> Peak:
    """Where a measure sits at a rep's bottom: its median over the bottom ``frames``, read at the
    frame that holds the median (so a picture of that frame shows the value)."""
    vals = values[frames]
    finite = np.isfinite(vals)
    if not finite.any():
        return Peak(float("nan"), fallback)
    kept, at = vals[finite], frames[finite]
    pick = int(np.argsort(kept, kind="stable")[(kept.size - 1) // 2])
    return Peak(float(kept[pick]), int(at[pick]))


def matched_depth_frames(reps: list[Rep], depth: np.ndarray, fraction: float = 0.5) -> list[int | None]:
    """For each rep, the first descent frame reaching a depth shared by all reps.

    The level is ``fraction`` of the shallowest complete rep, so every rep and both
    sides are compared at the same hip depth (angles change with depth).
    """
    complete = [r for r in reps if r.complete] or reps
    if not complete:
        return []
    level = fraction * min(r.depth for r in complete)
    out: list[int | None] = []
    for r in reps:
        seg = depth[r.start:r.bottom + 1]
        hit = np.flatnonzero(np.isfinite(seg) & (seg >= level))
        out.append(int(r.start + hit[0]) if hit.size else None)
    return out


def summarise_reps(measures: dict[str, np.ndarray], reps: list[Rep], depth: np.ndarray, valid: np.ndarray,
                   base: dict[str, float] | None) -> list[RepSummary]:
    """Peak change from standing of each measure within each rep.

    Without a standing baseline the raw values are used (the caller lowers the
    confidence and says so).
    """
    ref = base or dict.fromkeys(measures, 0.0)
    rel = {k: v - ref[k] for k, v in measures.items()}
    summaries = []
    for rep, matched in zip(reps, matched_depth_frames(reps, depth)):
        frames = np.arange(rep.start, rep.end + 1)
        frames = frames[valid[frames]]
        if frames.size == 0:
            summaries.append(RepSummary(rep))
            continue
        bottom = bottom_frames(rep, depth, valid)
        s = RepSummary(rep, matched_frame=matched)
        upright = frames[measures["torso_upright_ratio"][frames] >= UPRIGHT_TORSO]
        upright = upright if upright.size else frames[:1]
        for side in SIDES:
            s.side[side] = {
                "knee_shift": _peak(rel[f"{side}_knee_medial_offset"], frames, "max"),
                "knee_shift_lateral": _peak(rel[f"{side}_knee_medial_offset"], frames, "min"),
                "knee_toe_offset": _peak(measures[f"{side}_knee_toe_offset"], frames, "min"),
                "knee_inside_foot": bottom_position(measures[f"{side}_knee_toe_offset"], bottom, rep.bottom),
                "knee_fppa_bottom": Peak(float(measures[f"{side}_knee_fppa_deg"][rep.bottom]), rep.bottom),
                "ankle_eversion": _peak(rel[f"{side}_ankle_eversion_proxy"], frames, "max"),
                "ankle_inversion": _peak(rel[f"{side}_ankle_eversion_proxy"], frames, "min"),
                "shoulder_elevation": _peak(-rel[f"{side}_shoulder_ear_gap"], upright, "max"),
                "arm_fall": _peak(-rel[f"{side}_arm_elevation_deg"], frames, "max"),
            }
            if matched is not None:
                s.side[side]["knee_fppa_matched"] = Peak(float(measures[f"{side}_knee_fppa_deg"][matched]), matched)
        s.body = {
            "trunk_shift": _peak(rel["trunk_lateral_shift"], frames, "absmax"),
            "pelvic_tilt": _peak(rel["pelvic_tilt_deg"], frames, "absmax"),
            "kasr_bottom": Peak(float(measures["knee_ankle_separation_ratio"][rep.bottom]), rep.bottom),
        }
        summaries.append(s)
    return summaries
