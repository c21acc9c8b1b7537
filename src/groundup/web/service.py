"""What a signed-in user can do, shared by the pages and the JSON API.

Every function takes the acting user and reaches people and assessments only through
``store.accounts.visible_*`` (the owner filter is in the query), so someone else's object is
``NotVisible`` (a 404) exactly like one that does not exist. The coaching logic is
``groundup.coach``'s; this module only finds the person and calls it.
"""

from __future__ import annotations

import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import BinaryIO

from sqlalchemy.orm import Session

from groundup import coach
from groundup.program import SetLog, WeekPlan
from groundup.render import plan_page
from groundup.store import accounts, repo
from groundup.store.accounts import NotVisible, UserRecord
from groundup.store.db import Store
from groundup.store.errors import StoreError
from groundup.store.records import AssessmentRecord, PersonRecord, SetLogRecord
from groundup.web.auth import AddressThrottle, check_password_rules, hash_password
from groundup.web.jobs import AnalysisJob, JobQueue, JobStatus
from groundup.web.settings import WebSettings
from groundup.web.uploads import save_upload

ANALYSIS_FILES = {  # what may be fetched from an analysis folder: name -> (media type, download?)
    "annotated.mp4": ("video/mp4", False),
    "worst_rep_left.png": ("image/png", False),
    "worst_rep_right.png": ("image/png", False),
    "measures.png": ("image/png", False),
    "report.html": ("text/html; charset=utf-8", True),
    "frames.csv": ("text/csv; charset=utf-8", True),
    "result.json": ("application/json", True),
}


@dataclass
class SerialStore(Store):
    """A SQLite store whose transactions this process runs one at a time.

    Every SQLite transaction takes the write lock up front (``BEGIN IMMEDIATE``); threads that
    find it taken wait in SQLite's busy handler, which sleeps in growing steps and gives a long
    tail of page latencies. A Python lock hands the connection over at once instead. (Another
    process, the analysis worker, still meets the busy handler; it writes once per analysis.)
    """

    _turn: threading.RLock = field(default_factory=threading.RLock)

    @contextmanager
    def session(self) -> Iterator[Session]:
        with self._turn, super().session() as s:
            yield s


def serial_store(store: Store) -> Store:
    """``store`` with in-process serialised transactions when it is SQLite (PostgreSQL needs none)."""
    if store.engine.dialect.name != "sqlite":
        return store
    return SerialStore(store.url, store.engine, store._sessions)


class Forbidden(Exception):
    """The user is signed in but their role may not do this."""


@dataclass
class WebContext:
    """What every request works with."""

    settings: WebSettings
    store: Store
    jobs: JobQueue
    throttle: AddressThrottle


@dataclass(frozen=True)
class PersonSummary:
    """A person as lists show them."""

    id: int
    name: str
    assessments: int
    latest: AssessmentRecord | None
    program_status: str | None
    account_email: str | None


RECOGNISE = "recognise"  # the form's choice for "let groundup tell which screen it is"


def screens() -> list[tuple[str, str]]:
    """(name, title) of each screen a clip can be analysed as, then the recognise choice."""
    from groundup.screens import SCREENS

    return [(s.name, s.title) for s in SCREENS.values()] + [(RECOGNISE, "Recognise it from the video")]


def movements() -> tuple[str, ...]:
    return tuple(name for name, _ in screens())


def _coach_id_of(user: UserRecord) -> int:
    return user.id if user.role == "coach" else int(user.coach_id or 0)


def display(user: UserRecord, person: PersonRecord) -> str:
    return accounts.display_name(person, _coach_id_of(user))


def _summary(s, user: UserRecord, person: PersonRecord) -> PersonSummary:
    latest = repo.latest_assessments(s, person, n=1)
    count = accounts.count_assessments(s, person) if latest else 0
    program = repo.current_program(s, person)
    account = accounts.athlete_account(s, person)
    return PersonSummary(person.id, display(user, person), count, latest[0] if latest else None,
                         program.status if program else None, account.email if account else None)


def people(ctx: WebContext, user: UserRecord) -> list[PersonSummary]:
    with ctx.store.session() as s:
        return [_summary(s, user, p) for p in accounts.visible_people(s, user)]


def person(ctx: WebContext, user: UserRecord, person_id: int) -> PersonSummary:
    with ctx.store.session() as s:
        return _summary(s, user, accounts.visible_person(s, user, person_id))


def add_person(ctx: WebContext, user: UserRecord, name: str, email: str | None = None,
               password: str | None = None) -> PersonSummary:
    """A coach adds a person, optionally with an athlete account (e-mail and first password)."""
    if user.role != "coach":
        raise Forbidden("Only a coach can add athletes.")
    email, password = (email or "").strip() or None, password or None
    if (email is None) != (password is None):
        raise StoreError("Give both an e-mail address and a first password for the athlete's account, or neither.")
    if password is not None:
        try:
            check_password_rules(password)
        except ValueError as exc:
            raise StoreError(str(exc)) from None
    hashed = hash_password(password) if password is not None else None
    with ctx.store.session() as s:
        if email is not None:
            accounts.normal_email(email)
        added = accounts.add_coached_person(s, user, name)
        if email is not None and hashed is not None:
            try:
                accounts.add_user(s, email, hashed, "athlete", coach=user, person=added)
            except StoreError:  # the same words whoever holds the address: no hint of other accounts
                raise StoreError("That e-mail address cannot be used for the athlete's sign-in; choose another "
                                 "one.") from None
        return _summary(s, user, added)


