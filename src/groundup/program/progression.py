"""Week-by-week progression: the plan for a week from the programme and its logged sets.

Each prescribed track is replayed through its sessions, oldest first (numbers from
catalogue.toml ``[rules]``; "accomplished" and "easy" are defined in ``logs.py``):
- **advance**: a session of the current level that is accomplished moves the track to the next
  level; the last level accomplished marks the track completed (kept weekly at that level);
- **hold**: a session that is not accomplished keeps the level;
- **aim**: the week's aim starts at the bottom of the range and rises one dose step for each full
  week at the level, never less than a step above the weakest side's best and never above the top
  (the mastery target, which the page names as the goal);
- **pain** (the source article: a progression that causes pain is where you stop; rolling or
  stretching discomfort logged as such is not pain below ``pain_high``):
  - pain at a level with an easier one below **steps back** to that level, aimed at the top of
    its range; one session of it there moves the track up again;
  - pain with nothing easier below (first level, release, lengthening) **pauses** the exercise
    for ``pain_pause_days`` (7); it then returns at the bottom of its range;
  - pain of ``pain_high`` (5) or more, or pain in ``pain_recur_count`` (2) sessions of one
    exercise within ``pain_recur_days`` (14), **stops** it with the advice to see a
    professional; a later pain-free session of it (after clearance) resumes it;
- **easy, left out**: a completed track whose last session, in the 7 days before the week,
  was easy is left out for that week so the work goes to what is still hard; it returns the
  week after (release and lengthening are never left out);
- **overdue**: an exercise with no log in the 7 days before the week (14 when it was left out
  as easy) is flagged: train at least weekly;
- **maintenance**: once a re-test shows the findings the programme came from are gone
  (``retest.py``), the activation tracks stay at their current level at the low end of the dose,
  as activation before the main lifts.
- **re-test due**: first from the prescription (expected mastery within 4-6 weeks); then
  ``retest_weeks`` (4) after the last re-test (6 in maintenance);
  sooner, ``retest_after_completion_days`` (7) after every activation track is completed.
Only logs from the programme's start to the day before ``week_start`` count, and pain: a session
with pain logged during the week changes that week's plan at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from groundup.program.assessment import Citation
from groundup.program.catalogue import Catalogue, Dose, Exercise, ProgramRules, load_catalogue
from groundup.program.logs import SessionResult, SetLog, check_against, felt_pain, judge_session, sessions
from groundup.program.prescribe import Prescription, ProgramEntry, sides_for
from groundup.program.retest import RetestOutcome

__all__ = ["LeftOut", "SetLog", "TrackState", "WeekEntry", "WeekPlan", "plan_week", "track_state"]

PAIN_ADVICE = ("Have a physiotherapist or doctor look at it before you do it again; a pain-free session "
               "logged after that brings it back.")


@dataclass(frozen=True)
class TrackState:
    """Where one prescribed item stands after replaying its logs."""

    exercise: Exercise  # the current level
    last: SessionResult | None  # latest session of the current level
    last_logged: date | None  # latest log of any level of the track
    advanced_from: SessionResult | None  # the session that unlocked the current level
    stopped: SessionResult | None  # the pain session that stopped the current level
    completed_on: date | None  # the day the last level was first accomplished
    paused: SessionResult | None = None  # pain with nothing easier below: the session that paused it
    stepped_back: SessionResult | None = None  # pain one level up: the session that stepped back here
    level_since: date | None = None  # the first day at the current level (None: the programme's start)


@dataclass(frozen=True)
class WeekEntry:
    """One exercise in the week's plan: the target and why it is there."""

    order: int
    exercise_id: str
    name: str
    track: str
    level: int
    levels: int  # how many levels the track has
    phase: str
    sides: tuple[str, ...]
    dose: Dose
    aim: int  # reps or seconds to aim for this week, per side (per hold for seconds_per_rep)
    unit: str
    why: str  # where the track stands: start / advanced / hold / completed / maintenance
    reason: str  # why it is in the programme at all
    cites: tuple[Citation, ...]
    overdue: bool
    last_logged: date | None


