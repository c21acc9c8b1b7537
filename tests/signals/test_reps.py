import numpy as np

from groundup.signals.reps import RepSettings, detect_reps, hip_depth
from synthetic import squat_depth_curve


def test_detects_each_rep_with_start_bottom_end() -> None:
    t, d = squat_depth_curve(n_reps=4, rep_s=2.0, pause_s=1.0, depth=0.4, fps=30)
    reps = detect_reps(t, d)
    assert len(reps) == 4
    for k, rep in enumerate(reps):
        bottom_t = 1.0 + k * 3.0 + 1.0
        assert abs(t[rep.bottom] - bottom_t) < 0.05
        assert rep.start < rep.bottom < rep.end and rep.complete
        assert abs(rep.depth - 0.4) < 0.01


def test_shallow_wobble_is_not_a_rep() -> None:
    t = np.arange(0, 6, 1 / 30)
    d = 0.05 * np.sin(2 * np.pi * 0.7 * t) ** 2
    assert detect_reps(t, d) == []


def test_rep_cut_off_by_the_clip_end_is_incomplete() -> None:
    t, d = squat_depth_curve(n_reps=2, depth=0.4, fps=30)
    cut = int(len(t) * 0.8)
    reps = detect_reps(t[:cut], d[:cut])
    assert [r.complete for r in reps] == [True, False]


def test_depth_from_hip_path() -> None:
    hip_y = np.array([500.0, 500.0, 560.0, 620.0, 500.0])
    depth = hip_depth(hip_y, leg_length=300.0, standing_percentile=0.0)
    assert np.allclose(depth, [0, 0, 0.2, 0.4, 0])


def test_min_depth_setting_is_used() -> None:
    t, d = squat_depth_curve(n_reps=2, depth=0.2)
    assert len(detect_reps(t, d, RepSettings(min_depth=0.1))) == 2
    assert detect_reps(t, d, RepSettings(min_depth=0.3)) == []
