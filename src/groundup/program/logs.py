"""Logged sets, and what one session of an exercise shows.

A session is every set of one exercise logged on one day. It is **accomplished** when
(thresholds in catalogue.toml ``[rules]``):
1. no set has pain above ``stop_pain_above`` (0). The ordinary ache of rolling or stretching, logged
   as ``discomfort``, is not pain unless it reaches ``pain_high`` (activation work never aches
   that way: a set of it logged as discomfort is refused);
2. every side the exercise is prescribed for reached the top of the dose range in some set
   (a set logged for side 'both' counts for either leg);
3. no set was logged with the knee or ankle seen collapsing;
   and the evidence the level needs was logged: a hands-free hold for the balance levels (the
   source article's last step of each), the band for the band exercises;
4. the hardest set was rated at most ``accomplished_max_difficulty`` (7 of 10).
It is **easy** when accomplished and the hardest set was rated at most ``easy_max_difficulty`` (3).
For seconds-per-rep holds, log the shortest hold of the session as the actual seconds.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from itertools import groupby

from groundup.pose.landmarks import LOG_SIDES
from groundup.program.catalogue import Catalogue, Exercise, ProgramRules
from groundup.program.errors import LogError

UNITS = ("reps", "seconds")
MAX_AMOUNT = {"reps": 500, "seconds": 3600}  # above this a set is a typing error, not training


@dataclass(frozen=True)
class SetLog:
    """One logged set: the target next to what was actually done."""

    exercise_id: str
    day: date
    side: str  # left | right | both
    unit: str  # reps | seconds
    target: int
    actual: int
    difficulty: int  # 1 (trivial) .. 10 (maximal)
    pain: int  # 0 (none) .. 10
    collapse: bool  # the knee or ankle was seen caving in
    band: str | None = None
    notes: str = ""
    discomfort: bool = False  # the pain figure is the ordinary ache of rolling or stretching
    hands_free: bool | None = None  # balance: held without touching support (None: not recorded)

    def __post_init__(self) -> None:
        check_set(self)


def _whole(name: str, value: object, low: int, high: int, log: SetLog) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise LogError(f"Set of '{log.exercise_id}' on {log.day}: {name} must be a whole number "
                       f"from {low} to {high}, got {value!r}.")


def check_set(log: SetLog) -> None:
    """Refuse impossible values with one clear sentence (``LogError``)."""
    if not isinstance(log.exercise_id, str) or not log.exercise_id:
        raise LogError("A logged set needs an exercise id.")
    if not isinstance(log.day, date):
        raise LogError(f"Set of '{log.exercise_id}': day must be a date, got {log.day!r}.")
    if log.side not in LOG_SIDES:
        raise LogError(f"Set of '{log.exercise_id}' on {log.day}: side must be left, right or both, got {log.side!r}.")
    if log.unit not in UNITS:
        raise LogError(f"Set of '{log.exercise_id}' on {log.day}: unit must be reps or seconds, got {log.unit!r}.")
    cap = MAX_AMOUNT[log.unit]
    _whole("target", log.target, 1, cap, log)
    _whole("actual", log.actual, 0, cap, log)
    _whole("difficulty", log.difficulty, 1, 10, log)
    _whole("pain", log.pain, 0, 10, log)
    if not isinstance(log.collapse, bool):
        raise LogError(f"Set of '{log.exercise_id}' on {log.day}: collapse must be yes or no.")
    if not isinstance(log.discomfort, bool):
        raise LogError(f"Set of '{log.exercise_id}' on {log.day}: discomfort must be yes or no.")
    if log.hands_free is not None and not isinstance(log.hands_free, bool):
        raise LogError(f"Set of '{log.exercise_id}' on {log.day}: hands-free must be yes or no.")


def check_against(log: SetLog, catalogue: Catalogue, allowed: tuple[str, ...] | None = None) -> None:
    """Refuse a set for an unknown exercise, one outside ``allowed`` (the programme), or in the wrong unit."""
    if not catalogue.has(log.exercise_id):
        raise LogError(f"'{log.exercise_id}' is not an exercise in the catalogue.")
    if allowed is not None and log.exercise_id not in allowed:
        raise LogError(f"'{log.exercise_id}' is not part of this programme.")
    exercise = catalogue.exercise(log.exercise_id)
    if log.unit != exercise.dose.unit:
        raise LogError(f"'{log.exercise_id}' is logged in {exercise.dose.unit}, not {log.unit}.")
    if log.discomfort and catalogue.track(exercise.track).phase == "activate":
        raise LogError(f"'{log.exercise_id}' is activation work: anything it makes you feel is logged as pain, "
                       "not as the ordinary ache of rolling or stretching.")


def felt_pain(log: SetLog, rules: ProgramRules) -> int:
    """The set's pain as the rules count it: rolling or stretching discomfort below ``pain_high`` is 0."""
    return 0 if log.discomfort and log.pain < rules.pain_high else log.pain


@dataclass(frozen=True)
class SessionResult:
    """What one day's sets of one exercise show."""

    exercise_id: str
    day: date
    accomplished: bool
    easy: bool
    pain: int  # the highest pain of the session
    hardest: int  # the highest difficulty of the session
    best: tuple[tuple[str, int], ...]  # (side, best actual) for each required side
    shortfalls: tuple[str, ...]  # why it is not accomplished, in words

    @property
    def lowest_best(self) -> int:
        return min((v for _, v in self.best), default=0)


def _best(sets: list[SetLog], side: str) -> int:
    return max((s.actual for s in sets if s.side in (side, "both") or side == "both"), default=0)


def judge_session(exercise: Exercise, sides: tuple[str, ...], sets: list[SetLog], rules: ProgramRules) -> SessionResult:
    """Accomplished / easy for one session (the rules in the module docstring)."""
    top, unit = exercise.dose.high, exercise.dose.unit
    pain, hardest = max(felt_pain(s, rules) for s in sets), max(s.difficulty for s in sets)
    best = tuple((side, _best(sets, side)) for side in sides)
    shortfalls = [f"{side} reached {value} of {top} {unit}" for side, value in best if value < top]
    if pain > rules.stop_pain_above:
        shortfalls.insert(0, f"pain {pain}/10")
    if any(s.collapse for s in sets):
        shortfalls.append("collapse seen")
    if exercise.hands_free and not any(s.hands_free for s in sets):
        shortfalls.append("no hands-free hold logged")
    if exercise.band is not None and not any(s.band for s in sets):
        shortfalls.append("no band logged")
    if hardest > rules.accomplished_max_difficulty:
        shortfalls.append(f"difficulty {hardest}/10 is above {rules.accomplished_max_difficulty}")
    done = not shortfalls
    return SessionResult(exercise.id, sets[0].day, done, done and hardest <= rules.easy_max_difficulty,
                         pain, hardest, best, tuple(shortfalls))


def sessions(logs: list[SetLog]) -> list[tuple[str, date, list[SetLog]]]:
    """Logs grouped into (exercise id, day, sets), oldest first."""
    key = lambda s: (s.day, s.exercise_id)  # noqa: E731
    return [(eid, day, list(group)) for (day, eid), group in groupby(sorted(logs, key=key), key=key)]
