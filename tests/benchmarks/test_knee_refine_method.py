"""The flow integration the sensitivity benchmark compares (benchmarks/knee_refine.py), on synthetic arrays."""

import numpy as np
import pytest

from groundup.pose.landmarks import INDEX, SIDES
from groundup.pose.track import PoseTrack
from groundup.screens.base import Prepared, prepare
from groundup.thresholds import load_thresholds
from knee_flow import FLOW_JOINTS, GRID_COLUMNS, GRID_ROWS, KneeFlow, grid_points
from knee_methods import flow_prepared
from knee_refine import KneeRefinement, flow_step
from synthetic import SHANK, squat_depth_curve, squat_track

TH = load_thresholds()
EXTRA = 0.4  # shank lengths: how much farther toward the midline the picture's knee goes than the landmark
SIGN = {"left": -1.0, "right": 1.0}  # the midline's direction in x for each knee (person's left = image right)


def picture_knees(track: PoseTrack, extra: float = EXTRA) -> dict[str, np.ndarray]:
    """Where the knees are in the 'picture': ``extra`` shank lengths medial of the landmarks at full depth."""
    _, depth = squat_depth_curve()
    frac = depth[:len(track)] / depth.max()
    return {s: track.image_xy[:, INDEX[f"{s}_knee"], 0] + SIGN[s] * extra * frac * SHANK for s in SIDES}


def flow_of(track: PoseTrack, knees: dict[str, np.ndarray], bias_px: float = 0.0) -> KneeFlow:
    """The flow a meter would measure if the picture's knees moved as ``knees`` (uniform over each grid)."""
    flow = KneeFlow.missing(len(track))
    for t in range(1, len(track)):
        points, _ = grid_points(track.image_xy[t - 1])
        flow.points[t] = points
        flow.moved[t, ..., 1] = 0.0
        flow.error[t] = 0.01
        for j, name in enumerate(FLOW_JOINTS):
            side = name.split("_")[0]
            flow.moved[t, j, ..., 0] = knees[side][t] - knees[side][t - 1] + bias_px
    return flow


def refined(track: PoseTrack, flow: KneeFlow | None) -> tuple[Prepared, KneeRefinement]:
    """``prepare`` with the knees refined by ``flow``, and the refinement's account."""
    return flow_prepared(track, flow, TH)


def knee_x(p, side: str) -> np.ndarray:
    return p.xy[:, INDEX[f"{side}_knee"], 0]


def test_known_flow_gives_the_picture_knee_path() -> None:
    track = squat_track()
    knees = picture_knees(track)
    p, r = refined(track, flow_of(track, knees))
    plain = prepare(squat_track(), TH)
    for side in SIDES:
        assert knee_x(p, side) == pytest.approx(knees[side], abs=1.0)
        assert r.refined[side].sum() > len(track) / 3
        deepest = int(np.argmax(p.depth))
        gain = (p.measures[f"{side}_knee_medial_offset"] - plain.measures[f"{side}_knee_medial_offset"])[deepest]
        assert gain == pytest.approx(EXTRA, abs=0.02)
    assert all(s.refined for s in r.stretches) and len(r.stretches) == 6


def test_steady_drift_is_closed_at_the_next_standing_phase() -> None:
    track = squat_track()
    knees = picture_knees(track)
    p, r = refined(track, flow_of(track, knees, bias_px=0.2))
    for side in SIDES:
        assert knee_x(p, side) == pytest.approx(knees[side], abs=1.0)
    stretch = r.stretches[0]
    assert stretch.drift == pytest.approx(0.2 * (stretch.stop - stretch.start + 1) / SHANK, rel=0.01)


def test_large_drift_keeps_the_landmark_and_says_why() -> None:
    track = squat_track()
    p, r = refined(track, flow_of(track, picture_knees(track), bias_px=0.6))
    assert not any(s.refined for s in r.stretches)
    assert knee_x(p, "left") == pytest.approx(knee_x(prepare(squat_track(), TH), "left"))
    assert "drifted" in r.reasons("left")[0]


