"""Knee positions by the methods the sensitivity benchmark compares (benchmark code, not shipped).

* ``landmark``: BlazePose's knee, cleaned as the pipeline cleans it;
* ``flow``: that knee carried by the pixel flow between standing phases
  (``knee_flow`` and ``knee_refine``, the refinement built for issue 10);
* ``mask``: the centre of the leg in BlazePose's own person-segmentation mask, across
  a few rows at the knee's height (the leg's outline there, not a single row);
* ``crop``: BlazePose run a second time on a fixed, enlarged crop of the clip from the
  shoulders to the feet, so that the legs fill more of the model's input.

``knee_x`` returns each method's (T, 2) knee x per side (left, right) in the frame's
pixels, all cleaned by the same gap filling and zero-phase low-pass.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from groundup.metrics.frame_measures import compute_frame_measures
from groundup.metrics.rep_summary import standing_frames
from groundup.pipeline import ANALYSIS_MAX_SIDE
from groundup.pose.estimator import quiet_native_stderr
from groundup.pose.landmarks import INDEX, SIDES
from groundup.pose.track import PoseTrack
from groundup.screens.base import Prepared, filter_settings, prepare
from groundup.signals.filtering import clean_series
from groundup.thresholds import Thresholds
from groundup.video.reader import VideoSource
from knee_flow import KneeFlow
from knee_refine import KneeRefinement, RefineSettings, refine_knees

MASK_ROWS_SHANKS = 0.1  # the leg outline is read over rows this far above and below the knee
CROP_MAX_SIDE = 960  # pixels of the enlarged crop fed to the second model pass
KNEES = [INDEX["left_knee"], INDEX["right_knee"]]


@dataclass(frozen=True)
class Box:
    """A crop rectangle in frame pixels."""

    x0: int
    y0: int
    x1: int
    y1: int


def flow_prepared(track: PoseTrack, flow: KneeFlow | None, th: Thresholds) -> tuple[Prepared, KneeRefinement]:
    """The pipeline's ``prepare`` of a copy of ``track`` with the knees' x refined by ``flow`` before
    the frame measures (where the refinement would sit in the pipeline)."""
    p = prepare(copy.deepcopy(track), th)
    raw_xy, xy, refinement = refine_knees(flow, track.times_s, p.raw_xy, p.xy, p.depth,
                                          standing_frames(p.depth, p.track.valid), p.scale.shank,
                                          RefineSettings(), filter_settings(th))
    return replace(p, raw_xy=raw_xy, xy=xy, measures=compute_frame_measures(xy, p.world, p.scale)), refinement


def legs_box(track: PoseTrack) -> Box:
    """One crop for the whole clip: shoulders to feet, the legs' width plus margins, from ``track``."""
    xy = track.image_xy
    legs = xy[:, [INDEX[f"{s}_{j}"] for s in SIDES for j in ("hip", "knee", "ankle", "heel", "foot_index")]]
    shank = float(np.nanmedian(np.linalg.norm(xy[:, INDEX["left_knee"]] - xy[:, INDEX["left_ankle"]], axis=1)))
    top = np.nanmin(xy[:, [INDEX["left_shoulder"], INDEX["right_shoulder"]], 1]) - 0.3 * shank
    bottom = np.nanmax(legs[..., 1]) + 0.3 * shank
    left, right = np.nanmin(legs[..., 0]) - 0.8 * shank, np.nanmax(legs[..., 0]) + 0.8 * shank
    return Box(int(max(left, 0)), int(max(top, 0)), int(min(right, track.width)), int(min(bottom, track.height)))


