"""Scenario tests: several weeks of logs, one rule at a time."""

from datetime import date, timedelta

from program_results import NEUTRAL, VALGUS, ankle, knee, result, session

from groundup.program.prescribe import prescribe
from groundup.program.progression import plan_week
from groundup.program.retest import compare_assessments

START = date(2024, 3, 4)  # a Monday
EACH, BOTH = ("left", "right"), ("both",)
BALANCE = ["balance-bodyweight", "balance-foam-pad", "balance-contralateral-weight", "balance-band"]


def week(n: int) -> date:
    return START + timedelta(weeks=n - 1)


def both_sides():
    return prescribe(result(knee("valgus", VALGUS), knee("valgus", VALGUS)), today=START)


def one_side():
    return prescribe(result(knee("valgus", VALGUS), knee("neutral", NEUTRAL)), today=START)


def ankle_only():
    r = result(knee("neutral", NEUTRAL), knee("neutral", NEUTRAL), None, ankle("eversion", 0.08))
    return prescribe(r, today=START)


def entry(plan, track):
    return next((e for e in plan.entries if e.track == track), None)


def left_out(plan, track):
    return next((x for x in plan.left_out if x.track == track), None)


def test_first_week_starts_every_track_at_level_one_in_warm_up_order() -> None:
    plan = plan_week(both_sides(), [], week(1))
    assert plan.mode == "corrective" and plan.left_out == ()
    assert [e.phase for e in plan.entries] == ["release"] * 2 + ["lengthen"] * 2 + ["activate"] * 2
    balance = entry(plan, "balance")
    assert (balance.exercise_id, balance.level, balance.levels, balance.aim) == ("balance-bodyweight", 1, 4, 10)
    assert balance.why.startswith("Start at level 1") and balance.cites
    assert not any(e.overdue for e in plan.entries)
    assert plan.retest_due == START + timedelta(weeks=6) and not plan.retest_is_due


def test_hold_when_short_then_advance_when_accomplished() -> None:
    program = both_sides()
    logs = (session("balance-bodyweight", week(1), ("left",)) +
            session("balance-bodyweight", week(1), ("right",), 14) +
            session("band-box-squat-parallel", week(1) + timedelta(days=2), BOTH, collapse=True))
    plan2 = plan_week(program, logs, week(2))
    balance, squat = entry(plan2, "balance"), entry(plan2, "band-squat")
    assert balance.exercise_id == "balance-bodyweight" and balance.why.startswith("Hold at level 1")
    assert "right reached 14 of 20" in balance.why and balance.aim == 19  # weakest side + 5 s step
    assert squat.exercise_id == "band-box-squat-parallel" and "collapse seen" in squat.why
    logs += session("balance-bodyweight", week(2), EACH, difficulty=6)
    logs += session("band-box-squat-parallel", week(2), BOTH, difficulty=9)
    plan3 = plan_week(program, logs, week(3))
    balance, squat = entry(plan3, "balance"), entry(plan3, "band-squat")
    assert (balance.exercise_id, balance.level, balance.aim) == ("balance-foam-pad", 2, 10)
    assert balance.why.startswith("Advanced to level 2") and str(week(2)) in balance.why
    assert squat.exercise_id == "band-box-squat-parallel" and "difficulty 9/10" in squat.why
    logs += session("band-box-squat-parallel", week(3), BOTH, difficulty=6)
    assert entry(plan_week(program, logs, week(4)), "band-squat").exercise_id == "band-box-squat-low"


def test_logs_after_the_week_started_do_not_change_its_plan() -> None:
    logs = session("balance-bodyweight", week(2) + timedelta(days=1), EACH)
    assert entry(plan_week(both_sides(), logs, week(2)), "balance").exercise_id == "balance-bodyweight"


def test_easy_completed_exercise_is_left_out_next_week_and_returns_after() -> None:
    program = ankle_only()
    logs = [s for i, eid in enumerate(BALANCE) for s in
            session(eid, week(i + 1), EACH, difficulty=2 if i == 3 else 5)]
    plan5 = plan_week(program, logs, week(5))
    assert entry(plan5, "balance") is None
    skipped = left_out(plan5, "balance")
    assert skipped.kind == "easy" and skipped.exercise_id == "balance-band" and skipped.returns == week(6)
    assert "still hard" in skipped.why
    plan6 = plan_week(program, logs, week(6))
    back = entry(plan6, "balance")
    assert back.exercise_id == "balance-band" and "completed" in back.why and not back.overdue
    assert entry(plan_week(program, logs, week(7)), "balance").overdue  # skipped a week, then missed one


