"""The ``groundup`` command line.

Exit codes: 0 verdict given; 2 usage or config error; 3 the video cannot be read;
4 the clip cannot support a verdict (no person, or the capture gate refused: an
analysis folder explaining why is still written when the pose could be tracked);
5 the output folder cannot be written; 70 an internal error (a bug).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from groundup.errors import EXIT_NOT_ASSESSABLE, GroundupError, UsageError
from groundup.output import to_json
from groundup.video.reader import Roi

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="Find knee and ankle valgus in front-view videos of a squat, single-leg squat, landing, walk or balance.")
err = Console(stderr=True, soft_wrap=True)
EXIT_INTERNAL = 70
DbOption = Annotated[str | None, typer.Option("--db", help="Database URL or SQLite file (default: $GROUNDUP_DB, "
                                                 "else groundup.sqlite3 in the user data folder).")]
PersonOption = Annotated[str, typer.Option("--person", help="Whose program.")]
person_app = typer.Typer(help="Add and list the people groundup coaches.", no_args_is_help=True)
app.add_typer(person_app, name="person")
from groundup.web.cli import serve_app, user_app  # noqa: E402  (the web app's commands)

app.add_typer(serve_app, name="serve")
app.add_typer(user_app, name="user")


@contextmanager
def _user_errors() -> Iterator[None]:
    """Turn a user error into one sentence on stderr and its exit code."""
    try:
        yield
    except GroundupError as exc:
        err.print(f"[red]error:[/] {exc}")
        raise typer.Exit(exc.exit_code) from None


def _open(db: str | None):
    from groundup.store.db import open_store, resolve_url

    return open_store(resolve_url(db))


def _known_person_store(name: str, db: str | None):
    """The opened store, after checking ``name`` is in it (before any long work)."""
    from groundup.store import repo

    store = _open(db)
    with store.session() as s:
        repo.get_person_by_name(s, name)
    return store


@app.callback()
def main() -> None:
    """groundup: film, measure, explain."""


def _default_out(video: Path) -> Path:
    return Path("groundup-out") / f"{video.stem}-{datetime.now():%Y%m%d-%H%M%S}"


def _progress_bar():
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    return Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
                    TimeRemainingColumn(), console=err, transient=True, disable=not err.is_terminal)


@app.command()
def assess(
    videos: Annotated[list[Path], typer.Argument(help="Front-view video(s) (mp4, mov, ...); several clips of one "
                                                 "person make a session compared across movements.")],
    movement: Annotated[list[str] | None, typer.Option(help="The movement of each clip, in order (repeat the "
                        "option per clip): overhead-squat, arms-down-squat, single-leg-squat, drop-jump, gait, "
                        "single-leg-balance. Default: recognised from the video.")] = None,
    side: Annotated[Path | None, typer.Option("--side", help="Side-view video of the same overhead squat "
                    "(forward lean, arms falling forward).")] = None,
    out: Annotated[Path | None, typer.Option(help="Analysis folder to write (default groundup-out/<video>-<time>).")] = None,
    config: Annotated[Path | None, typer.Option(help="TOML file overriding thresholds.")] = None,
    mirror: Annotated[bool, typer.Option("--mirror", help="The video is a mirrored selfie recording.")] = False,
    roi: Annotated[str | None, typer.Option(help="Analyse only this region x,y,width,height (split-screen clips).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print result.json (session.json for several clips) to standard output.")] = False,
    person: Annotated[str | None, typer.Option(help="Store the assessment for this person and update their program.")] = None,
    pain: Annotated[bool, typer.Option("--pain", help="The person felt pain during the movement (stop and see a professional).")] = False,
    db: DbOption = None,
) -> None:
    """Assess knee and ankle alignment in VIDEOS and write an analysis folder (a session folder for several)."""
    from groundup.pipeline import AssessOptions, assess_session, assess_video

    movements = _movements_for(videos, movement, side)
    out = out or _default_out(videos[0] if len(videos) == 1 else Path("session"))
    try:
        store = _known_person_store(person, db) if person else None
        options = AssessOptions(movement=movements[0], side_video=side, mirror=mirror,
                                roi=Roi.parse(roi) if roi else None, config=config)
        with _progress_bar() as bar:
            tasks: dict[str, int] = {}
            labels = {"pose": "Tracking joints", "side": "Tracking the side view", "render": "Drawing video"}

            def progress(stage: str, done: int, total: int) -> None:
                if stage not in tasks or bar.tasks[tasks[stage]].completed > done:
                    tasks[stage] = bar.add_task(labels[stage], total=total)
                bar.update(tasks[stage], completed=done, total=max(total, done))

            if len(videos) == 1:
                outcome = assess_video(videos[0], out, options, progress)
            else:
                outcome = assess_session(videos, movements, out, options, progress)
    except GroundupError as exc:
        err.print(f"[red]error:[/] {exc}")
        raise typer.Exit(exc.exit_code) from None
    single = len(videos) == 1
    if as_json:
        sys.stdout.write(to_json(outcome.result if single else outcome.summary))
    elif single:
        print_summary(outcome.result, outcome.folder)
    else:
        print_session(outcome)
    if store is not None:
        program_input = outcome.result if single else _session_program_input(outcome)
        if program_input is not None:
            with _user_errors():
                _store_for_person(store, person, program_input, outcome.folder, pain, quiet=as_json)
    if not outcome.judged:
        raise typer.Exit(EXIT_NOT_ASSESSABLE)


def _movements_for(videos: list[Path], movement: list[str] | None, side: Path | None) -> list[str | None]:
    """One movement (or None: recognise) per clip; usage errors before any work."""
    from groundup.screens import MOVEMENTS

    names = list(movement or [])
    for name in names:
        if name not in MOVEMENTS:
            _usage(f"--movement must be one of {', '.join(MOVEMENTS)}, not '{name}'.")
    if names and len(names) != len(videos):
        _usage(f"{len(videos)} clips but {len(names)} --movement values: give one per clip, in order, or none "
               "to have each recognised.")
    chosen: list[str | None] = names or [None] * len(videos)
    if side is not None and "overhead-squat" not in names:
        _usage("--side is the side view of an overhead squat: name that clip --movement overhead-squat.")
    return chosen


def _usage(message: str) -> None:
    err.print(f"[red]error:[/] {message}")
    raise typer.Exit(2)


def _session_program_input(outcome) -> dict | None:
    from groundup.pipeline import AssessOutcome
    from groundup.session import program_result

    return program_result([c.result for c in outcome.clips if isinstance(c, AssessOutcome)])


def print_session(outcome) -> None:
    """The session in a few lines: each clip, then the cross-screen sentences."""
    con = Console()
    summary = outcome.summary
    con.print(f"[bold]groundup[/] session: {len(summary['clips'])} clips")
    for c in summary["clips"]:
        if not c["judged"]:
            con.print(f"  {c['video']}: {c['movement'] or 'not analysed'}, [yellow]not judged[/] {c['problem'] or ''}")
        else:
            knees = ", ".join(f"{s} knee {v}" for s, v in c["knees"].items())
            assumed = " (recognised)" if c["assumed_movement"] else ""
            con.print(f"  {c['video']}: {c['movement']}{assumed}: {knees}")
    for line in summary["sentences"] + summary["arms_down"]:
        con.print(f"  {line}")
    con.print(f"  report: {outcome.folder / 'session.html'}")
    con.print(f"  [dim]{summary['disclaimer']}[/]")


def print_summary(result: dict, folder: Path) -> None:
    """A few lines a lifter can read in the terminal."""
    con = Console()
    reps = len(result["reps"])
    from groundup.screens import SCREENS

    recognised = result["movement"].get("recognised")
    name = result["movement"]["requested"]
    trial = SCREENS[name].trial if name in SCREENS else "rep"
    con.print(f"[bold]groundup[/] {name}: {reps} {trial}{'s' if reps != 1 else ''} found")
    if recognised:
        con.print(f"  assumed from the video: {recognised['reason']} (name it with --movement if wrong)")
    screen = result.get("screen") or {}
    for note in screen.get("notes", [])[:1]:
        con.print(f"  {note}")
    for side in ("left", "right"):
        knee, ankle = result["sides"][side]["knee"], result["sides"][side]["ankle"]
        verdict = knee["verdict"] if knee["severity"] in ("none", "flag") else f"{knee['verdict']} ({knee['severity']})"
        con.print(f"  {side:5s} knee: {verdict:16s} confidence {knee['confidence_label']:8s}  ankle: {ankle['verdict']}")
    for issue in result["capture"]["issues"]:
        con.print(f"  [yellow]{issue['severity']}:[/] {issue['message']} {issue['advice']}")
    con.print(f"  report: {folder / 'report.html'}")
    con.print(f"  [dim]{result['disclaimer']}[/]")


def _silence_native_logs() -> None:
    """Send file descriptor 2 to /dev/null and keep our own messages on the real stderr.

    MediaPipe and TFLite write C++ log lines straight to descriptor 2 from their own
    threads; a user should see only groundup's sentences.
    """
    try:
        real = os.fdopen(os.dup(2), "w", buffering=1)
        devnull = os.open(os.devnull, os.O_WRONLY)
    except OSError:
        return
    os.dup2(devnull, 2)
    os.close(devnull)
    err.file = real
    sys.stderr = real


def run() -> None:
    """Entry point: unexpected failures become one line (set GROUNDUP_DEBUG=1 for the traceback)."""
    if not os.environ.get("GROUNDUP_DEBUG"):
        _silence_native_logs()
    try:
        app()
    except Exception as exc:  # a bug, not a user error: still no traceback unless asked for
        if os.environ.get("GROUNDUP_DEBUG"):
            raise
        err.print(f"[red]internal error:[/] {type(exc).__name__}: {exc}. Please report it (GROUNDUP_DEBUG=1 shows details).")
        sys.exit(EXIT_INTERNAL)


def _store_for_person(store, name: str, result: dict, folder: Path, pain: bool, quiet: bool) -> None:
    from groundup import coach

    update = coach.store_assessment(store, name, result, str(folder.resolve()), pain_reported=pain)
    if quiet:
        return
    con = Console()
    con.print(f"\n[bold]{name}[/]: {update.message}")
    if update.retest is not None:
        for change in update.retest.sides:
            con.print(f"  {change.side:5s} knee: {change.explanation}")
    if update.prescription is None or update.prescription.status in coach.STATUS_OF:
        con.print(f"  This week's plan: groundup plan --person {name!r}")


@person_app.command("add")
def person_add(name: Annotated[str, typer.Argument(help="The person's name, unique.")], db: DbOption = None) -> None:
    """Add a person."""
    from groundup.store import repo

    with _user_errors():
        store = _open(db)
        with store.session() as s:
            added = repo.add_person(s, name)
    Console().print(f"Added {added.name}.")


@person_app.command("list")
def person_list(db: DbOption = None) -> None:
    """List the people in the database."""
    from groundup.store import repo

    with _user_errors(), _open(db).session() as s:
        people = repo.list_people(s)
    for p in people:
        Console().print(p.name)


@app.command()
def plan(person: PersonOption, week: Annotated[int | None, typer.Option(min=1, help="Week number (default: this week).")] = None,
         out: Annotated[Path | None, typer.Option(help="Printable HTML page (default plan-<person>-week<N>.html).")] = None,
         db: DbOption = None) -> None:
    """Show this week's warm-up plan and write it as a printable page."""
    from groundup import coach
    from groundup.render.plan_page import render_plan_html
    from groundup.render.plan_terminal import print_week

    with _user_errors():
        store = _open(db)
        week_plan, number, view = coach.plan_for_week(store, person, week)
        page = out or Path(f"plan-{_slug(person)}-week{number}.html")
        _write_text(page, render_plan_html(week_plan, view.prescription, person, number))
    print_week(Console(), week_plan, number, person)
    Console().print(f"  printable page: {page}")