def mask_leg_centre(mask: np.ndarray, knee: np.ndarray, shank: float) -> float:
    """Median centre of the leg's run in the segmentation mask over rows near the knee (NaN if none)."""
    h, w = mask.shape
    if not np.all(np.isfinite(knee)):
        return float("nan")
    x, rows = int(np.clip(knee[0], 0, w - 1)), range(int(knee[1] - MASK_ROWS_SHANKS * shank),
                                                      int(knee[1] + MASK_ROWS_SHANKS * shank) + 1)
    centres = []
    for y in rows:
        if not 0 <= y < h or mask[y, x] < 0.5:
            continue
        outside = mask[y] < 0.5
        before, after = np.flatnonzero(outside[:x]), np.flatnonzero(outside[x:])
        left = before[-1] + 1 if before.size else 0
        right = x + after[0] if after.size else w
        centres.append((left + right) / 2)
    return float(np.median(centres)) if centres else float("nan")


def _pose_model(segmentation: bool):
    with quiet_native_stderr():
        import mediapipe as mp

        return mp.solutions.pose.Pose(static_image_mode=False, model_complexity=1, smooth_landmarks=False,
                                      enable_segmentation=segmentation)


def _knees(result, width: int, height: int, x0: float = 0.0, y0: float = 0.0, scale: float = 1.0) -> np.ndarray:
    if result.pose_landmarks is None:
        return np.full((2, 2), np.nan)
    lm = result.pose_landmarks.landmark
    return np.array([(x0 + lm[k].x * width / scale, y0 + lm[k].y * height / scale) for k in KNEES])


def model_knee_x(path: Path, box: Box, shank: float) -> dict[str, np.ndarray]:
    """(T, 2) raw knee x per frame from the segmentation mask and from the enlarged crop."""
    import cv2

    seg, crop_model = _pose_model(True), _pose_model(False)
    scale = CROP_MAX_SIDE / max(box.x1 - box.x0, box.y1 - box.y0)
    mask_x, crop_x = [], []
    try:
        for frame in VideoSource(path, max_side=ANALYSIS_MAX_SIDE).frames():
            rgb = frame.rgb
            h, w = rgb.shape[:2]
            res = seg.process(rgb)
            knees = _knees(res, w, h)
            mask = res.segmentation_mask if res.segmentation_mask is not None else np.zeros((h, w))
            mask_x.append([mask_leg_centre(mask, knees[k], shank) for k in range(2)])
            crop = cv2.resize(np.ascontiguousarray(rgb[box.y0:box.y1, box.x0:box.x1]), None, fx=scale, fy=scale,
                              interpolation=cv2.INTER_CUBIC)
            crop_x.append(_knees(crop_model.process(crop), crop.shape[1], crop.shape[0], box.x0, box.y0, scale)[:, 0])
    finally:
        seg.close()
        crop_model.close()
    return {"mask": np.array(mask_x, dtype=float), "crop": np.array(crop_x, dtype=float)}


def knee_x(track: PoseTrack, flow: KneeFlow, th: Thresholds,
           model_x: dict[str, np.ndarray] | None = None) -> dict[str, np.ndarray]:
    """Every method's cleaned (T, 2) knee x for a clip whose pipeline track is ``track`` and knee flow
    ``flow``; ``model_x`` holds the raw knee x of the methods that run a model of their own."""
    out = {"landmark": prepare(copy.deepcopy(track), th).xy[:, KNEES, 0],
           "flow": flow_prepared(track, flow, th)[0].xy[:, KNEES, 0]}
    fs = filter_settings(th)
    for name, raw in (model_x or {}).items():
        out[name] = clean_series(track.times_s, raw[:, :, None], fs)[:, :, 0]
    return out


def follow_ratio(base_x: np.ndarray, edited_x: np.ndarray, applied_x: np.ndarray, deep: np.ndarray) -> float:
    """Share of the applied horizontal knee shift that a method's knee moved, over the ``deep`` frames."""
    moved = edited_x - base_x
    use = deep & np.isfinite(moved) & (np.abs(applied_x) > 0)
    if not use.any():
        return float("nan")
    return float(np.sum(moved[use] * applied_x[use]) / np.sum(applied_x[use] ** 2))

