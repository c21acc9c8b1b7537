"""Single-leg stance detection: which foot is off the floor, lift-off and touch-down, robust to jitter."""

from __future__ import annotations

import numpy as np
import pytest
from single_leg_bodies import FPS, TH, balance_clip, both_feet_down_clip, single_leg_squat_clip

from groundup.screens.base import prepare
from groundup.screens.common import find_prepared_stances
from groundup.screens.stance import Stance, StanceSettings, find_stances, foot_clearance, lifted_runs, stance_mask

TIMES = np.arange(300) / FPS


def _clear(free: str, values: np.ndarray) -> dict[str, np.ndarray]:
    other = "right" if free == "left" else "left"
    return {free: values, other: -np.abs(values)}


def test_hysteresis_keeps_one_run_through_a_dip_between_the_thresholds() -> None:
    c = np.zeros(100)
    c[20:60] = 0.5
    c[38:41] = 0.15  # jitter dip: below lift_on, above lift_off
    assert lifted_runs(c, 0.25, 0.10) == [(20, 60, True, True)]


def test_events_are_placed_where_the_clearance_crosses_the_touch_down_level() -> None:
    c = np.zeros(100)
    c[20:60] = np.r_[0.05, 0.12, 0.3, np.full(37, 0.5)]  # slow rise: crosses 0.10 at frame 21
    runs = lifted_runs(c, 0.25, 0.10)
    assert runs == [(21, 60, True, True)]


def test_short_lifts_are_not_stances_and_the_lifted_foot_names_the_other_leg() -> None:
    c = np.zeros(300)
    c[50:55] = 0.5  # a step: 5 frames
    c[100:200] = 0.5
    stances = find_stances(TIMES, _clear("right", c), StanceSettings(min_duration_s=0.3))
    assert stances == [Stance("left", 100, 200, "lift-off", "touch-down")]
    assert stances[0].free_side == "right" and stances[0].complete
    assert stances[0].duration_s(TIMES) == pytest.approx(100 / FPS)


def test_a_lift_at_the_clip_start_or_end_is_marked_as_such() -> None:
    c = np.zeros(300)
    c[:40] = 0.5
    c[250:] = 0.5
    s1, s2 = find_stances(TIMES, _clear("left", c), StanceSettings())
    assert (s1.side, s1.lift_off, s1.started, s1.ended) == ("right", 0, "clip start", "touch-down")
    assert (s2.lift_off, s2.started, s2.ended) == (250, "lift-off", "clip end")
    assert not s1.complete and not s2.complete


def test_a_long_unseen_gap_ends_the_stance_as_lost() -> None:
    c = np.zeros(300)
    c[100:] = 0.5
    c[180:] = np.nan  # person lost
    (s,) = find_stances(TIMES, _clear("right", c), StanceSettings(max_unseen_s=0.25))
    assert (s.lift_off, s.touch_down, s.ended) == (100, 180, "lost")
    assert s.duration_s(TIMES) == pytest.approx(79 / FPS)


def test_stance_mask_marks_the_frames_on_one_leg() -> None:
    stances = [Stance("left", 10, 20, "lift-off", "touch-down"), Stance("right", 30, 35, "lift-off", "touch-down")]
    assert stance_mask(40, stances).sum() == 15 and stance_mask(40, stances, "right").sum() == 5


def test_foot_clearance_is_zero_for_both_feet_down_and_positive_only_for_the_lifted_foot() -> None:
    track, truth = balance_clip(holds=(("left", 3.0),))
    p = prepare(track, TH)
    c = foot_clearance(p.xy, p.valid, p.shank)
    (_, lift), (_, down) = truth.lift_off[0], truth.touch_down[0]
    assert np.nanmax(np.abs(c["right"][:lift - 3])) < 0.05  # both feet down
    assert np.nanmin(c["right"][lift + 8:down - 8]) > 0.5  # the lifted (right) foot, ~0.6 shank lengths
    assert np.nanmax(c["left"][lift:down]) < 0.05  # the standing foot never reads as lifted


@pytest.mark.parametrize("noise_px", [0.0, 2.0])
def test_lift_off_and_touch_down_found_within_two_frames_on_the_figure(noise_px: float) -> None:
    track, truth = single_leg_squat_clip(noise_px=noise_px, seed=3)
    stances = find_prepared_stances(prepare(track, TH), TH)
    assert [s.side for s in stances] == ["left", "right"]
    for s, (side, lift), (_, down) in zip(stances, truth.lift_off, truth.touch_down):
        assert s.side == side and s.complete
        assert abs(s.lift_off - lift) <= 2 and abs(s.touch_down - down) <= 2


def test_jitter_and_both_feet_down_give_no_stance() -> None:
    track = both_feet_down_clip(noise_px=3.0, sway=0.05)
    assert find_prepared_stances(prepare(track, TH), TH) == []


def test_the_mirrored_figure_stands_on_the_other_leg() -> None:
    track, truth = balance_clip(holds=(("left", 3.0),))
    (s,) = find_prepared_stances(prepare(track.mirrored(), TH), TH)
    assert s.side == "right" and abs(s.lift_off - truth.lift_off[0][1]) <= 2