def test_lost_pixels_keep_the_landmark_for_that_rep_only() -> None:
    track = squat_track()
    flow = flow_of(track, picture_knees(track))
    _, r0 = refined(squat_track(), flow_of(track, picture_knees(track)))
    second = [s for s in r0.stretches if s.side == "left"][1]
    flow.error[(second.start + second.stop) // 2, FLOW_JOINTS.index("left_knee")] = 5.0  # forward-backward mismatch
    _, r = refined(track, flow)
    left = [s for s in r.stretches if s.side == "left"]
    assert [s.refined for s in left] == [True, False, True]
    assert "lost" in left[1].reason and r.reasons("left") == [left[1].reason]
    assert not r.refined["left"][second.start:second.stop].any()
    assert all(s.refined for s in r.stretches if s.side == "right")


def test_knees_too_close_to_tell_apart_keep_the_landmarks() -> None:
    track = squat_track(valgus={"left": 1.5, "right": 1.5})
    _, r = refined(track, flow_of(track, picture_knees(track, 0.0)))
    assert not any(s.refined for s in r.stretches)
    assert "too close" in r.reasons("right")[0]


def test_clip_ending_mid_rep_is_not_refined_there() -> None:
    full = squat_track()
    n = int(len(full) * 0.85)  # inside the third rep
    track = PoseTrack(full.times_s[:n], full.image_xy[:n], full.world_xyz[:n], full.visibility[:n], full.width,
                      full.height)
    _, r = refined(track, flow_of(track, picture_knees(track)))
    last = [s for s in r.stretches if s.side == "left"][-1]
    assert not last.refined and "ends" in last.reason


def test_no_flow_changes_nothing() -> None:
    p, r = refined(squat_track(), None)
    assert r.note and not r.refined["left"].any()
    assert r.reasons("left") == [r.note]
    assert p.xy == pytest.approx(prepare(squat_track(), TH).xy, nan_ok=True)


def test_raw_positions_get_the_same_correction_so_jitter_is_unchanged() -> None:
    track = squat_track(noise_px=1.0)
    p, _ = refined(track, flow_of(track, picture_knees(track)))
    plain = prepare(squat_track(noise_px=1.0), TH)
    assert p.raw_xy - p.xy == pytest.approx(plain.raw_xy - plain.xy, abs=1e-9, nan_ok=True)


def _grid(moved_x: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    cols = GRID_COLUMNS * 100 + 300
    points = np.stack(np.broadcast_arrays(cols[None, :], (GRID_ROWS * 100 + 500)[:, None]), axis=-1).astype(float)
    moved = np.zeros_like(points)
    moved[..., 0] = moved_x
    return points, moved, np.zeros(points.shape[:2])


def test_flow_step_interpolates_between_columns_and_weighs_rows() -> None:
    points, moved, error = _grid(np.broadcast_to(np.arange(len(GRID_COLUMNS), dtype=float), (len(GRID_ROWS),
                                                                                              len(GRID_COLUMNS))))
    x = (points[0, 2, 0] + points[0, 3, 0]) / 2
    assert flow_step(points, moved, error, x, 0.5) == pytest.approx(2.5)
    moved[0, ..., 0] += 10.0  # the top row alone moves more: it counts, less than the centre row
    assert 2.5 < flow_step(points, moved, error, x, 0.5) < 2.5 + 10.0 / 3


def test_flow_step_is_unknown_outside_the_grid_or_beside_a_lost_point() -> None:
    points, moved, error = _grid(np.ones((len(GRID_ROWS), len(GRID_COLUMNS))))
    assert np.isnan(flow_step(points, moved, error, points[0, -1, 0] + 5.0, 0.5))
    error[:, 4] = 1.0
    assert np.isnan(flow_step(points, moved, error, points[0, 4, 0] + 1.0, 0.5))
    assert flow_step(points, moved, error, points[0, 2, 0] + 1.0, 0.5) == pytest.approx(1.0)
