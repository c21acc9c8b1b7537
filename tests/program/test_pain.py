"""Scenario tests for the pain rules: discomfort, step back, pause, stop (catalogue.toml [rules])."""

from datetime import date, timedelta

import pytest
from program_results import VALGUS, knee, result, session

from groundup.program.catalogue import load_catalogue
from groundup.program.errors import LogError
from groundup.program.logs import SetLog, check_against
from groundup.program.prescribe import prescribe
from groundup.program.progression import plan_week

START = date(2024, 3, 4)  # a Monday
EACH, BOTH = ("left", "right"), ("both",)


def week(n: int) -> date:
    return START + timedelta(weeks=n - 1)


def program():
    return prescribe(result(knee("valgus", VALGUS), knee("valgus", VALGUS)), today=START)


def entry(plan, exercise_or_track):
    return next((e for e in plan.entries if exercise_or_track in (e.track, e.exercise_id)), None)


def left_out(plan, exercise_or_track):
    return next((x for x in plan.left_out if exercise_or_track in (x.track, x.exercise_id)), None)


def test_rolling_discomfort_is_not_pain_but_rolling_pain_pauses_for_a_week() -> None:
    sore = session("roll-adductors", week(1), EACH, pain=3, discomfort=True)
    plan = plan_week(program(), sore, week(2))
    assert entry(plan, "roll-adductors") is not None and left_out(plan, "roll-adductors") is None
    hurt = session("roll-adductors", week(1), EACH, pain=2)
    plan = plan_week(program(), hurt, week(1) + timedelta(days=3))
    paused = left_out(plan, "roll-adductors")
    assert paused.kind == "pause" and paused.returns == week(2) and "pain 2/10" in paused.why
    back = entry(plan_week(program(), hurt, week(2)), "roll-adductors")
    assert back.aim == 30 and back.why.startswith("Back after a pause") and not back.overdue
    ten_weeks = plan_week(program(), hurt + session("roll-adductors", week(2), EACH), week(11))
    assert entry(ten_weeks, "roll-adductors") is not None


def test_strong_discomfort_counts_as_pain_and_activation_work_cannot_log_discomfort() -> None:
    plan = plan_week(program(), session("roll-adductors", week(1), EACH, pain=6, discomfort=True), week(2))
    assert left_out(plan, "roll-adductors").kind == "pain"
    squat = session("band-box-squat-parallel", week(1), BOTH, pain=2, discomfort=True)[0]
    with pytest.raises(LogError, match="activation work"):
        check_against(squat, load_catalogue())


def test_pain_one_level_up_steps_back_to_the_level_below_with_its_aim() -> None:
    logs = session("balance-bodyweight", week(1), EACH) + session("balance-foam-pad", week(2), EACH, 12, pain=1)
    balance = entry(plan_week(program(), logs, week(3)), "balance")
    assert (balance.exercise_id, balance.level, balance.aim) == ("balance-bodyweight", 1, 20)
    assert balance.why.startswith("Stepped back to level 1") and "pain 1/10" in balance.why
    assert entry(plan_week(program(), logs, week(3)), "band-squat") is not None  # the rest goes on
    logs += session("balance-bodyweight", week(3), EACH)
    assert entry(plan_week(program(), logs, week(4)), "balance").exercise_id == "balance-foam-pad"


def test_pain_at_the_first_level_pauses_then_brings_it_back_at_the_bottom() -> None:
    logs = session("band-box-squat-parallel", week(1), BOTH, 14, pain=3)
    plan = plan_week(program(), logs, week(1) + timedelta(days=2))
    assert entry(plan, "band-squat") is None and left_out(plan, "band-squat").kind == "pause"
    back = entry(plan_week(program(), logs, week(2)), "band-squat")
    assert (back.exercise_id, back.aim) == ("band-box-squat-parallel", 10) and "pain 3/10" in back.why


def test_recurring_pain_stops_with_advice_until_a_pain_free_session() -> None:
    logs = (session("band-box-squat-parallel", week(1), BOTH, 14, pain=3) +
            session("band-box-squat-parallel", week(2), BOTH, 12, pain=2))
    plan = plan_week(program(), logs, week(3))
    stopped = left_out(plan, "band-squat")
    assert stopped.kind == "pain" and stopped.returns is None
    assert "pain came back" in stopped.why and "physiotherapist" in stopped.why
    assert left_out(plan_week(program(), logs, week(8)), "band-squat").kind == "pain"  # stays stopped
    logs += session("band-box-squat-parallel", week(8), BOTH, 12)  # after clearance
    assert entry(plan_week(program(), logs, week(9)), "band-squat") is not None


def test_high_pain_stops_at_once() -> None:
    logs = session("balance-bodyweight", week(1), EACH, 15, pain=5)
    stopped = left_out(plan_week(program(), logs, week(2)), "balance")
    assert stopped.kind == "pain" and "pain 5/10" in stopped.why and "physiotherapist" in stopped.why


def test_pain_two_weeks_apart_is_not_recurring() -> None:
    logs = (session("band-box-squat-parallel", week(1), BOTH, 14, pain=2) +
            session("band-box-squat-parallel", week(3), BOTH, 14, pain=2))
    assert left_out(plan_week(program(), logs, week(3) + timedelta(days=1)), "band-squat").kind == "pause"


def test_a_set_logged_as_discomfort_must_say_yes_or_no() -> None:
    with pytest.raises(LogError, match="discomfort"):
        SetLog("roll-adductors", START, "left", "seconds", 30, 30, 3, 2, False, discomfort="yes")  # type: ignore[arg-type]
