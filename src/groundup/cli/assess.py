"""``groundup assess``: one clip into an analysis folder, or several clips into a session folder."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from groundup.cli.common import DbOption, err, known_person_store
from groundup.cli.summary import print_session, print_summary
from groundup.errors import EXIT_NOT_ASSESSABLE, UsageError
from groundup.output import to_json
from groundup.video.reader import Roi

if TYPE_CHECKING:
    from rich.progress import TaskID

    from groundup.pipeline import AssessOptions, AssessOutcome, SessionOutcome
    from groundup.store.db import Store

STAGE_LABELS = {"pose": "Tracking joints", "side": "Tracking the side view", "render": "Drawing video"}


def assess(
    videos: Annotated[list[Path], typer.Argument(help="Front-view video(s) (mp4, mov, ...); several clips of one "
                                                 "person make a session compared across movements.")],
    movement: Annotated[list[str] | None, typer.Option(help="The movement of each clip, in order (repeat the "
                        "option per clip): overhead-squat, arms-down-squat, single-leg-squat, drop-jump, gait, "
                        "single-leg-balance. Default: recognised from the video.")] = None,
    side: Annotated[Path | None, typer.Option("--side", help="Side-view video of the same overhead squat "
                    "(forward lean, arms falling forward).")] = None,
    out: Annotated[Path | None, typer.Option(help="Analysis folder to write (default "
                                             "groundup-out/<video>-<time>).")] = None,
    config: Annotated[Path | None, typer.Option(help="TOML file overriding thresholds.")] = None,
    mirror: Annotated[bool, typer.Option("--mirror", help="The video is a mirrored selfie recording.")] = False,
    roi: Annotated[str | None, typer.Option(help="Analyse only this region x,y,width,height "
                                            "(split-screen clips).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print result.json (session.json for several clips) "
                                          "to standard output.")] = False,
    person: Annotated[str | None, typer.Option(help="Store the assessment for this person and update their "
                                               "program.")] = None,
    pain: Annotated[bool, typer.Option("--pain", help="The person felt pain during the movement (stop and see "
                                       "a professional).")] = False,
    db: DbOption = None,
    workers: Annotated[int | None, typer.Option(min=1, help="Processes to analyse with (default: one per core; "
                                                "1 keeps to one process).")] = None,
) -> None:
    """Assess knee and ankle alignment in VIDEOS and write an analysis folder (a session folder for several)."""
    from groundup.pipeline import AssessOptions

    movements = _movements_for(videos, movement, side)
    out = out or _default_out(videos[0] if len(videos) == 1 else Path("session"))
    store = known_person_store(person, db) if person else None
    options = AssessOptions(movement=movements[0], side_video=side, mirror=mirror,
                            roi=Roi.parse(roi) if roi else None, config=config, workers=workers)
    outcome = _run_with_progress(videos, movements, out, options)
    _show(outcome, as_json)
    program_input = _program_input(outcome)
    if store is not None and person is not None and program_input is not None:
        _store_for_person(store, person, program_input, outcome.folder, pain, quiet=as_json)
    if not outcome.judged:
        raise typer.Exit(EXIT_NOT_ASSESSABLE)


def _movements_for(videos: list[Path], movement: list[str] | None, side: Path | None) -> list[str | None]:
    """One movement (or None: recognise) per clip; usage errors before any work."""
    from groundup.screens import MOVEMENTS

    names = list(movement or [])
    for name in names:
        if name not in MOVEMENTS:
            raise UsageError(f"--movement must be one of {', '.join(MOVEMENTS)}, not '{name}'.")
    if names and len(names) != len(videos):
        raise UsageError(f"{len(videos)} clips but {len(names)} --movement values: give one per clip, in order, "
                         "or none to have each recognised.")
    if side is not None and "overhead-squat" not in names:
        raise UsageError("--side is the side view of an overhead squat: name that clip --movement overhead-squat.")
    return list(names) if names else [None] * len(videos)


def _default_out(video: Path) -> Path:
    return Path("groundup-out") / f"{video.stem}-{datetime.now():%Y%m%d-%H%M%S}"


def _run_with_progress(videos: list[Path], movements: list[str | None], out: Path,
                       options: AssessOptions) -> AssessOutcome | SessionOutcome:
    """Analyse the clip (or the session) with a progress bar on a terminal's standard error."""
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    from groundup.pipeline import assess_session, assess_video

    with Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
                  TimeRemainingColumn(), console=err, transient=True, disable=not err.is_terminal) as bar:
        tasks: dict[str, TaskID] = {}

        def progress(stage: str, done: int, total: int) -> None:
            if stage not in tasks or bar.tasks[tasks[stage]].completed > done:
                tasks[stage] = bar.add_task(STAGE_LABELS[stage], total=total)
            bar.update(tasks[stage], completed=done, total=max(total, done))

        if len(videos) == 1:
            return assess_video(videos[0], out, options, progress)
        return assess_session(videos, movements, out, options, progress)


def _show(outcome: AssessOutcome | SessionOutcome, as_json: bool) -> None:
    from groundup.pipeline import AssessOutcome

    if isinstance(outcome, AssessOutcome):
        if as_json:
            sys.stdout.write(to_json(outcome.result))
        else:
            print_summary(outcome.result, outcome.folder)
    elif as_json:
        sys.stdout.write(to_json(outcome.summary))
    else:
        print_session(outcome)


def _program_input(outcome: AssessOutcome | SessionOutcome) -> dict | None:
    """What the coaching program is built from: the clip's result, or the session's combined one."""
    from groundup.pipeline import AssessOutcome
    from groundup.session import program_result

    if isinstance(outcome, AssessOutcome):
        return outcome.result
    return program_result([c.result for c in outcome.clips if isinstance(c, AssessOutcome)])


def _store_for_person(store: Store, name: str, result: dict, folder: Path, pain: bool, quiet: bool) -> None:
    from groundup import coach

    update = coach.store_assessment(store, name, result, str(folder.resolve()), pain_reported=pain)
    if quiet:
        return
    con = Console()
    con.print(f"\n[bold]{name}[/]: {update.message}")
    if update.retest is not None:
        for change in update.retest.sides:
            con.print(f"  {change.explanation}")
    if update.prescription is None or update.prescription.status in coach.STATUS_OF:
        con.print(f"  This week's plan: groundup plan --person {name!r}")
