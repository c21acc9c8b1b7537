"""Aims that lead to mastery: the weekly aim rises to the top, and the re-test follows the expected mastery."""

from datetime import date, timedelta

from program_results import VALGUS, knee, result, session

from groundup.program.catalogue import load_catalogue
from groundup.program.prescribe import expected_mastery_weeks, prescribe
from groundup.program.progression import plan_week

START = date(2024, 3, 4)  # a Monday


def week(n: int) -> date:
    return START + timedelta(weeks=n - 1)


def follow_the_printed_aims(program, weeks: int) -> dict[str, int]:
    """Log exactly each week's aim for every activation entry; the week each track is first completed."""
    logs, done = [], {}
    for n in range(1, weeks + 1):
        plan = plan_week(program, logs, week(n))
        for e in plan.entries:
            if e.phase == "activate":
                logs += session(e.exercise_id, week(n) + timedelta(days=1), e.sides, e.aim)
        after = plan_week(program, logs, week(n + 1))
        for e in after.entries:
            if e.why.startswith("Track completed"):
                done.setdefault(e.track, n)
    return done


def test_meeting_the_printed_aim_masters_each_track_in_the_expected_weeks() -> None:
    one_sided = prescribe(result(knee("valgus", VALGUS), knee("neutral", (-0.05, -0.06, -0.04))), today=START)
    cat = load_catalogue()
    done = follow_the_printed_aims(one_sided, 16)
    assert done == {"balance": 12, "band-squat": 9, "single-side": 14}
    assert expected_mastery_weeks(one_sided.entries, cat) == max(done.values())


def test_the_aim_rises_each_week_to_the_top_and_never_below_a_step_over_the_best() -> None:
    program = prescribe(result(knee("valgus", VALGUS), knee("valgus", VALGUS)), today=START)
    plans = [plan_week(program, [], week(n)) for n in (1, 2, 3, 4)]
    aims = [next(e.aim for e in plan.entries if e.track == "band-squat") for plan in plans]
    assert aims == [10, 15, 20, 20]
    logs = session("band-box-squat-parallel", week(1), ("both",), 18)
    assert next(e.aim for e in plan_week(program, logs, week(2)).entries if e.track == "band-squat") == 20


def test_the_retest_follows_the_expected_mastery_within_four_to_six_weeks() -> None:
    program = prescribe(result(knee("valgus", VALGUS), knee("valgus", VALGUS)), today=START)
    assert program.retest_due == START + timedelta(weeks=6)  # 12 weeks expected: bounded to 6
    assert any("mastered in about 12 weeks" in n and "top of each range" in n for n in program.notes)
    plan = plan_week(program, [], week(1))
    assert any("The re-test is in week 7" in n for n in plan.notes)
