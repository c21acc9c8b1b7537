import math

import numpy as np
import pytest

from groundup.pose.landmarks import INDEX
from groundup.render.overlay import draw_overlay, frame_points, in_out, judged_line, rep_text
from groundup.render.style import KneeCutoffs, foot_words, inside_foot, knee_state, shift_state

CUT = KneeCutoffs(mild=0.15, marked=0.30, varus=-0.15, varus_toe=-0.20, inside_mild=0.12, inside_marked=0.30)


def test_overlay_keeps_shape_and_draws(valgus_left):
    rgb = np.full((valgus_left.track.height, valgus_left.track.width, 3), 90, np.uint8)
    out = draw_overlay(rgb, valgus_left, valgus_left.reps[0].bottom)
    assert out.shape == rgb.shape and out.dtype == np.uint8
    assert (out != rgb).any(axis=2).mean() > 0.01
    assert (rgb == 90).all()  # the input is not drawn on


def test_overlay_on_resized_frame(valgus_left):
    rgb = np.zeros((320, 180, 3), np.uint8)
    assert draw_overlay(rgb, valgus_left, 10).shape == (320, 180, 3)


def test_invalid_frame_differs_from_valid(valgus_left):
    rgb = np.full((valgus_left.track.height, valgus_left.track.width, 3), 90, np.uint8)
    lost = draw_overlay(rgb, valgus_left, 382)
    assert not valgus_left.track.valid[382]
    assert (lost[:60] != 90).any()  # the 'not measured' banner at the top


def test_knee_colour_follows_the_shift(valgus_left):
    bottom = valgus_left.reps[0].bottom
    assert knee_state(valgus_left, "left", bottom) == "marked"
    assert knee_state(valgus_left, "right", bottom) == "neutral"


def test_shift_state_bands():
    assert shift_state(0.0, 0.0, CUT) == "neutral"
    assert shift_state(0.2, 0.0, CUT) == "mild"
    assert shift_state(0.31, 0.0, CUT) == "marked"
    assert shift_state(-0.2, 0.0, CUT) == "neutral"  # outward but still over the toes
    assert shift_state(-0.2, -0.3, CUT) == "varus"
    assert shift_state(float("nan"), 0.0, CUT) == "unknown"


def test_the_worse_criterion_sets_the_state():
    assert shift_state(-0.05, 0.0, CUT, inside=0.2) == "mild"  # no move from standing, but inside the foot
    assert shift_state(0.2, 0.0, CUT, inside=0.35) == "marked"
    assert shift_state(0.0, 0.0, CUT, inside=0.05) == "neutral"
    assert shift_state(-0.2, -0.3, CUT, inside=-0.3) == "varus"
    assert shift_state(0.0, 0.0, CUT, inside=float("nan")) == "neutral"  # not judged over the foot here


def test_foot_words_say_inside_only_past_the_cut_off():
    assert foot_words(0.23, 0.12) == "0.23 shin lengths inside the foot"
    assert "inside the foot" not in foot_words(0.07, 0.12) and foot_words(0.07, 0.12).startswith("over the foot")
    assert foot_words(-0.05, 0.12) == "0.05 shin lengths outside the foot line"
    assert in_out(0.234) == "0.23 in" and in_out(-0.05) == "0.05 out" and in_out(float("nan")) == ""


def test_the_video_draws_the_foot_line_at_depth_and_the_ankle_line_above(valgus_left):
    a, bottom = valgus_left, valgus_left.reps[0].bottom
    shape = (a.track.height, a.track.width, 3)
    pts = frame_points(a, bottom, shape)
    deep = judged_line(a, "left", bottom, pts)
    assert deep.root.tolist() == pts[INDEX["left_foot_index"]].tolist()  # the line rises from the toe
    assert deep.inside == inside_foot(a, "left", bottom) and deep.inside >= 0.12
    assert deep.words.endswith("inside the foot") and deep.short == f"{deep.inside:.2f} in"
    # the drawn knee's distance from the line is the value the words give, in shank lengths
    drawn = np.linalg.norm(pts[INDEX["left_knee"]] - deep.level) / a.scale.shank["left"]
    assert drawn == pytest.approx(deep.inside, abs=1e-6)
    top = frame_points(a, 0, shape)
    standing = judged_line(a, "left", 0, top)
    assert math.isnan(standing.inside) and standing.root.tolist() == top[INDEX["left_ankle"]].tolist()
    assert standing.words.endswith("of standing")


def test_rep_counter(valgus_left):
    r2 = valgus_left.reps[1]
    assert rep_text(valgus_left, r2.bottom) == "rep 2/3"
    assert rep_text(valgus_left, 0) == "standing - 0/3 reps done"
