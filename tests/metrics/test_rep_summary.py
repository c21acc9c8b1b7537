import numpy as np
import pytest

from groundup.metrics.rep_summary import bottom_frames, bottom_position
from groundup.signals.reps import Rep


def rep_of(depth: np.ndarray) -> Rep:
    peak = int(np.nanargmax(depth))
    return Rep(1, 0, peak, len(depth) - 1, float(depth[peak]), True)


def test_bottom_frames_are_those_within_ten_percent_of_the_deepest() -> None:
    depth = np.array([0.0, 0.2, 0.38, 0.41, 0.4, 0.36, 0.1, 0.0])
    frames = bottom_frames(rep_of(depth), depth, np.ones(8, bool))
    assert frames.tolist() == [2, 3, 4]  # hip at least BOTTOM_SHARE x 0.41 = 0.369 down


def test_bottom_frames_skip_invalid_frames_and_trials_without_depth() -> None:
    depth = np.array([0.0, 0.38, 0.41, 0.4, 0.0])
    valid = np.array([True, True, False, True, True])
    assert bottom_frames(rep_of(depth), depth, valid).tolist() == [1, 3]
    flat = Rep(1, 0, 2, 4, 0.0, True)  # a gait stance or a balance hold
    assert bottom_frames(flat, np.zeros(5), np.ones(5, bool)).size == 0


def test_bottom_position_is_the_median_read_at_the_frame_that_holds_it() -> None:
    values = np.array([9.0, 0.30, 0.10, 0.20, np.nan, 9.0])
    p = bottom_position(values, np.array([1, 2, 3, 4]), fallback=2)
    assert (p.value, p.frame) == (pytest.approx(0.20), 3)
    even = bottom_position(values, np.array([1, 2, 3]), fallback=2)
    assert (even.value, even.frame) == (pytest.approx(0.20), 3)
    two = bottom_position(values, np.array([1, 2]), fallback=2)
    assert (two.value, two.frame) == (pytest.approx(0.10), 2)  # the lower of two: the frame shows the value
    none = bottom_position(values, np.array([4]), fallback=2)
    assert np.isnan(none.value) and none.frame == 2
