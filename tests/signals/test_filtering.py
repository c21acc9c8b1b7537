import numpy as np

from groundup.signals.filtering import FilterSettings, fill_short_gaps, lowpass_zero_phase, mask_low_confidence


def test_short_gaps_filled_long_gaps_kept() -> None:
    t = np.arange(10) / 10.0
    v = np.arange(10, dtype=float)
    v[[2, 3]] = np.nan  # 0.3 s between neighbours: filled
    v[5:9] = np.nan  # 0.5 s: kept
    out = fill_short_gaps(t, v, max_gap_s=0.35)
    assert np.allclose(out[:5], [0, 1, 2, 3, 4])
    assert np.isnan(out[5:9]).all()


def test_zero_phase_filter_has_no_lag_and_removes_noise() -> None:
    t = np.arange(0, 4, 1 / 60)
    slow = np.sin(2 * np.pi * 0.5 * t)
    noisy = slow + 0.2 * np.sin(2 * np.pi * 20 * t)
    out = lowpass_zero_phase(t, noisy, cutoff_hz=6.0, order=4)
    inner = slice(30, -30)
    assert np.max(np.abs(out[inner] - slow[inner])) < 0.01
    first = t < 1.5
    assert np.argmax(out[first]) == np.argmax(slow[first])  # peak not delayed


def test_filter_handles_variable_frame_rate() -> None:
    rng = np.random.default_rng(1)
    t = np.cumsum(rng.uniform(1 / 40, 1 / 20, 200))
    slow = np.sin(2 * np.pi * 0.4 * t)
    out = lowpass_zero_phase(t, slow, cutoff_hz=6.0, order=4)
    assert np.max(np.abs(out[20:-20] - slow[20:-20])) < 0.02


def test_mask_low_confidence() -> None:
    xy = np.ones((3, 33, 2))
    vis = np.full((3, 33), 0.9)
    vis[1, 5] = 0.2
    valid = np.array([True, True, False])
    out = mask_low_confidence(xy, vis, valid, FilterSettings().min_visibility)
    assert np.isnan(out[1, 5]).all() and np.isnan(out[2]).all() and not np.isnan(out[0]).any()
