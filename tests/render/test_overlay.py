import numpy as np

from groundup.render.overlay import draw_overlay, fppa_text, rep_text
from groundup.render.style import KneeCutoffs, knee_state, shift_state

CUT = KneeCutoffs(mild=0.15, marked=0.30, varus=-0.15, varus_toe=-0.20)


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


def test_rep_counter_and_angle_words(valgus_left):
    r2 = valgus_left.reps[1]
    assert rep_text(valgus_left, r2.bottom) == "rep 2/3"
    assert rep_text(valgus_left, 0) == "standing - 0/3 reps done"
    assert fppa_text(12.4) == "angle 12 deg in" and fppa_text(-8) == "angle 8 deg out"
