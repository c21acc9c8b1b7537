import math

import pytest
from program_results import NEUTRAL, VALGUS, ankle, knee, result

from groundup.program.retest import MEASURE_ERROR, compare_assessments, minimal_detectable_change, standard_error


def test_mdc_shrinks_with_more_reps_averaged() -> None:
    spread = [0.20, 0.30, 0.25, 0.35, 0.15, 0.28, 0.22, 0.32]  # SD above the floor
    three, eight = minimal_detectable_change(spread[:3], spread[:3]), minimal_detectable_change(spread, spread)
    assert eight < three
    tight3, tight8 = [0.30, 0.30, 0.31], [0.30] * 4 + [0.31] * 4  # agreeing reps: floored at the method's error
    assert minimal_detectable_change(tight8, tight8) < minimal_detectable_change(tight3, tight3)


def test_mdc_formula_and_floor() -> None:
    sem = standard_error([0.3, 0.3, 0.3, 0.3])
    assert sem == pytest.approx(MEASURE_ERROR / 2)
    assert minimal_detectable_change([0.3] * 4, [0.2] * 4) == pytest.approx(1.96 * math.sqrt(2) * sem)
    assert standard_error([0.1, 0.5]) == pytest.approx(0.2828427 / math.sqrt(2))


def test_a_change_beyond_the_mdc_is_real() -> None:
    before = result(knee("valgus", VALGUS), knee("valgus", VALGUS))
    after = result(knee("neutral", (0.10, 0.12, 0.11, 0.09, 0.11)), knee("valgus", (0.40, 0.42, 0.41, 0.43, 0.44)))
    outcome = compare_assessments(before, after)
    left, right = outcome.side("left"), outcome.side("right")
    assert left.verdict == "improved" and left.change == pytest.approx(0.11 - 0.34)
    assert left.mdc == pytest.approx(1.96 * math.hypot(0.05 / math.sqrt(5), 0.05 / math.sqrt(5)), abs=1e-4)
    assert (left.reps_before, left.reps_after, left.knee_before, left.knee_after) == (5, 5, "valgus", "neutral")
    assert right.verdict == "worse" and "more inward" in right.explanation
    assert not outcome.real_improvement and "coach or physiotherapist" in outcome.summary


def test_a_change_inside_the_mdc_is_noise() -> None:
    before = result(knee("valgus", (0.20, 0.35, 0.25)), knee("neutral", NEUTRAL))
    after = result(knee("valgus", (0.15, 0.30, 0.22)), knee("neutral", NEUTRAL))
    left = compare_assessments(before, after).side("left")
    assert left.verdict == "no real change" and abs(left.change) < left.mdc
    # the same average change, measured over many tightly agreeing reps, is real
    before8 = result(knee("valgus", (0.25,) * 8), knee("neutral", NEUTRAL))
    after8 = result(knee("valgus", (0.19,) * 8), knee("neutral", NEUTRAL))
    assert compare_assessments(before8, after8).side("left").verdict == "improved"


def test_insufficient_side_cannot_be_compared() -> None:
    before = result(knee("valgus", VALGUS), knee("valgus", VALGUS))
    after = result(knee("insufficient", ()), knee("neutral", NEUTRAL))
    outcome = compare_assessments(before, after)
    assert outcome.side("left").verdict == "cannot compare" and outcome.side("left").change is None
    assert outcome.side("right").verdict == "improved"
    assert not outcome.real_improvement  # the left side is not shown to have improved


def test_fppa_context_against_munro_sdd() -> None:
    before = result(knee("valgus", VALGUS), knee("valgus", VALGUS), fppa=((14.0, 15.0, 16.0), (12.0, 12.0, 12.0)))
    after = result(knee("neutral", NEUTRAL), knee("valgus", VALGUS), fppa=((5.0, 6.0, 7.0), (8.0, 8.0, 8.0)))
    outcome = compare_assessments(before, after)
    left, right = outcome.side("left").fppa, outcome.side("right").fppa
    assert left.change_deg == -9.0 and left.reading == "beyond the smallest detectable difference"
    assert right.change_deg == -4.0 and right.reading == "within measurement noise"
    assert left.sdd_deg == (7.5, 8.9)
    assert compare_assessments(result(knee("valgus", VALGUS), knee("valgus", VALGUS)),
                               result(knee("valgus", VALGUS), knee("valgus", VALGUS))).side("left").fppa is None


