"""The coaching loop's orchestration: store <-> program logic. No maths, no rules here.

An assessment stored for a person either starts a program (from its findings) or,
when a program is running, counts as its re-test: a real improvement switches the
program to maintenance, otherwise the program goes on. The program's details are
re-derived from the assessment it came from (``prescribe`` is deterministic), and
its levels from the logged sets (``plan_week`` replays them).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy.orm import Session

from groundup.output import atomic_folder, write_json
from groundup.program import (
    Prescription,
    RetestOutcome,
    SetLog,
    WeekPlan,
    check_against,
    compare_assessments,
    felt_pain,
    load_catalogue,
    plan_week,
    prescribe,
)
from groundup.program.prescribe import arms_down_advice, sides_for
from groundup.render.progress_plot import ProgressPoint
from groundup.store import repo
from groundup.store.db import Store
from groundup.store.errors import StoreError
from groundup.store.export import export_rows
from groundup.store.records import AssessmentRecord, PersonRecord, ProgramEntryRecord, ProgramRecord, SetLogRecord

STATUS_OF = {"program": "corrective", "none_found": "none", "refer": "stopped"}  # 'refilm' stores no program


@dataclass(frozen=True)
class ProgramView:
    """A person's current program as the program logic sees it."""

    person: PersonRecord
    record: ProgramRecord
    base: AssessmentRecord  # the assessment the program was prescribed from
    latest: AssessmentRecord
    prescription: Prescription
    retest: RetestOutcome | None  # base vs latest, once a re-test exists


@dataclass(frozen=True)
class AssessmentUpdate:
    """What storing an assessment did to the person's program."""

    assessment: AssessmentRecord
    prescription: Prescription | None  # a new program, or None when the running one goes on
    retest: RetestOutcome | None
    message: str


def _entries(p: Prescription) -> list[ProgramEntryRecord]:
    """Store rows for every exercise that may be logged: prescribed levels active, later levels not."""
    cat = load_catalogue()
    prescribed = {e.exercise_id: e for e in p.entries}
    rows = []
    for ex_id in dict.fromkeys(p.exercise_ids(cat)):
        ex = cat.exercise(ex_id)
        given = prescribed.get(ex_id)
        sides = given.sides if given else sides_for(ex, p.affected_side)
        rows.append(ProgramEntryRecord(ex.id, ex.track, ex.level, sides[0] if len(sides) == 1 else "both", ex.dose.unit,
                                 ex.dose.low, ex.dose.high, given.reason if given else "", given is not None))
    return rows


def _prescription_of(base: AssessmentRecord, record: ProgramRecord) -> Prescription:
    return prescribe(base.summary, pain_reported=record.status == "stopped", today=base.created_at.date())


def store_assessment(store: Store, name: str, result: dict, folder: str, *,
                     pain_reported: bool = False) -> AssessmentUpdate:
    """Store an assessment for ``name`` and start, continue or switch their program.

    Dates follow the assessment's own timestamp: a program starts the day it was filmed.
    """
    with store.session() as s:
        person = repo.get_person_by_name(s, name)
        current = repo.current_program(s, person)
        stored = repo.add_assessment(s, person, result, folder)
        day = stored.created_at.date()
        handover = arms_down_advice(result)
        if current is not None and current.status in ("corrective", "maintenance") and not pain_reported:
            base = repo.get_assessment(s, person, current.from_assessment_id)
            if handover:
                return AssessmentUpdate(stored, None, None, f"Stored. The program goes on; this clip's knees are not "
                                        f"compared: {handover} Film the arms-down squat to re-test.")
            takes_over = stored.movement == "arms-down-squat" and arms_down_advice(base.summary) is not None
            if not same_screen(base.movement, stored.movement) and not takes_over:
                return AssessmentUpdate(stored, None, None, (
                    f"Stored. The program goes on: a re-test compares the same movement as the one the program "
                    f"came from ({base.movement}), and this clip is a {stored.movement}."))
            if not takes_over:
                return _retest(s, person, current, base, stored, result)
        prescription = prescribe(result, pain_reported=pain_reported, today=day)
        if prescription.status in STATUS_OF:
            repo.save_program(s, person, _entries(prescription), status=STATUS_OF[prescription.status],
                              retest_due=prescription.retest_due, from_assessment=stored)
        return AssessmentUpdate(stored, prescription, None, prescription.message)


def _retest(s: Session, person: PersonRecord, current: ProgramRecord, base: AssessmentRecord,
            stored: AssessmentRecord, result: dict) -> AssessmentUpdate:
    """A re-test of the movement the program came from: maintenance after a real improvement."""
    day = stored.created_at.date()
    outcome = compare_assessments(base.summary, result)
    if outcome.real_improvement and current.status == "corrective":
        repo.save_program(s, person, current.entries, status="maintenance", from_assessment=base,
                          retest_due=day + timedelta(weeks=load_catalogue().rules.maintenance_retest_weeks))
    return AssessmentUpdate(stored, None, outcome, outcome.summary)


def same_screen(a: str | None, b: str | None) -> bool:
    """Whether two assessments measured the same movement (older rows without a movement count as squats)."""
    return (a or "overhead-squat") == (b or "overhead-squat")