@dataclass(frozen=True)
class LeftOut:
    """An exercise of the programme that is not in this week's plan, and why."""

    exercise_id: str
    name: str
    track: str
    kind: str  # pain | pause | easy | maintenance
    why: str
    returns: date | None  # the week it comes back, when known


@dataclass(frozen=True)
class WeekPlan:
    """The plan for one week."""

    week_start: date
    week_end: date
    mode: str  # corrective | optional | maintenance | refer | refilm | arms_down
    placement: str
    entries: tuple[WeekEntry, ...]
    left_out: tuple[LeftOut, ...]
    retest_due: date | None
    retest_is_due: bool  # due on or before the week's last day
    notes: tuple[str, ...]


def _slot_ids(entry: ProgramEntry, cat: Catalogue) -> set[str]:
    if cat.track(entry.track).progressive:
        return {ex.id for ex in cat.in_track(entry.track)}
    return {entry.exercise_id}


@dataclass
class _Pain:
    """Pain seen so far while replaying one track: per exercise, the days it hurt and what it led to."""

    days: dict[str, list[date]] = field(default_factory=dict)
    stopped: dict[str, SessionResult] = field(default_factory=dict)
    paused: dict[str, SessionResult] = field(default_factory=dict)

    def record(self, result: SessionResult, rules: ProgramRules) -> str:
        """'' without pain; else 'stop' (high or recurring pain) or 'back' (step back or pause)."""
        eid = result.exercise_id
        if result.pain <= rules.stop_pain_above:
            self.stopped.pop(eid, None)
            self.paused.pop(eid, None)
            return ""
        days = self.days.setdefault(eid, [])
        days.append(result.day)
        recent = [d for d in days if (result.day - d).days < rules.pain_recur_days]
        if result.pain >= rules.pain_high or len(recent) >= rules.pain_recur_count:
            self.stopped[eid] = result
            return "stop"
        return "back"


def track_state(entry: ProgramEntry, logs: list[SetLog], cat: Catalogue, affected: str | None) -> TrackState:
    """Replay one item's sessions, oldest first: advance, hold, step back or pause or stop on pain, complete."""
    rules = cat.rules
    current = cat.exercise(entry.exercise_id)
    pain = _Pain()
    last = advanced_from = stepped_back = None
    last_logged = completed_on = level_since = None
    for eid, day, sets in sessions([s for s in logs if s.exercise_id in _slot_ids(entry, cat)]):
        ex = cat.exercise(eid)
        result = judge_session(ex, sides_for(ex, affected), sets, rules)
        last_logged = day
        outcome = pain.record(result, rules)
        if eid != current.id:
            continue
        last = result
        if outcome == "back" and current.easier:
            stepped_back, current, last, advanced_from = result, cat.exercise(current.easier), None, None
            level_since = day + timedelta(days=1)
        elif outcome == "back":
            pain.paused[eid] = result
        elif result.accomplished and current.harder:
            advanced_from, current, last, stepped_back = result, cat.exercise(current.harder), None, None
            level_since = day + timedelta(days=1)
        elif result.accomplished and completed_on is None and cat.track(entry.track).progressive:
            completed_on = day
    return TrackState(current, last, last_logged, advanced_from, pain.stopped.get(current.id), completed_on,
                      pain.paused.get(current.id), stepped_back, level_since)