def _slug(name: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in name.lower()).strip("-") or "person"


def _write_text(path: Path, text: str) -> None:
    """Write a file whole or not at all."""
    from groundup.errors import OutputError

    tmp = path.with_name(f".{path.name}.tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise OutputError(f"Cannot write '{path}': {exc.strerror}.") from None


@app.command()
def log(person: PersonOption,
        exercise: Annotated[str | None, typer.Option(help="Exercise id from the plan.")] = None,
        reps: Annotated[int | None, typer.Option(help="Reps done (rep-counted exercises).")] = None,
        seconds: Annotated[int | None, typer.Option(help="Seconds held (timed exercises).")] = None,
        side: Annotated[str | None, typer.Option(help="left, right or both.")] = None,
        difficulty: Annotated[int | None, typer.Option(help="How hard, 1 (trivial) to 10 (maximal).")] = None,
        pain: Annotated[int | None, typer.Option(help="Pain, 0 (none) to 10.")] = None,
        target: Annotated[int | None, typer.Option(help="The target (default: this week's aim).")] = None,
        band: Annotated[str | None, typer.Option(help="Band used (colour or strength).")] = None,
        collapse: Annotated[bool, typer.Option("--collapse", help="The knee or ankle caved in during the set.")] = False,
        day: Annotated[str | None, typer.Option("--date", help="Date of the session, YYYY-MM-DD (default today).")] = None,
        notes: Annotated[str, typer.Option(help="Anything worth remembering.")] = "",
        db: DbOption = None) -> None:
    """Record one set; asks for what is missing when run at a terminal."""
    from datetime import date as date_type

    from groundup import coach
    from groundup.program import SetLog

    with _user_errors():
        store = _open(db)
        week_plan, _, _ = coach.plan_for_week(store, person)
        aims = {e.exercise_id: e for e in week_plan.entries}
        ask = sys.stdin.isatty()
        exercise = exercise or (_ask("Exercise id", next(iter(aims), None)) if ask else None)
        entry = aims.get(exercise)
        if reps is None and seconds is None and ask:
            amount = int(_ask(f"{entry.unit if entry else 'reps or seconds'} done", None))
            reps, seconds = (None, amount) if entry and entry.unit == "seconds" else (amount, None)
        side = side or (_ask("Side (left/right/both)", entry.sides[0] if entry and len(entry.sides) == 1 else "both")
                        if ask else None)
        difficulty = difficulty if difficulty is not None else (int(_ask("Difficulty 1-10", None)) if ask else None)
        pain = pain if pain is not None else (int(_ask("Pain 0-10", "0")) if ask else None)
        missing = [n for n, v in (("--exercise", exercise), ("--reps or --seconds", reps if reps is not None else seconds),
                                  ("--side", side), ("--difficulty", difficulty), ("--pain", pain)) if v is None]
        if missing:
            raise UsageError(f"Missing {', '.join(missing)} (or run it at a terminal to be asked).")
        if reps is not None and seconds is not None:
            raise UsageError("Give --reps or --seconds, not both.")
        unit, actual = ("reps", reps) if reps is not None else ("seconds", seconds)
        when = _parse_day(day) if day else date_type.today()
        aim = target if target is not None else (entry.aim if entry else actual)
        coach.log_set(store, person, SetLog(exercise, when, side, unit, aim, actual, difficulty, pain, collapse,
                                            band, notes))
    Console().print(f"Logged {exercise}: {actual} {unit} ({side}), difficulty {difficulty}, pain {pain}.")
    if pain:
        Console().print("Pain means stop this exercise; see a physiotherapist or doctor if it persists.")


def _ask(question: str, default: str | None) -> str:
    return typer.prompt(question, default=default) if default is not None else typer.prompt(question)


def _parse_day(text: str):
    from datetime import date as date_type

    try:
        return date_type.fromisoformat(text)
    except ValueError:
        raise UsageError(f"--date must look like 2026-11-26, not '{text}'.") from None


@app.command()
def progress(person: PersonOption,
             out: Annotated[Path | None, typer.Option(help="Plot file (default progress-<person>.png).")] = None,
             db: DbOption = None) -> None:
    """Each side's knee measure across re-tests, and whether a change is real or noise."""
    from groundup import coach
    from groundup.findings.thresholds import load_default_thresholds
    from groundup.render.progress_plot import write_progress_plot

    with _user_errors():
        history = coach.progress_history(_open(db), person)
        if not history:
            raise UsageError(f"{person} has no assessment yet: run 'groundup assess VIDEO --person {person}'.")
        points, rows = coach.progress_points(history)
        th = load_default_thresholds()
        path = out or Path(f"progress-{_slug(person)}.png")
        write_progress_plot(points, path, mild=th.value("knee.valgus_mild"), marked=th.value("knee.valgus_marked"))
    table = Table()
    for col in ("date", "side", "inward shift", "change vs first", "real change?", "smallest real change"):
        table.add_column(col)
    for row in rows:
        table.add_row(*row)
    Console().print(table)
    Console().print(f"  plot: {path}")


@app.command()
def export(person: PersonOption, out: Annotated[Path, typer.Option(help="Folder to write the CSV and JSON files.")],
           db: DbOption = None) -> None:
    """Write the person's assessments and training logs as CSV and JSON."""
    from groundup import coach

    with _user_errors():
        coach.export_person(_open(db), person, out)
    Console().print(f"Exported {person} to {out}.")
