import numpy as np
import pytest

from groundup.metrics.knee import (
    foot_line_point,
    knee_ankle_separation_ratio,
    knee_fppa_deg,
    knee_hip_separation_ratio,
    knee_medial_offset,
    knee_toe_offset,
    level_with_knee,
)
from groundup.pose.landmarks import INDEX, N_LANDMARKS


def legs(knee_shift_left: float = 0.0, knee_shift_right: float = 0.0) -> np.ndarray:
    """One frame: hips 100 px apart, straight vertical legs, knees shifted toward the midline (px)."""
    xy = np.full((1, N_LANDMARKS, 2), np.nan)
    for side, x, shift in (("left", 250.0, knee_shift_left), ("right", 150.0, -knee_shift_right)):
        # person's left is on the image right, so medial for the left leg is toward smaller x
        xy[0, INDEX[f"{side}_hip"]] = (x, 100.0)
        xy[0, INDEX[f"{side}_knee"]] = (x - shift, 200.0)
        xy[0, INDEX[f"{side}_ankle"]] = (x, 300.0)
        xy[0, INDEX[f"{side}_heel"]] = (x, 310.0)
        xy[0, INDEX[f"{side}_foot_index"]] = (x + (20 if side == "left" else -20), 330.0)
    return xy


def test_straight_leg_has_zero_fppa() -> None:
    assert knee_fppa_deg(legs(), "left")[0] == pytest.approx(0.0, abs=1e-9)


def test_fppa_known_angle_and_sign() -> None:
    # knee 100 px medial at mid-height of a 200 px leg: each segment turns atan(100/100) = 45 deg, total 90
    xy = legs(knee_shift_left=100.0, knee_shift_right=-100.0)
    assert knee_fppa_deg(xy, "left")[0] == pytest.approx(90.0)
    assert knee_fppa_deg(xy, "right")[0] == pytest.approx(-90.0)  # shifted laterally: varus
    small = legs(knee_shift_left=np.tan(np.radians(5.0)) * 100.0)
    assert knee_fppa_deg(small, "left")[0] == pytest.approx(10.0)


@pytest.mark.parametrize("scale,dx,dy", [(1.0, 0, 0), (2.5, 40, -30), (0.3, -100, 500)])
def test_measures_invariant_to_translation_and_scale(scale: float, dx: float, dy: float) -> None:
    base = legs(knee_shift_left=20.0, knee_shift_right=5.0)
    moved = base * scale + np.array([dx, dy])
    for side in ("left", "right"):
        assert knee_fppa_deg(moved, side)[0] == pytest.approx(knee_fppa_deg(base, side)[0])
        assert knee_medial_offset(moved, side, 100 * scale)[0] == pytest.approx(knee_medial_offset(base, side, 100)[0])
        assert knee_toe_offset(moved, side, 100 * scale)[0] == pytest.approx(knee_toe_offset(base, side, 100)[0])
    assert knee_ankle_separation_ratio(moved)[0] == pytest.approx(knee_ankle_separation_ratio(base)[0])


def test_mirroring_the_picture_flips_the_side() -> None:
    xy = legs(knee_shift_left=30.0)
    flipped = xy.copy()
    flipped[..., 0] = 400 - flipped[..., 0]
    # a mirror shows the person's left leg where the right one was: swap the names as a model would
    swap = [INDEX[n.replace("left", "#").replace("right", "left").replace("#", "right")] for n in INDEX]
    mirrored = flipped[:, swap]
    assert knee_medial_offset(xy, "left", 100)[0] == pytest.approx(0.3)
    assert knee_medial_offset(mirrored, "right", 100)[0] == pytest.approx(0.3)
    assert knee_medial_offset(mirrored, "left", 100)[0] == pytest.approx(0.0)


def test_medial_offset_and_separation_ratios() -> None:
    xy = legs(knee_shift_left=25.0, knee_shift_right=25.0)
    assert knee_medial_offset(xy, "left", 100.0)[0] == pytest.approx(0.25)
    assert knee_medial_offset(xy, "right", 100.0)[0] == pytest.approx(0.25)
    assert knee_ankle_separation_ratio(xy)[0] == pytest.approx(50.0 / 100.0)
    assert knee_hip_separation_ratio(xy)[0] == pytest.approx(0.5)
    # the toe points 20 px laterally, so a knee above the ankle is 0.2 shank lengths medial of it
    assert knee_toe_offset(legs(), "left", 100.0)[0] == pytest.approx(0.2)


def test_foot_line_rises_from_the_toe_and_the_knee_offset_is_the_distance_to_it() -> None:
    # left toe 20 px lateral (image right) of the ankle: the foot line runs up from x = 270
    xy = legs(knee_shift_left=10.0)
    point = foot_line_point(xy, "left")[0]
    assert point == pytest.approx([270.0, 200.0])  # level with the knee, above the toe
    assert knee_toe_offset(xy, "left", 100.0)[0] == pytest.approx(0.30)  # 30 px inside: medial of the line
    assert np.linalg.norm(xy[0, INDEX["left_knee"]] - point) == pytest.approx(30.0)
    assert level_with_knee(xy, "left", "ankle")[0] == pytest.approx([250.0, 200.0])
    assert knee_medial_offset(xy, "left", 100.0)[0] == pytest.approx(0.10)


def test_knee_out_over_turned_out_toes_reads_zero_and_beyond_them_negative() -> None:
    over = legs(knee_shift_left=-20.0, knee_shift_right=-20.0)  # knees 20 px lateral: over the toes
    assert knee_toe_offset(over, "left", 100.0)[0] == pytest.approx(0.0)
    assert knee_toe_offset(over, "right", 100.0)[0] == pytest.approx(0.0)
    beyond = legs(knee_shift_left=-35.0)
    assert knee_toe_offset(beyond, "left", 100.0)[0] == pytest.approx(-0.15)


def test_foot_line_follows_a_tilted_hip_line() -> None:
    """The line rises square to the hip line, so a camera that is not level does not move the value."""
    xy = legs(knee_shift_left=10.0)
    angle = np.radians(12.0)
    rot = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    tilted = xy @ rot.T
    assert knee_toe_offset(tilted, "left", 100.0)[0] == pytest.approx(knee_toe_offset(xy, "left", 100.0)[0])
    assert np.linalg.norm(tilted[0, INDEX["left_knee"]] - foot_line_point(tilted, "left")[0]) == pytest.approx(30.0)
