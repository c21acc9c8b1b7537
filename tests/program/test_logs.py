from datetime import date

import pytest
from program_results import session

from groundup.errors import GroundupError
from groundup.program.catalogue import load_catalogue
from groundup.program.errors import LogError
from groundup.program.logs import SetLog, check_against, judge_session

CAT = load_catalogue()
DAY = date(2024, 3, 5)
BALANCE = CAT.exercise("balance-bodyweight")
EACH = ("left", "right")


def a_set(**changes) -> SetLog:
    fields = {"exercise_id": "band-squat", "day": DAY, "side": "both", "unit": "reps", "target": 20, "actual": 20,
              "difficulty": 5, "pain": 0, "collapse": False}
    return SetLog(**{**fields, **changes})


@pytest.mark.parametrize("changes,words", [
    ({"actual": -3}, "actual"), ({"pain": 11}, "pain"), ({"difficulty": 0}, "difficulty"),
    ({"difficulty": 11}, "difficulty"), ({"target": 0}, "target"), ({"side": "middle"}, "side"),
    ({"unit": "kg"}, "unit"), ({"actual": 2.5}, "actual"), ({"pain": True}, "pain"), ({"exercise_id": ""}, "exercise"),
    ({"collapse": "no"}, "collapse"), ({"actual": 10_000}, "actual"), ({"day": "2024-03-05"}, "day"),
])
def test_impossible_values_are_refused(changes: dict, words: str) -> None:
    with pytest.raises(LogError, match=words) as caught:
        a_set(**changes)
    assert isinstance(caught.value, GroundupError)


def test_set_checked_against_catalogue_and_programme() -> None:
    check_against(a_set(), CAT)
    with pytest.raises(LogError, match="not an exercise"):
        check_against(a_set(exercise_id="bench-press"), CAT)
    with pytest.raises(LogError, match="not part of this programme"):
        check_against(a_set(), CAT, allowed=("balance-bodyweight",))
    with pytest.raises(LogError, match="seconds"):
        check_against(a_set(unit="seconds"), CAT)


def judge(sets):
    return judge_session(BALANCE, EACH, sets, CAT.rules)


def test_accomplished_needs_the_top_on_every_side_clean_and_pain_free() -> None:
    assert judge(session("balance-bodyweight", DAY, EACH, difficulty=7)).accomplished
    assert judge(session("balance-bodyweight", DAY, ("both",))).accomplished  # 'both' counts for each leg
    one_leg = judge(session("balance-bodyweight", DAY, ("left",)))
    assert not one_leg.accomplished and "right reached 0 of 20 seconds" in one_leg.shortfalls
    short = judge(session("balance-bodyweight", DAY, ("left",)) + session("balance-bodyweight", DAY, ("right",), 15))
    assert not short.accomplished and short.lowest_best == 15
    assert not judge(session("balance-bodyweight", DAY, EACH, collapse=True)).accomplished
    assert not judge(session("balance-bodyweight", DAY, EACH, difficulty=8)).accomplished
    assert not judge(session("balance-bodyweight", DAY, EACH, pain=1)).accomplished


def test_easy_is_accomplished_at_difficulty_three_or_less() -> None:
    assert judge(session("balance-bodyweight", DAY, EACH, difficulty=3)).easy
    assert not judge(session("balance-bodyweight", DAY, EACH, difficulty=4)).easy
    assert not judge(session("balance-bodyweight", DAY, EACH, 12, difficulty=2)).easy
