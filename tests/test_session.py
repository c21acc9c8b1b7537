"""A session of several clips: each side's knee across the screens, and the program's input."""

from __future__ import annotations

import copy

import pytest

from groundup.result import build_result
from groundup.session import (
    ClipEntry,
    arms_down_reading,
    compare_screens,
    program_result,
    reference_index,
    session_summary,
)
from synthetic import squat_analysis, video_info


def result(movement: str = "arms-down-squat", **kw) -> dict:
    a = squat_analysis(movement, **kw)
    return build_result(a, video_info(a), "blazepose-full", {})


def as_screen(r: dict, movement: str) -> dict:
    """The same measured result presented as another screen's (the comparison reads only the findings)."""
    out = copy.deepcopy(r)
    out["movement"]["requested"] = movement
    return out


@pytest.fixture(scope="module")
def neutral() -> dict:
    return result()


@pytest.fixture(scope="module")
def left_valgus() -> dict:
    return result(valgus={"left": 0.45})


def test_screen_with_more_inward_travel_is_more_prominent_beyond_the_noise(neutral, left_valgus) -> None:
    rows = compare_screens([neutral, as_screen(left_valgus, "single-leg-squat")], ["squat", "sls"])
    left, right = rows["left"], rows["right"]
    assert [r.comparison for r in left] == ["reference", "more prominent"]
    assert left[1].difference > left[1].mdc > 0
    assert right[1].comparison == "the same"  # the right knee moved identically in both


def test_same_pattern_reads_the_same(neutral) -> None:
    rows = compare_screens([neutral, as_screen(neutral, "gait")], ["a", "b"])
    assert [r.comparison for r in rows["left"]] == ["reference", "the same"]
    assert rows["left"][1].difference == pytest.approx(0.0, abs=1e-9)


def test_less_prominent_when_the_squat_caves_more(neutral, left_valgus) -> None:
    rows = compare_screens([left_valgus, as_screen(neutral, "drop-jump")], ["a", "b"])
    assert rows["left"][1].comparison == "less prominent"


def test_refused_clip_is_not_judged_and_never_the_reference(neutral) -> None:
    refused = copy.deepcopy(neutral)
    refused["capture"]["can_judge"] = False
    rows = compare_screens([refused, as_screen(neutral, "gait")], ["a", "b"])
    assert rows["left"][0].comparison == "not judged"
    assert rows["left"][1].comparison == "no reference"


def test_arms_down_squat_is_the_reference_when_the_overhead_one_asked_for_it(neutral) -> None:
    overhead = as_screen(neutral, "overhead-squat")
    overhead["screen"] = {"figures": {"arms_down_retest": 1.0}}
    assert reference_index([overhead, neutral]) == 1
    overhead["screen"] = {"figures": {"arms_down_retest": 0.0}}
    assert reference_index([neutral, overhead]) == 1


def test_valgus_that_disappears_with_arms_down_points_to_mobility(neutral, left_valgus) -> None:
    lines = arms_down_reading([as_screen(left_valgus, "overhead-squat"), neutral])
    assert len(lines) == 1 and lines[0].startswith("The left knee") and "mobility" in lines[0]
    both = arms_down_reading([as_screen(left_valgus, "overhead-squat"), left_valgus])
    assert "stability" in both[0]


def test_other_screens_valgus_feeds_the_program_when_the_squat_missed_it(neutral, left_valgus) -> None:
    merged = program_result([neutral, as_screen(left_valgus, "single-leg-squat")])
    assert merged["sides"]["left"]["knee"]["verdict"] == "valgus"
    assert merged["sides"]["left"]["knee"]["screen"] == "single-leg-squat"
    assert merged["sides"]["right"]["knee"]["verdict"] == "neutral"
    assert merged["symmetry"]["pattern"] == "left only"
    assert merged["session_sources"] == {"left": "single-leg-squat", "right": "arms-down-squat"}
    assert merged["reps"] == neutral["reps"]  # the re-test still compares squats


def test_program_input_is_the_squat_itself_when_no_other_screen_adds_anything(neutral) -> None:
    merged = program_result([neutral, as_screen(neutral, "gait")])
    assert merged["sides"] == neutral["sides"] and merged["symmetry"] == neutral["symmetry"]


def test_session_summary_lists_every_clip_and_the_sentences(neutral, left_valgus) -> None:
    s = session_summary([ClipEntry("a.mp4", "1-a", neutral), ClipEntry("b.mp4", "2-b", as_screen(left_valgus, "gait")),
                         ClipEntry("c.mp4", None, None, "No person was found in 'c.mp4'.")])
    assert s["schema"] == "groundup.session/1" and s["reference"] == "1-a"
    assert [c["judged"] for c in s["clips"]] == [True, True, False]
    assert s["clips"][2]["problem"].startswith("No person")
    assert any(line.startswith("Left knee, walking toward the camera (2-b): more prominent") for line in s["sentences"])


def test_a_difference_between_two_neutral_knees_is_not_called_a_more_prominent_pattern(neutral) -> None:
    from groundup.session import sentences

    # both knees travel 0.17 further inward, still short of the valgus band; a trial too shallow for the
    # knee-over-the-foot criterion (which would call a knee this far inside its toes valgus)
    shifted = result(knees_out=-0.12, depth=0.25)
    rows = compare_screens([neutral, as_screen(shifted, "drop-jump")], ["a", "b"])
    assert rows["left"][1].comparison == "more prominent" and rows["left"][1].verdict == "neutral"
    line = next(x for x in sentences(rows) if x.startswith("Left knee"))
    assert "in line in both" in line and "further inward" in line