def test_easy_level_that_is_not_the_last_advances_instead_of_dropping_out() -> None:
    logs = session("balance-bodyweight", week(1), EACH, difficulty=2)
    plan = plan_week(ankle_only(), logs, week(2))
    assert entry(plan, "balance").exercise_id == "balance-foam-pad" and plan.left_out == ()


def test_overdue_after_more_than_seven_days_without_a_log() -> None:
    program = both_sides()
    assert all(e.overdue for e in plan_week(program, [], week(2)).entries)  # a whole week with no log
    logs = session("roll-adductors", START, EACH)
    on_time = plan_week(program, logs, START + timedelta(days=7))
    late = plan_week(program, logs, START + timedelta(days=8))
    assert not entry(on_time, "release").overdue and entry(on_time, "release").last_logged == START
    roll = next(e for e in late.entries if e.exercise_id == "roll-adductors")
    assert roll.overdue and any("at least once a week" in n for n in late.notes)


def test_single_side_track_is_for_the_affected_leg_only() -> None:
    program = one_side()
    plan = plan_week(program, [], week(1))
    single = entry(plan, "single-side")
    assert single.sides == ("left",) and single.dose.kind == "seconds_per_rep" and single.aim == 15
    logs = session("single-half-kneeling", week(1), ("left",))
    assert entry(plan_week(program, logs, week(2)), "single-side").exercise_id == "single-box-squat"
    assert entry(plan_week(both_sides(), [], week(1)), "single-side") is None


def test_completing_every_track_brings_the_retest_forward() -> None:
    logs = [s for i, eid in enumerate(BALANCE) for s in session(eid, START + timedelta(days=i), EACH)]
    plan = plan_week(ankle_only(), logs, week(2))
    assert plan.retest_due == START + timedelta(days=3 + 7)
    assert plan.retest_is_due


def test_real_improvement_switches_to_maintenance() -> None:
    program = both_sides()
    before = result(knee("valgus", VALGUS), knee("valgus", VALGUS), created="2024-03-04T09:00:00+00:00")
    better = (0.06, 0.08, 0.07, 0.05, 0.07)
    after = result(knee("neutral", better), knee("neutral", better), created="2024-04-01T09:00:00+00:00")
    logs = [s for i, eid in enumerate(BALANCE[:2]) for s in session(eid, week(i + 1), EACH)]
    retest = compare_assessments(before, after)
    assert retest.real_improvement
    plan = plan_week(program, logs, week(5), retest)
    assert plan.mode == "maintenance"
    assert [e.phase for e in plan.entries] == ["activate", "activate"]
    balance = entry(plan, "balance")
    assert balance.exercise_id == "balance-contralateral-weight" and balance.aim == balance.dose.low
    assert "before your main lifts" in balance.why
    assert {x.kind for x in plan.left_out} == {"maintenance"}
    assert plan.retest_due == date(2024, 4, 1) + timedelta(weeks=6)


def test_no_real_change_keeps_the_corrective_programme() -> None:
    before = result(knee("valgus", VALGUS), knee("valgus", VALGUS), created="2024-03-04T09:00:00+00:00")
    after = result(knee("valgus", (0.31, 0.33, 0.32)), knee("valgus", VALGUS), created="2024-04-01T09:00:00+00:00")
    retest = compare_assessments(before, after)
    plan = plan_week(both_sides(), [], week(5), retest)
    assert not retest.real_improvement and plan.mode == "corrective"
    assert plan.retest_due == date(2024, 4, 1) + timedelta(weeks=4)
    assert any("measurement error" in n for n in plan.notes)


def test_refer_and_refilm_programmes_plan_nothing() -> None:
    refer = prescribe(result(knee("valgus", VALGUS), knee("valgus", VALGUS)), True, today=START)
    plan = plan_week(refer, [], week(1))
    assert plan.mode == "refer" and plan.entries == () and "physiotherapist" in plan.notes[0]
    refilm = prescribe(result(knee("insufficient", ()), knee("valgus", VALGUS)), today=START)
    assert plan_week(refilm, [], week(1)).mode == "refilm"


def test_nothing_found_plan_is_optional() -> None:
    program = prescribe(result(knee("neutral", NEUTRAL), knee("neutral", NEUTRAL)), today=START)
    plan = plan_week(program, [], week(1))
    assert plan.mode == "optional" and [e.track for e in plan.entries] == ["balance", "band-squat"]