def assessments(ctx: WebContext, user: UserRecord, person_id: int) -> list[AssessmentRecord]:
    with ctx.store.session() as s:
        return accounts.visible_assessments(s, user, person_id)


def assessment(ctx: WebContext, user: UserRecord, assessment_id: int) -> tuple[AssessmentRecord, PersonRecord]:
    with ctx.store.session() as s:
        return accounts.visible_assessment(s, user, assessment_id)


def analysis_file(ctx: WebContext, user: UserRecord, assessment_id: int, name: str) -> Path:
    """One whitelisted file of a visible assessment's folder (``NotVisible`` for anything else)."""
    if name not in ANALYSIS_FILES:
        raise NotVisible(f"No file {name!r}.")
    record, _ = assessment(ctx, user, assessment_id)
    path = Path(record.folder) / name
    if not path.is_file():
        raise NotVisible(f"No file {name!r}.")
    return path


def start_analysis(ctx: WebContext, user: UserRecord, person_id: int, upload: BinaryIO, movement: str) -> JobStatus:
    """Store the upload (checked) and queue its analysis for the person."""
    if movement not in movements():
        raise StoreError(f"Choose the screen: one of {', '.join(movements())}.")
    with ctx.store.session() as s:
        target = accounts.visible_person(s, user, person_id)
    video = save_upload(upload, ctx.settings.uploads, ctx.settings.max_upload_bytes, ctx.settings.max_clip_s)
    ctx.settings.analyses.mkdir(parents=True, exist_ok=True)
    out = ctx.settings.analyses / video.stem
    chosen = None if movement == RECOGNISE else movement
    return ctx.jobs.submit(AnalysisJob(target.id, target.name, video, out, chosen, ctx.settings.db_url))


def job(ctx: WebContext, user: UserRecord, job_id: str) -> JobStatus:
    """A job of someone the user may see."""
    status = ctx.jobs.status(job_id)
    if status is None:
        raise NotVisible(f"No job {job_id}.")
    with ctx.store.session() as s:
        accounts.visible_person(s, user, status.person_id)
    return status


@dataclass(frozen=True)
class PlanOfWeek:
    """A week's plan with what it came from."""

    person: PersonRecord
    name: str
    plan: WeekPlan
    week: int
    view: coach.ProgramView
    logs: list[SetLogRecord]  # every set the person logged, as stored (with ids)


def plan(ctx: WebContext, user: UserRecord, person_id: int, week: int | None = None,
         today: date | None = None) -> PlanOfWeek | None:
    """The week's plan (default this week), or None when the person has no program yet."""
    with ctx.store.session() as s:
        target = accounts.visible_person(s, user, person_id)
        if repo.current_program(s, target) is None:
            return None
        logs = repo.logs_for(s, target)
    week_plan, number, view = coach.plan_for_week(ctx.store, target.name, week, today)
    return PlanOfWeek(target, display(user, target), week_plan, number, view, logs)


LOG_SLACK = timedelta(days=1)  # a set logged "today" where the day has already begun (or not yet) elsewhere


def check_log_day(day: date, start: date, today: date) -> None:
    """A set's day lies within the program: from its start to today."""
    if not start <= day <= today + LOG_SLACK:
        raise StoreError(f"Log a set between {plan_page.day_text(start)} (when the program started) and today; "
                         f"{plan_page.day_text(day)} is outside it.")


def log_set(ctx: WebContext, user: UserRecord, person_id: int, log: SetLog, today: date | None = None) -> str:
    """Record one set for a visible person with a program; what its pain leads to ('' without pain)."""
    found = plan(ctx, user, person_id, today=today)
    if found is None:
        raise StoreError("There is no program to log against yet: upload a squat video first.")
    check_log_day(log.day, found.view.prescription.start, today or date.today())
    target = found.person
    coach.log_set(ctx.store, target.name, log)
    return coach.after_pain(ctx.store, target.name, log)


@dataclass(frozen=True)
class Progress:
    """Each side's measure across assessments, for the table, the plot and the JSON."""

    person: PersonRecord
    name: str
    points: list
    rows: list[tuple[str, ...]]
    retest_due: date | None


def progress(ctx: WebContext, user: UserRecord, person_id: int) -> Progress:
    with ctx.store.session() as s:
        target = accounts.visible_person(s, user, person_id)
    history = coach.progress_history(ctx.store, target.name)  # the screens the program compares
    points, rows = coach.progress_points(history) if history else ([], [])
    week = plan(ctx, user, person_id)
    due = week.plan.retest_due if week else None
    return Progress(target, display(user, target), points, rows, due)


def progress_png(ctx: WebContext, user: UserRecord, person_id: int) -> bytes:
    """The progress plot (``render.progress_plot``) as PNG bytes."""
    from groundup.render.progress_plot import write_progress_plot
    from groundup.thresholds import load_default_thresholds

    found = progress(ctx, user, person_id)
    th = load_default_thresholds()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "progress.png"
        write_progress_plot(found.points, path, mild=th.value("knee.valgus_mild"),
                            marked=th.value("knee.valgus_marked"))
        return path.read_bytes()