def program_view(store: Store, name: str) -> ProgramView:
    """The person's current program, its source assessment and the latest re-test."""
    with store.session() as s:
        person = repo.get_person_by_name(s, name)
        record = repo.current_program(s, person)
        if record is None:
            raise StoreError(f"{person.name} has no program yet: run 'groundup assess VIDEO --person {person.name}'.")
        base = repo.get_assessment(s, person, record.from_assessment_id)
        latest = next(a for a in repo.latest_assessments(s, person, n=10_000) if same_screen(a.movement, base.movement))
    retest = compare_assessments(base.summary, latest.summary) if latest.id != base.id else None
    return ProgramView(person, record, base, latest, _prescription_of(base, record), retest)


def week_number(start: date, day: date) -> int:
    """1 for the program's first seven days, 2 for the next seven, ..."""
    return max(1, (day - start).days // 7 + 1)


def plan_for_week(store: Store, name: str, week: int | None = None,
                  today: date | None = None) -> tuple[WeekPlan, int, ProgramView]:
    """The plan of week ``week`` (default: the week ``today`` falls in) and its number."""
    view = program_view(store, name)
    start = view.prescription.start
    week = week or week_number(start, today or date.today())
    logs = logged_sets(store, name)
    return plan_week(view.prescription, logs, start + timedelta(weeks=week - 1), view.retest), week, view


def logged_sets(store: Store, name: str) -> list[SetLog]:
    """Every set the person logged, as the program logic reads them."""
    with store.session() as s:
        stored = repo.logs_for(s, repo.get_person_by_name(s, name))
    return [SetLog(r.exercise_id, r.date, r.side, r.target_kind, r.target_value or 0, r.actual_value, r.difficulty,
                   r.pain, r.collapse, r.band, r.notes or "", r.discomfort, r.hands_free)
            for r in stored if r.date is not None]  # stored: dated


def log_set(store: Store, name: str, log: SetLog) -> None:
    """Check one set against the program and store it in that day's session."""
    view = program_view(store, name)
    check_against(log, load_catalogue(), allowed=view.prescription.exercise_ids())
    with store.session() as s:
        person = repo.get_person_by_name(s, name)
        session = repo.add_session(s, person, log.day)
        repo.add_set_log(s, session, SetLogRecord(log.exercise_id, log.side, log.unit, log.actual, log.difficulty,
                                                  log.pain, target_value=log.target, band=log.band,
                                                  collapse=log.collapse, notes=log.notes or None,
                                                  discomfort=log.discomfort, hands_free=log.hands_free))


def after_pain(store: Store, name: str, log: SetLog) -> str:
    """What a painful set leads to (step back, pause, stop), in the plan's words; '' when it does not count as pain."""
    cat = load_catalogue()
    if felt_pain(log, cat.rules) <= cat.rules.stop_pain_above:
        return ""
    view = program_view(store, name)
    plan = plan_week(view.prescription, logged_sets(store, name), log.day + timedelta(days=1), view.retest)
    track = cat.exercise(log.exercise_id).track
    said = [x.why + (f" Back on {x.returns}." if x.returns else "") for x in plan.left_out if x.track == track]
    said += [e.why for e in plan.entries if e.track == track]
    return next(iter(said), "")


def assessment_history(store: Store, name: str, movement: str | None = None) -> list[AssessmentRecord]:
    """The person's assessments, oldest first; only those of ``movement`` when given."""
    with store.session() as s:
        rows = list(reversed(repo.latest_assessments(s, repo.get_person_by_name(s, name), n=10_000)))
    return [a for a in rows if movement is None or same_screen(a.movement, movement)]


def progress_history(store: Store, name: str) -> list[AssessmentRecord]:
    """The assessments a progress view compares: those of the movement the program came from
    (else of the first assessment's movement), oldest first."""
    everything = assessment_history(store, name)
    with store.session() as s:
        person = repo.get_person_by_name(s, name)
        program = repo.current_program(s, person)
        source = program.from_assessment_id if program else None
        base = repo.get_assessment(s, person, source) if source else None
    movement = base.movement if base else everything[0].movement if everything else None
    return [a for a in everything if same_screen(a.movement, movement)]


def progress_points(history: list[AssessmentRecord]) -> tuple[list[ProgressPoint], list[tuple[str, ...]]]:
    """Each assessment's knee value per side against the first one, for the plot and the table."""
    first = history[0]
    points: list[ProgressPoint] = []
    rows: list[tuple[str, ...]] = []
    for a in history:
        outcome = compare_assessments(first.summary, a.summary) if a.id != first.id else None
        for side in ("left", "right"):
            value = getattr(a, side).value
            change = outcome.side(side) if outcome else None
            verdict = change.verdict if change else "baseline"
            mdc = change.mdc if change else None
            points.append(ProgressPoint(a.created_at, side, value, mdc, verdict))
            rows.append((f"{a.created_at:%Y-%m-%d}", side, _num(value), _num(change.change if change else None, "+"),
                         verdict, _num(mdc)))
    return points, rows


def _num(value: float | None, sign: str = "") -> str:
    return "-" if value is None else f"{value:{sign}.3f}"


def export_person(store: Store, name: str, out: Path) -> None:
    """Write assessments.csv, set_logs.csv and export.json for ``name`` into the folder ``out``."""
    with store.session() as s:
        tables = export_rows(s, repo.get_person_by_name(s, name))
    with atomic_folder(Path(out), marker="export.json") as tmp:
        for table, rows in tables.items():
            _write_csv(tmp / f"{table}.csv", rows)
        write_json(tmp / "export.json", {"person": name, **tables})


def _write_csv(path: Path, rows: list[dict]) -> None:
    columns = list(dict.fromkeys(k for row in rows for k in row))
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)