def _aim(state: TrackState, start: date, week_start: date) -> int:
    """The week's aim: up one step for each full week at the level, never below a step above the weakest best."""
    dose, last = state.exercise.dose, state.last
    if state.stepped_back is not None and last is None:
        return dose.high  # the level below was mastered: one session of it at the top moves up again
    if state.paused is not None:
        return dose.low
    weeks = max(0, (week_start - (state.level_since or start)).days // 7)
    scheduled = dose.low + dose.step * weeks
    reached = dose.high if last is not None and last.accomplished else last.lowest_best + dose.step if last else 0
    return min(dose.high, max(scheduled, reached))


def _why(state: TrackState, levels: int, progressive: bool) -> str:
    ex, last = state.exercise, state.last
    if state.paused is not None:
        p = state.paused
        return (f"Back after a pause: pain {p.pain}/10 on {p.day}. Start at the bottom of the range and stop "
                "the set if it hurts again.")
    if state.stepped_back is not None and last is None:
        b = state.stepped_back
        return (f"Stepped back to level {ex.level} of {levels}: level {ex.level + 1} caused pain {b.pain}/10 "
                f"on {b.day}. Work here, pain-free, at the top of the range; then try the next level again.")
    if not progressive:
        return "Kept every week; release and lengthening are not progressed."
    if state.completed_on:
        return (f"Track completed on {state.completed_on} (level {ex.level} of {levels}); "
                "keep it weekly until the re-test.")
    if last is not None:
        short = "; ".join(last.shortfalls)
        return f"Hold at level {ex.level} of {levels}: the session on {last.day} fell short ({short})."
    if state.advanced_from is not None:
        a = state.advanced_from
        return f"Advanced to level {ex.level} of {levels}: level {ex.level - 1} accomplished on {a.day}."
    return f"Start at level {ex.level} of {levels}."


def _left_out_easy(state: TrackState, week_start: date, weeks_back: int = 1) -> bool:
    """The completed track's last session was easy and fell in the week ``weeks_back`` before."""
    last = state.last
    if not (state.completed_on and last and last.easy):
        return False
    days = (week_start - last.day).days
    return (weeks_back - 1) * 7 < days <= weeks_back * 7


def _overdue(state: TrackState, start: date, week_start: date, rules: ProgramRules) -> bool:
    window = rules.overdue_after_days + (7 if _left_out_easy(state, week_start, 2) else 0)
    since = week_start - timedelta(days=window)
    return since >= start and (state.last_logged is None or state.last_logged < since)


def _entry(order: int, entry: ProgramEntry, state: TrackState, cat: Catalogue, program: Prescription,
           week_start: date, maintenance: bool) -> WeekEntry:
    ex = state.exercise
    levels = len(cat.in_track(ex.track))
    progressive = cat.track(ex.track).progressive
    why = (f"Maintenance at level {ex.level} of {levels}: a short activation set before your main lifts."
           if maintenance else _why(state, levels, progressive))
    aim = ex.dose.low if maintenance else _aim(state, program.start, week_start)
    return WeekEntry(order, ex.id, ex.name, ex.track, ex.level, levels, entry.phase,
                     sides_for(ex, program.affected_side), ex.dose, aim, ex.dose.unit, why, entry.reason,
                     entry.cites, state.paused is None and _overdue(state, program.start, week_start, cat.rules),
                     state.last_logged)


def _left_out_pain(state: TrackState, week_start: date, rules: ProgramRules) -> LeftOut | None:
    ex = state.exercise
    if state.stopped is not None:
        s = state.stopped
        why = (f"pain {s.pain}/10 on {s.day}" if s.pain >= rules.pain_high
               else f"pain came back (again on {s.day}, within {rules.pain_recur_days} days)")
        return LeftOut(ex.id, ex.name, ex.track, "pain", f"Stopped: {why}. {PAIN_ADVICE}", None)
    if state.paused is not None:
        back = state.paused.day + timedelta(days=rules.pain_pause_days)
        if back > week_start:
            return LeftOut(ex.id, ex.name, ex.track, "pause",
                           f"Paused: pain {state.paused.pain}/10 on {state.paused.day}. It comes back at the "
                           "bottom of its range.", back)
    return None


def _left_out(state: TrackState, week_start: date, maintenance: bool, phase: str,
              rules: ProgramRules) -> LeftOut | None:
    ex = state.exercise
    pained = _left_out_pain(state, week_start, rules)
    if pained is not None:
        return pained
    if maintenance and phase != "activate":
        return LeftOut(ex.id, ex.name, ex.track, "maintenance",
                       "Optional in maintenance: keep it if it helps you move well.", None)
    last = state.last
    if not maintenance and last is not None and _left_out_easy(state, week_start):
        return LeftOut(ex.id, ex.name, ex.track, "easy",
                       f"Logged as easy on {last.day} (difficulty {last.hardest}/10): left out this "
                       "week so the work goes to what is still hard. It returns next week.",
                       week_start + timedelta(days=7))
    return None


def next_retest(program: Prescription, states: list[tuple[ProgramEntry, TrackState]],
                retest: RetestOutcome | None, rules: ProgramRules) -> date | None:
    """When the squat should be filmed again (rules in the module docstring)."""
    if program.retest_due is None:
        return None
    since = program.start
    due = program.retest_due
    if retest is not None:
        since = retest.after_date or program.retest_due
        weeks = rules.maintenance_retest_weeks if retest.real_improvement else rules.retest_weeks
        due = since + timedelta(weeks=weeks)
    activation = [s for e, s in states if e.phase == "activate"]
    done = [s.completed_on for s in activation if s.completed_on is not None]
    if activation and len(done) == len(activation) and max(done) >= since:
        due = min(due, max(done) + timedelta(days=rules.retest_after_completion_days))
    return due


def _notes(entries: tuple[WeekEntry, ...], retest: RetestOutcome | None, program: Prescription) -> tuple[str, ...]:
    notes = ([f"This program rests on {program.based_on}."] if program.based_on else []) + list(program.notes)
    late = [e.name for e in entries if e.overdue]
    if late:
        notes.append(f"Not logged for over a week: {', '.join(late)}. Train these at least once a week.")
    if retest is not None:
        notes.append(retest.summary)
        notes.extend(c.explanation for c in retest.sides)
        notes.extend(retest.ankles)
    return tuple(notes)


def _mode(program: Prescription, retest: RetestOutcome | None) -> str:
    if program.status in ("refer", "refilm", "arms_down"):
        return program.status
    if retest is not None and retest.real_improvement:
        return "maintenance"
    return "optional" if program.optional else "corrective"


def _counted(logs: list[SetLog], program: Prescription, week_start: date, week_end: date,
             cat: Catalogue) -> list[SetLog]:
    """The programme's logs before the week, and the sessions with pain logged during it."""
    allowed = set(program.exercise_ids(cat))
    ours = [s for s in logs if s.exercise_id in allowed and program.start <= s.day <= week_end]
    hurt = {(s.exercise_id, s.day) for s in ours if felt_pain(s, cat.rules) > cat.rules.stop_pain_above}
    return [s for s in ours if s.day < week_start or (s.exercise_id, s.day) in hurt]


def plan_week(program: Prescription, logs: list[SetLog], week_start: date, retest: RetestOutcome | None = None,
              *, catalogue: Catalogue | None = None) -> WeekPlan:
    """The plan for the 7 days from ``week_start``, from the programme, its logs and the latest re-test.

    Logs outside the programme (other exercises, days before its start) are ignored; a log of a
    programme exercise in the wrong unit raises ``LogError``.
    """
    cat = catalogue or load_catalogue()
    mode = _mode(program, retest)
    week_end = week_start + timedelta(days=6)
    if mode in ("refer", "refilm", "arms_down"):
        return WeekPlan(week_start, week_end, mode, program.placement, (), (), None, False, (program.message,))
    counted = _counted(logs, program, week_start, week_end, cat)
    for s in counted:
        check_against(s, cat)
    states = [(e, track_state(e, counted, cat, program.affected_side)) for e in program.entries]
    maintenance = mode == "maintenance"
    entries: list[WeekEntry] = []
    left_out: list[LeftOut] = []
    for entry, state in states:
        skipped = _left_out(state, week_start, maintenance, entry.phase, cat.rules)
        if skipped is not None:
            left_out.append(skipped)
        else:
            entries.append(_entry(len(entries) + 1, entry, state, cat, program, week_start, maintenance))
    due = next_retest(program, states, retest, cat.rules)
    return WeekPlan(week_start, week_end, mode, program.placement, tuple(entries), tuple(left_out), due,
                    due is not None and due <= week_end, _notes(tuple(entries), retest, program))
