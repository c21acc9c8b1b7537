"""All per-frame measures of a cleaned track, as named columns."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from groundup.metrics import body, foot, knee
from groundup.metrics.geometry import joint, reference_length, standing_medial_unit
from groundup.pose.landmarks import SIDES


@dataclass(frozen=True)
class BodyScale:
    """Reference lengths of this person in this clip (pixels unless named _m)."""

    shank: dict[str, float]
    leg: float
    hip_width: float
    torso: float
    leg_m: float


def _seg(xy: np.ndarray, side: str, a: str, b: str) -> np.ndarray:
    return np.linalg.norm(joint(xy, side, a) - joint(xy, side, b), axis=1)


def compute_body_scale(xy: np.ndarray, world: np.ndarray) -> BodyScale:
    """Segment lengths taken as a high percentile over the clip (least foreshortened)."""
    shank = {s: reference_length(_seg(xy, s, "knee", "ankle")) for s in SIDES}
    leg = float(np.nanmean([reference_length(_seg(xy, s, "hip", "knee") + _seg(xy, s, "knee", "ankle"))
                            for s in SIDES]))
    hips = np.linalg.norm(joint(xy, "left", "hip") - joint(xy, "right", "hip"), axis=1)
    shoulders = (joint(xy, "left", "shoulder") + joint(xy, "right", "shoulder")) / 2
    pelvis = (joint(xy, "left", "hip") + joint(xy, "right", "hip")) / 2
    leg_m = float(np.nanmean([reference_length(_seg(world, s, "hip", "knee") + _seg(world, s, "knee", "ankle"))
                              for s in SIDES]))
    return BodyScale(shank, leg, reference_length(hips, 50.0),
                     reference_length(np.linalg.norm(shoulders - pelvis, axis=1)), leg_m)


def compute_frame_measures(xy: np.ndarray, world: np.ndarray, scale: BodyScale) -> dict[str, np.ndarray]:
    """Every per-frame measure, keyed by its CSV column name."""
    cols: dict[str, np.ndarray] = {}
    for s in SIDES:
        cols[f"{s}_knee_fppa_deg"] = knee.knee_fppa_deg(xy, s)
        cols[f"{s}_knee_medial_offset"] = knee.knee_medial_offset(xy, s, scale.shank[s])
        cols[f"{s}_knee_toe_offset"] = knee.knee_toe_offset(xy, s, scale.shank[s])
        cols[f"{s}_knee_foot_line_offset"] = knee.knee_foot_line_offset(world, s, scale.leg_m)
        cols[f"{s}_foot_progression_deg"] = foot.foot_progression_deg(world, s)
        cols[f"{s}_ankle_eversion_proxy"] = foot.ankle_eversion_proxy(xy, s, scale.shank[s])
        cols[f"{s}_shoulder_ear_gap"] = body.shoulder_ear_gap(xy, s)
        cols[f"{s}_arm_elevation_deg"] = body.arm_elevation_deg(xy, s)
    cols["knee_ankle_separation_ratio"] = knee.knee_ankle_separation_ratio(xy)
    cols["knee_hip_separation_ratio"] = knee.knee_hip_separation_ratio(xy)
    cols["pelvic_tilt_deg"] = body.pelvic_tilt_deg(xy)
    cols["trunk_lateral_shift"] = body.lateral_shift(xy, "shoulder", scale.hip_width)
    cols["pelvis_lateral_shift"] = body.lateral_shift(xy, "hip", scale.hip_width)
    cols["torso_upright_ratio"] = body.torso_length(xy) / scale.torso
    cols["wrist_over_nose"] = body.wrist_height_over_nose(xy, scale.torso)
    return cols


def offsets_on_standing_axis(xy: np.ndarray, scale: BodyScale, standing: np.ndarray) -> dict[str, np.ndarray]:
    """The knee and ankle offset columns read along each side's hip line as it was while standing
    on both feet (``standing`` frames), not along each frame's: for single-leg screens."""
    cols: dict[str, np.ndarray] = {}
    for s in SIDES:
        axis = standing_medial_unit(xy, s, standing)
        cols[f"{s}_knee_medial_offset"] = knee.knee_medial_offset(xy, s, scale.shank[s], axis)
        cols[f"{s}_knee_toe_offset"] = knee.knee_toe_offset(xy, s, scale.shank[s], axis)
        cols[f"{s}_ankle_eversion_proxy"] = foot.ankle_eversion_proxy(xy, s, scale.shank[s], axis)
    return cols
