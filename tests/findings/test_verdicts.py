from dataclasses import replace

import numpy as np
import pytest

from groundup.findings.verdicts import (
    CHANGE,
    INSIDE_FOOT,
    Check,
    followed_collapse,
    smallest_detectable_collapse,
    true_collapse,
)
from groundup.metrics.geometry import medial_unit
from groundup.pose.landmarks import INDEX
from groundup.pose.track import PoseTrack
from groundup.screens.squat import analyse_track
from groundup.thresholds import load_thresholds
from synthetic import SHANK, squat_track

TH = load_thresholds()


def knee(analysis, side):
    return analysis.knees[side]


def test_healthy_squat_is_neutral_on_both_sides() -> None:
    a = analyse_track(squat_track(), "arms-down-squat", TH)
    assert [knee(a, s).verdict for s in ("left", "right")] == ["neutral", "neutral"]
    assert a.symmetry["pattern"] == "none"
    # the figure's knee ends 0.07 shank lengths inside its toes: neutral, and a small collapse would show
    assert knee(a, "left").check(INSIDE_FOOT).median == pytest.approx(0.07, abs=0.01)
    assert knee(a, "left").smallest_detectable < TH.value("knee.valgus_mild")


def test_knees_tracking_over_the_toes_are_neutral_with_high_confidence() -> None:
    a = analyse_track(squat_track(knees_out=0.12), "arms-down-squat", TH)
    for side in ("left", "right"):
        assert knee(a, side).verdict == "neutral" and knee(a, side).confidence_label == "high"
        assert knee(a, side).check(INSIDE_FOOT).median == pytest.approx(0.0, abs=0.01)


@pytest.mark.parametrize("side", ["left", "right"])
@pytest.mark.parametrize("shift,severity,criterion", [(0.18, "mild", INSIDE_FOOT), (0.30, "marked", "both"),
                                                      (0.45, "marked", "both")])
def test_one_sided_valgus_is_found_on_that_side_only(side: str, shift: float, severity: str, criterion: str) -> None:
    # net inward shift = shift - 0.05 (the figure's knees-out habit): 0.13, 0.25, 0.40 against standing;
    # the knee starts over its ankle, 0.12 inside its toes, so it ends 0.25, 0.37, 0.52 inside the foot line
    a = analyse_track(squat_track(valgus={side: shift}), "arms-down-squat", TH)
    other = "right" if side == "left" else "left"
    assert knee(a, side).verdict == "valgus" and knee(a, side).severity == severity
    assert knee(a, side).criterion == criterion
    assert knee(a, other).verdict == "neutral"
    assert a.symmetry["pattern"] == f"{side} only"
    assert knee(a, side).summary_value == pytest.approx(shift - 0.05, abs=0.01)
    assert knee(a, side).check(INSIDE_FOOT).median == pytest.approx(shift + 0.07, abs=0.01)
    ev = knee(a, side).evidence
    assert len(ev) == 3 and all(e.threshold.key == "knee.valgus_mild" and e.threshold.source for e in ev)
    foot = knee(a, side).check(INSIDE_FOOT).evidence
    assert len(foot) == 3 and all(e.threshold.key == "knee.inside_foot_mild" and e.threshold.source for e in foot)


def held_inside(track: PoseTrack, side: str, shanks: float) -> PoseTrack:
    """``track`` with one knee moved medially by ``shanks`` in every frame: no change against standing."""
    xy = track.image_xy.copy()
    xy[:, INDEX[f"{side}_knee"]] += medial_unit(xy, side) * shanks * SHANK
    return replace(track, image_xy=xy)


def test_knee_that_sits_inside_the_foot_at_depth_is_valgus_though_it_started_there() -> None:
    a = analyse_track(held_inside(squat_track(), "left", 0.2), "arms-down-squat", TH)
    left = knee(a, "left")
    assert (left.verdict, left.severity, left.criterion) == ("valgus", "mild", INSIDE_FOOT)
    assert not left.check(CHANGE).fired and left.summary_value < 0.05  # it did not move in from standing
    assert left.check(INSIDE_FOOT).median == pytest.approx(0.27, abs=0.01)
    assert knee(a, "right").verdict == "neutral" and a.symmetry["pattern"] == "left only"
    d = left.as_dict()
    assert d["criterion"] == INSIDE_FOOT and d["checks"][INSIDE_FOOT]["fired"] is True
    assert d["checks"][CHANGE]["fired"] is False and len(d["checks"][INSIDE_FOOT]["evidence"]) == 3
    assert d["smallest_detectable_collapse"] is None


