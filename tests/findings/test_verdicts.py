import numpy as np
import pytest

from groundup.screens.squat import analyse_track
from groundup.thresholds import load_thresholds
from synthetic import squat_track

TH = load_thresholds()


def knee(analysis, side):
    return analysis.knees[side]


def test_healthy_squat_is_neutral_on_both_sides() -> None:
    a = analyse_track(squat_track(), "arms-down-squat", TH)
    assert [knee(a, s).verdict for s in ("left", "right")] == ["neutral", "neutral"]
    assert a.symmetry["pattern"] == "none"
    assert knee(a, "left").confidence >= 0.75


@pytest.mark.parametrize("side", ["left", "right"])
@pytest.mark.parametrize("shift,severity", [(0.30, "mild"), (0.45, "marked")])
def test_one_sided_valgus_is_found_on_that_side_only(side: str, shift: float, severity: str) -> None:
    # net inward shift = shift - 0.05 (the figure's knees-out habit): 0.25 mild, 0.40 marked
    a = analyse_track(squat_track(valgus={side: shift}), "arms-down-squat", TH)
    other = "right" if side == "left" else "left"
    assert knee(a, side).verdict == "valgus" and knee(a, side).severity == severity
    assert knee(a, other).verdict == "neutral"
    assert a.symmetry["pattern"] == f"{side} only"
    assert knee(a, side).summary_value == pytest.approx(shift - 0.05, abs=0.01)
    ev = knee(a, side).evidence
    assert len(ev) == 3 and all(e.threshold.key == "knee.valgus_mild" and e.threshold.source for e in ev)


def test_both_sides_valgus() -> None:
    a = analyse_track(squat_track(valgus={"left": 0.35, "right": 0.35}), "arms-down-squat", TH)
    assert a.symmetry["pattern"] == "both"


def test_varus_when_knees_bow_outside_the_feet() -> None:
    a = analyse_track(squat_track(knees_out=0.45), "arms-down-squat", TH)
    assert [knee(a, s).verdict for s in ("left", "right")] == ["varus", "varus"]


def test_verdict_follows_the_injected_shift_monotonically() -> None:
    shifts = np.array([0.1, 0.2, 0.3, 0.4])
    values = [knee(analyse_track(squat_track(valgus={"left": v}), "x", TH), "left").summary_value for v in shifts]
    assert np.allclose(values, shifts - 0.05, atol=0.005)


def test_mirrored_track_moves_the_verdict_to_the_other_side() -> None:
    a = analyse_track(squat_track(valgus={"left": 0.4}).mirrored(), "x", TH)
    assert knee(a, "right").verdict == "valgus" and knee(a, "left").verdict == "neutral"


def test_one_rep_gets_a_verdict_with_lower_confidence_and_advice() -> None:
    one = analyse_track(squat_track(n_reps=1, valgus={"left": 0.45}), "x", TH)
    three = analyse_track(squat_track(n_reps=3, valgus={"left": 0.45}), "x", TH)
    assert knee(one, "left").verdict == "valgus"
    assert knee(one, "left").confidence < knee(three, "left").confidence
    assert any(i.code == "few_reps" and "5" in i.advice for i in one.quality.issues)


def test_noisy_tracking_gives_insufficient_not_valgus() -> None:
    a = analyse_track(squat_track(noise_px=12.0), "x", TH)
    assert a.quality.can_judge is False
    assert {knee(a, s).verdict for s in ("left", "right")} == {"insufficient"}
    assert any(i.code == "noisy_tracking" for i in a.quality.issues)


def test_moderate_noise_keeps_the_verdict() -> None:
    a = analyse_track(squat_track(noise_px=1.5, valgus={"right": 0.45}), "x", TH)
    assert knee(a, "right").verdict == "valgus" and knee(a, "left").verdict == "neutral"


def test_no_reps_gives_insufficient() -> None:
    a = analyse_track(squat_track(depth=0.03), "x", TH)
    assert knee(a, "left").verdict == "insufficient"
    assert any("No squat rep" in r for r in knee(a, "left").reasons)


def test_arms_overhead_are_recognised() -> None:
    assert analyse_track(squat_track(arms="overhead"), "overhead-squat", TH).arms == "overhead"
    assert analyse_track(squat_track(arms="down"), "overhead-squat", TH).arms == "down"
