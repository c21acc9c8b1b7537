"""``groundup plan|log|progress|export``: the coaching loop from the command line.

Files are written only where ``--out`` says; without it ``plan`` and ``progress`` print
to the terminal and say how to get the file.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from groundup.cli.common import DbOption, PersonOption, open_store
from groundup.errors import UsageError

PLOT_SUFFIXES = (".png", ".svg", ".pdf")


def plan(person: PersonOption,
         week: Annotated[int | None, typer.Option(min=1, help="Week number (default: this week).")] = None,
         out: Annotated[Path | None, typer.Option(help="Also write the week as a printable HTML page here.")] = None,
         db: DbOption = None) -> None:
    """Show this week's warm-up plan (and write it as a printable page with --out)."""
    from groundup import coach
    from groundup.output import write_text_atomic
    from groundup.render.plan_page import render_plan_html
    from groundup.render.plan_terminal import print_week

    week_plan, number, view = coach.plan_for_week(open_store(db), person, week)
    if out is not None:
        write_text_atomic(out, render_plan_html(week_plan, view.prescription, person, number))
    print_week(Console(), week_plan, number, person)
    Console().print(f"  printable page: {out}" if out is not None else
                    f"  printable page: add --out plan-week{number}.html")


def log(person: PersonOption,
        exercise: Annotated[str | None, typer.Option(help="Exercise id from the plan.")] = None,
        reps: Annotated[int | None, typer.Option(help="Reps done (rep-counted exercises).")] = None,
        seconds: Annotated[int | None, typer.Option(help="Seconds held (timed exercises).")] = None,
        side: Annotated[str | None, typer.Option(help="left, right or both.")] = None,
        difficulty: Annotated[int | None, typer.Option(help="How hard, 1 (trivial) to 10 (maximal).")] = None,
        pain: Annotated[int | None, typer.Option(help="Pain, 0 (none) to 10.")] = None,
        target: Annotated[int | None, typer.Option(help="The target (default: this week's aim).")] = None,
        band: Annotated[str | None, typer.Option(help="Band used (colour or strength).")] = None,
        collapse: Annotated[bool | None, typer.Option("--collapse/--no-collapse", help="Whether the knee or "
                                                      "ankle caved in during the set (asked at a terminal).")] = None,
        hands_free: Annotated[bool | None, typer.Option("--hands-free/--held-on", help="Balance: held without "
                                                        "touching support (asked at a terminal).")] = None,
        discomfort: Annotated[bool, typer.Option("--discomfort", help="Rolling or stretching only: the pain "
                                                 "figure is the ordinary ache of the work, not pain.")] = False,
        day: Annotated[str | None, typer.Option("--date", help="Date of the session, YYYY-MM-DD (default "
                                                "today).")] = None,
        notes: Annotated[str, typer.Option(help="Anything worth remembering.")] = "",
        db: DbOption = None) -> None:
    """Record one set; asks for what is missing when run at a terminal."""
    from groundup import coach
    from groundup.program import SetLog

    store = open_store(db)
    week_plan, _, _ = coach.plan_for_week(store, person)
    aims = {e.exercise_id: e for e in week_plan.entries}
    ask = at_terminal()
    exercise = exercise or (_ask("Exercise id", next(iter(aims), None)) if ask else None)
    entry = aims.get(exercise) if exercise else None
    if reps is None and seconds is None and ask:
        amount = _ask(f"{entry.unit if entry else 'reps or seconds'} done", None, int)
        reps, seconds = (None, amount) if entry and entry.unit == "seconds" else (amount, None)
    side = side or (_ask("Side (left/right/both)", entry.sides[0] if entry and len(entry.sides) == 1 else "both")
                    if ask else None)
    difficulty = difficulty if difficulty is not None else (_ask("Difficulty 1-10", None, int) if ask else None)
    pain = pain if pain is not None else (_ask("Pain 0-10", "0", int) if ask else None)
    if ask and exercise is not None:
        collapse, hands_free, band, discomfort = _ask_evidence(exercise, pain or 0, collapse, hands_free, band,
                                                               discomfort)
    unit, actual = ("reps", reps) if reps is not None else ("seconds", seconds)
    if exercise is None or actual is None or side is None or difficulty is None or pain is None:
        missing = [n for n, v in (("--exercise", exercise), ("--reps or --seconds", actual), ("--side", side),
                                  ("--difficulty", difficulty), ("--pain", pain)) if v is None]
        raise UsageError(f"Missing {', '.join(missing)} (or run it at a terminal to be asked).")
    if reps is not None and seconds is not None:
        raise UsageError("Give --reps or --seconds, not both.")
    when = _parse_day(day) if day else date.today()
    aim = target if target is not None else (entry.aim if entry else actual)
    logged = SetLog(exercise, when, side, unit, aim, actual, difficulty, pain, bool(collapse), band, notes, discomfort,
                    hands_free)
    coach.log_set(store, person, logged)
    felt = f"discomfort {pain}" if discomfort else f"pain {pain}"
    Console().print(f"Logged {exercise}: {actual} {unit} ({side}), difficulty {difficulty}, {felt}.")
    consequence = coach.after_pain(store, person, logged)
    if consequence:
        Console().print(consequence)


