from dataclasses import replace

import numpy as np
import pytest

from groundup.findings.thresholds import load_thresholds
from groundup.pose.knee_flow import FLOW_JOINTS, GRID_COLUMNS, GRID_ROWS, KneeFlow, grid_points
from groundup.pose.landmarks import INDEX, SIDES
from groundup.pose.track import PoseTrack
from groundup.screens.base import prepare
from groundup.signals.knee_refine import flow_step
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


def with_flow(track: PoseTrack, flow: KneeFlow) -> PoseTrack:
    return replace(track, knee_flow=flow)


def knee_x(p, side: str) -> np.ndarray:
    return p.xy[:, INDEX[f"{side}_knee"], 0]


def test_known_flow_gives_the_picture_knee_path() -> None:
    track = squat_track()
    knees = picture_knees(track)
    p = prepare(with_flow(track, flow_of(track, knees)), TH)
    plain = prepare(squat_track(), TH)
    for side in SIDES:
        assert knee_x(p, side) == pytest.approx(knees[side], abs=1.0)
        assert p.knee_refinement.refined[side].sum() > len(track) / 3
        deepest = int(np.argmax(p.depth))
        gain = (p.measures[f"{side}_knee_medial_offset"] - plain.measures[f"{side}_knee_medial_offset"])[deepest]
        assert gain == pytest.approx(EXTRA, abs=0.02)
    assert all(s.refined for s in p.knee_refinement.stretches) and len(p.knee_refinement.stretches) == 6


def test_steady_drift_is_closed_at_the_next_standing_phase() -> None:
    track = squat_track()
    knees = picture_knees(track)
    p = prepare(with_flow(track, flow_of(track, knees, bias_px=0.2)), TH)
    for side in SIDES:
        assert knee_x(p, side) == pytest.approx(knees[side], abs=1.0)
    stretch = p.knee_refinement.stretches[0]
    assert stretch.drift == pytest.approx(0.2 * (stretch.stop - stretch.start + 1) / SHANK, rel=0.01)


def test_large_drift_keeps_the_landmark_and_says_why() -> None:
    track = squat_track()
    p = prepare(with_flow(track, flow_of(track, picture_knees(track), bias_px=0.6)), TH)
    assert not any(s.refined for s in p.knee_refinement.stretches)
    assert knee_x(p, "left") == pytest.approx(knee_x(prepare(squat_track(), TH), "left"))
    assert "drifted" in p.knee_refinement.reasons("left")[0]


def test_lost_pixels_keep_the_landmark_for_that_rep_only() -> None:
    track = squat_track()
    flow = flow_of(track, picture_knees(track))
    p0 = prepare(with_flow(squat_track(), flow_of(track, picture_knees(track))), TH)
    second = [s for s in p0.knee_refinement.stretches if s.side == "left"][1]
    flow.error[(second.start + second.stop) // 2, FLOW_JOINTS.index("left_knee")] = 5.0  # forward-backward mismatch
    p = prepare(with_flow(track, flow), TH)
    left = [s for s in p.knee_refinement.stretches if s.side == "left"]
    assert [s.refined for s in left] == [True, False, True]
    assert "lost" in left[1].reason and p.knee_refinement.reasons("left") == [left[1].reason]
    assert not p.knee_refinement.refined["left"][second.start:second.stop].any()
    assert all(s.refined for s in p.knee_refinement.stretches if s.side == "right")


def test_knees_too_close_to_tell_apart_keep_the_landmarks() -> None:
    track = squat_track(valgus={"left": 1.5, "right": 1.5})
    p = prepare(with_flow(track, flow_of(track, picture_knees(track, 0.0))), TH)
    assert not any(s.refined for s in p.knee_refinement.stretches)
    assert "too close" in p.knee_refinement.reasons("right")[0]


def test_clip_ending_mid_rep_is_not_refined_there() -> None:
    full = squat_track()
    n = int(len(full) * 0.85)  # inside the third rep
    track = PoseTrack(full.times_s[:n], full.image_xy[:n], full.world_xyz[:n], full.visibility[:n], full.width,
                      full.height)
    p = prepare(with_flow(track, flow_of(track, picture_knees(track))), TH)
    last = [s for s in p.knee_refinement.stretches if s.side == "left"][-1]
    assert not last.refined and "ends" in last.reason


def test_no_flow_changes_nothing() -> None:
    p, plain = prepare(squat_track(), TH), squat_track()
    assert p.knee_refinement.note and not p.knee_refinement.refined["left"].any()
    assert p.knee_refinement.reasons("left") == [p.knee_refinement.note]
    assert p.xy == pytest.approx(prepare(plain, TH).xy, nan_ok=True)


def test_raw_positions_get_the_same_correction_so_jitter_is_unchanged() -> None:
    track = squat_track(noise_px=1.0)
    refined = prepare(with_flow(track, flow_of(track, picture_knees(track))), TH)
    plain = prepare(squat_track(noise_px=1.0), TH)
    assert refined.raw_xy - refined.xy == pytest.approx(plain.raw_xy - plain.xy, abs=1e-9, nan_ok=True)


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
