"""The knee flow measurement the sensitivity benchmark compares (benchmarks/knee_flow.py)."""

import numpy as np
import pytest

from groundup.pose.landmarks import INDEX, N_LANDMARKS
from knee_flow import FLOW_JOINTS, GRID_COLUMNS, GRID_ROWS, KneeFlow, KneeFlowMeter, grid_points, measure_track_flow

SHANK = 80.0


def landmarks(knee_x: float = 150.0) -> np.ndarray:
    """One frame's landmarks with the knees ``SHANK`` above the ankles, everything else at the centre."""
    xy = np.full((N_LANDMARKS, 2), 160.0)
    for side, x in (("left", knee_x + 60), ("right", knee_x - 60)):
        xy[INDEX[f"{side}_knee"]] = (x, 150.0)
        xy[INDEX[f"{side}_ankle"]] = (x, 150.0 + SHANK)
    return xy


def texture(shift_x: float, size: int = 320) -> np.ndarray:
    """A smooth random texture moved right by ``shift_x`` pixels (RGB)."""
    import cv2

    rng = np.random.default_rng(3)
    base = cv2.GaussianBlur(rng.uniform(0, 255, (size, size)).astype(np.float32), (0, 0), 2.5)
    moved = cv2.warpAffine(base, np.float32([[1, 0, shift_x], [0, 1, 0]]), (size, size),
                           borderMode=cv2.BORDER_REFLECT)
    gray = np.clip((moved - moved.mean()) * 4 + 128, 0, 255).astype(np.uint8)
    return np.dstack([gray] * 3)


def test_grid_sits_on_each_knee_in_shank_lengths() -> None:
    points, shank = grid_points(landmarks())
    assert shank == pytest.approx(SHANK)
    assert points.shape == (len(FLOW_JOINTS), len(GRID_ROWS), len(GRID_COLUMNS), 2)
    centre = points[0, list(GRID_ROWS).index(0.0), list(GRID_COLUMNS).index(0.0)]
    assert centre == pytest.approx(landmarks()[INDEX["left_knee"]])
    assert np.diff(points[0, 0, :, 0]) == pytest.approx(np.diff(GRID_COLUMNS) * SHANK)


def test_grid_needs_the_knees() -> None:
    xy = landmarks()
    xy[INDEX["right_knee"]] = np.nan
    assert grid_points(xy) is None


def test_meter_measures_a_known_translation_and_nothing_before_the_first_frame() -> None:
    meter = KneeFlowMeter()
    for k in range(3):
        meter.add(texture(2.5 * k), landmarks())
    flow = meter.result()
    assert len(flow) == 3 and np.isnan(flow.moved[0]).all()
    assert flow.moved[1:, ..., 0] == pytest.approx(np.full_like(flow.moved[1:, ..., 0], 2.5), abs=0.15)
    assert flow.moved[1:, ..., 1] == pytest.approx(np.zeros_like(flow.moved[1:, ..., 1]), abs=0.15)
    assert np.nanmax(flow.error[1:]) < 0.2


def test_a_track_s_frames_without_pose_are_not_measured_unless_the_previous_one_had_one() -> None:
    xy = np.stack([landmarks(), np.full((N_LANDMARKS, 2), np.nan), np.full((N_LANDMARKS, 2), np.nan)])
    flow = measure_track_flow((texture(-1.5 * k) for k in range(3)), xy)
    assert np.nanmedian(flow.moved[1, ..., 0]) == pytest.approx(-1.5, abs=0.15)  # grid on the frame before
    assert np.isnan(flow.moved[2]).all()


def _flow(n: int) -> KneeFlow:
    flow = KneeFlow.missing(n)
    rng = np.random.default_rng(0)
    for name in ("points", "moved", "error"):
        getattr(flow, name)[:] = rng.uniform(0, 100, getattr(flow, name).shape)
    return flow


def test_mirrored_flow_swaps_the_knees_flips_x_and_keeps_columns_left_to_right() -> None:
    flow = _flow(4)
    flow.points[..., 0] = np.sort(flow.points[..., 0], axis=-1)
    m = flow.mirrored(200)
    left, right = FLOW_JOINTS.index("left_knee"), FLOW_JOINTS.index("right_knee")
    assert m.points[:, left, :, ::-1, 0] == pytest.approx(200 - flow.points[:, right, :, :, 0])
    assert m.moved[:, left, :, ::-1, 0] == pytest.approx(-flow.moved[:, right, :, :, 0])
    assert m.moved[:, left, :, ::-1, 1] == pytest.approx(flow.moved[:, right, :, :, 1])
    assert (np.diff(m.points[..., 0], axis=-1) >= 0).all()


def test_concatenated_flow_keeps_the_frames_in_order() -> None:
    a, b = _flow(3), _flow(2)
    both = KneeFlow.concatenate([a, b])
    assert len(both) == 5 and both.moved[3:] == pytest.approx(b.moved)


def test_flow_refuses_arrays_of_other_shapes() -> None:
    flow = _flow(2)
    with pytest.raises(ValueError):
        KneeFlow(flow.points, flow.moved[:, :1], flow.error)