def test_dates_come_from_the_assessments() -> None:
    outcome = compare_assessments(result(knee("neutral", NEUTRAL), knee("neutral", NEUTRAL)),
                                  result(knee("neutral", NEUTRAL), knee("neutral", NEUTRAL),
                                         created="2024-02-01T10:00:00+00:00"))
    assert str(outcome.before_date) == "2024-01-01" and str(outcome.after_date) == "2024-02-01"
    assert not outcome.real_improvement and outcome.summary.startswith("No valgus before")


def test_maintenance_needs_the_knee_finding_gone_not_only_smaller() -> None:
    before = result(knee("valgus", (0.30,) * 5), knee("neutral", NEUTRAL))
    smaller = compare_assessments(before, result(knee("valgus", (0.18,) * 5), knee("neutral", NEUTRAL)))
    assert smaller.side("left").verdict == "improved" and not smaller.real_improvement
    assert "still caves in past the cut-off" in smaller.summary
    under = result(knee("valgus", (0.14,) * 5), knee("neutral", NEUTRAL))  # a valgus verdict, but under the cut-off
    assert compare_assessments(before, under).real_improvement


def test_ankle_findings_are_retested() -> None:
    before = result(knee("neutral", NEUTRAL), knee("neutral", NEUTRAL), ankle("eversion", 0.08))
    same = compare_assessments(before, before)
    assert not same.real_improvement and same.ankles == ("left ankle: eversion before, eversion now: it still rolls.",)
    level = compare_assessments(before, result(knee("neutral", NEUTRAL), knee("neutral", NEUTRAL)))
    assert level.real_improvement and "no longer rolls" in level.ankles[0]


def test_a_knee_inside_its_foot_that_moves_out_is_a_real_improvement() -> None:
    """Valgus by the foot-line criterion alone (its change against standing is small): the re-test
    reads that criterion too, with its own MDC."""
    before = result(knee("valgus", NEUTRAL, inside_foot=(0.25, 0.27, 0.26)), knee("neutral", NEUTRAL))
    after = result(knee("neutral", NEUTRAL, inside_foot=(0.05, 0.04, 0.06)), knee("neutral", NEUTRAL))
    outcome = compare_assessments(before, after)
    left = outcome.side("left")
    assert left.change == pytest.approx(0.0) and left.foot_line is not None
    assert left.foot_line.change == pytest.approx(0.05 - 0.26) and left.foot_line.verdict == "improved"
    assert left.verdict == "improved" and "Over its foot line at the bottom: +0.260 -> +0.050" in left.explanation
    assert outcome.real_improvement


def test_a_knee_sliding_inside_its_foot_is_worse_even_when_its_change_is_steady() -> None:
    before = result(knee("neutral", NEUTRAL, inside_foot=(0.00, 0.01, 0.02)), knee("neutral", NEUTRAL))
    after = result(knee("valgus", NEUTRAL, inside_foot=(0.20, 0.22, 0.21)), knee("neutral", NEUTRAL))
    left = compare_assessments(before, after).side("left")
    assert left.foot_line is not None and left.foot_line.verdict == "worse" and left.verdict == "worse"


def test_a_knee_still_inside_its_foot_is_not_resolved_by_a_smaller_change() -> None:
    before = result(knee("valgus", VALGUS, inside_foot=(0.40, 0.42, 0.41)), knee("neutral", NEUTRAL))
    after = result(knee("valgus", (0.05, 0.06, 0.04), inside_foot=(0.30, 0.31, 0.29)), knee("neutral", NEUTRAL))
    outcome = compare_assessments(before, after)
    assert outcome.side("left").verdict == "improved" and not outcome.real_improvement


def test_results_without_the_foot_line_are_compared_as_before() -> None:
    before = result(knee("valgus", VALGUS, inside_foot=(0.3, 0.3, 0.3)), knee("neutral", NEUTRAL))
    after = result(knee("neutral", NEUTRAL), knee("neutral", NEUTRAL))
    left = compare_assessments(before, after).side("left")
    assert left.foot_line is None and left.verdict == "improved"