def test_shallow_reps_are_judged_on_the_change_against_standing_alone() -> None:
    """Above knee.inside_foot_min_depth the knee has not travelled over the forefoot yet."""
    shallow = analyse_track(held_inside(squat_track(depth=0.25), "left", 0.2), "x", TH)
    left = knee(shallow, "left")
    assert left.verdict == "neutral" and not left.check(INSIDE_FOOT).judged
    assert f"{TH.value('knee.inside_foot_min_depth'):.2f} leg lengths" in left.check(INSIDE_FOOT).note
    assert left.smallest_detectable is not None


def test_trials_without_depth_say_so() -> None:
    from groundup.findings.verdicts import judge_knee

    a = analyse_track(squat_track(), "arms-down-squat", TH)
    flat = [replace(s, rep=replace(s.rep, depth=0.0)) for s in a.summaries]
    f = judge_knee("left", flat, a.track.times_s, TH, a.quality, True)
    assert f.verdict == "neutral" and f.check(INSIDE_FOOT).note.endswith("no squat depth.")


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


def _check(values: list[float], cut: float = 0.12) -> Check:
    th = TH["knee.inside_foot_mild"]
    return Check(INSIDE_FOOT, np.array(values), replace(th, value=cut), TH["knee.inside_foot_marked"])


def test_followed_share_and_its_inverse() -> None:
    # the shares benchmarks/detection_limit.py measured, at the collapses it measured them
    for size in ("small", "large"):
        x = TH.value(f"knee.followed_shift_{size}")
        assert followed_collapse(x, TH) == pytest.approx(x * TH.value(f"knee.followed_share_{size}"))
    assert followed_collapse(0.1, TH) == pytest.approx(0.1 * TH.value("knee.followed_share_small"))
    for x in (0.05, 0.3, 0.8):
        assert true_collapse(followed_collapse(x, TH), TH) == pytest.approx(x)


def test_smallest_detectable_collapse_from_spread_distance_and_follow_share() -> None:
    small, large = TH.value("knee.followed_shift_small"), TH.value("knee.followed_shift_large")
    share_small, share_large = TH.value("knee.followed_share_small"), TH.value("knee.followed_share_large")
    shown_small, shown_large = small * share_small, large * share_large  # what the knee shows of each collapse
    # three equal reps 0.05 below the cut: no spread, the knee must add 0.05 and shows only its share of a collapse
    assert smallest_detectable_collapse([_check([0.07, 0.07, 0.07])], TH) == pytest.approx(0.05 / share_small)
    # one rep: the spread is the measure's noise (0.05); 0.16 + 2 x 0.05 = 0.26 must show, between the two
    # measured collapses
    assert shown_small < 0.26 < shown_large
    expected = small + (large - small) * (0.26 - shown_small) / (shown_large - shown_small)
    assert smallest_detectable_collapse([_check([-0.04])], TH) == pytest.approx(expected)
    # rep-to-rep spread widens it: SD 0.05 over 4 reps adds 2 x 0.025
    wide = _check([0.02, 0.07, 0.12, 0.02])
    sd = float(np.std(wide.values, ddof=1))
    assert wide.standard_error() == pytest.approx(sd / 2)
    expected = true_collapse(0.12 - 0.045 + 2 * sd / 2, TH)
    assert smallest_detectable_collapse([wide], TH) == pytest.approx(expected)
    # the criterion needing the least decides
    both = smallest_detectable_collapse([_check([-0.04]), _check([0.07, 0.07, 0.07])], TH)
    assert both == pytest.approx(0.05 / share_small)


def test_neutral_is_not_high_when_the_clip_would_miss_a_mild_collapse() -> None:
    a = analyse_track(squat_track(knees_out=0.30), "arms-down-squat", TH)  # knees far outside the feet
    left = knee(a, "left")
    assert left.verdict == "neutral" and left.smallest_detectable > TH.value("knee.valgus_mild")
    assert left.confidence_label != "high"
    assert any("could miss a knee caving in by less than" in r for r in left.reasons)