def at_terminal() -> bool:
    """Whether someone is there to answer questions."""
    return sys.stdin.isatty()


def _ask_evidence(exercise_id: str, pain: int, collapse: bool | None, hands_free: bool | None, band: str | None,
                  discomfort: bool) -> tuple[bool | None, bool | None, str | None, bool]:
    """At a terminal: what the exercise's mastery needs (caving in, hands-free, band) and ache or pain."""
    from groundup.program import load_catalogue

    cat = load_catalogue()
    if not cat.has(exercise_id):
        return collapse, hands_free, band, discomfort
    ex = cat.exercise(exercise_id)
    activation = cat.track(ex.track).phase == "activate"
    if activation and collapse is None:
        collapse = typer.confirm("Did the knee or ankle cave in at any point?", default=None)
    if ex.hands_free and hands_free is None:
        hands_free = typer.confirm("Did you hold it hands-free the whole time?", default=None)
    if ex.band is not None and not band:
        band = _ask("Band used (colour or strength)", None)
    if pain and not activation and not discomfort:
        discomfort = typer.confirm("Was that the ordinary ache of rolling or stretching, rather than pain?",
                                   default=False)
    return collapse, hands_free, band, discomfort


def _ask(question: str, default: str | None, kind: type = str) -> Any:
    """Ask at the terminal (again after an answer of the wrong kind)."""
    if default is None:
        return typer.prompt(question, type=kind)
    return typer.prompt(question, default=default, type=kind)


def _parse_day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"--date must look like 2026-11-26, not '{text}'.") from None


def progress(person: PersonOption,
             out: Annotated[Path | None, typer.Option(help="Also draw the measure over time in this picture "
                                                      "(.png, .svg or .pdf).")] = None,
             db: DbOption = None) -> None:
    """Each side's knee measure across re-tests, and whether a change is real or noise."""
    from groundup import coach
    from groundup.output import atomic_file
    from groundup.render.progress_plot import write_progress_plot
    from groundup.thresholds import load_default_thresholds

    if out is not None and out.suffix.lower() not in PLOT_SUFFIXES:
        raise UsageError(f"--out must end in {', '.join(PLOT_SUFFIXES)}, not '{out.name}'.")
    history = coach.progress_history(open_store(db), person)
    if not history:
        raise UsageError(f"{person} has no assessment yet: run 'groundup assess VIDEO --person {person}'.")
    points, rows = coach.progress_points(history)
    if out is not None:
        th = load_default_thresholds()
        with atomic_file(out) as tmp:
            write_progress_plot(points, tmp, mild=th.value("knee.valgus_mild"), marked=th.value("knee.valgus_marked"))
    table = Table()
    for col in ("date", "side", "inward shift", "change vs first", "real change?", "smallest real change"):
        table.add_column(col)
    for row in rows:
        table.add_row(*row)
    Console().print(table)
    Console().print(f"  plot: {out}" if out is not None else "  plot: add --out progress.png")
