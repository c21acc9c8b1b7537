"""The ``groundup`` command line.

Exit codes: 0 verdict given; 2 usage or config error; 3 the video cannot be read;
4 the clip cannot support a verdict (no person, or the capture gate refused: an
analysis folder explaining why is still written when the pose could be tracked);
5 the output folder cannot be written; 70 an internal error (a bug).
"""

from __future__ import annotations

import os
import sys
from datetime import datetime
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console

from groundup.errors import EXIT_NOT_ASSESSABLE, GroundupError
from groundup.output import to_json
from groundup.video.reader import Roi

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="Find knee and ankle valgus in a front-view squat video.")
err = Console(stderr=True, soft_wrap=True)
EXIT_INTERNAL = 70
MOVEMENTS = ("overhead-squat", "arms-down-squat")


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
    video: Annotated[Path, typer.Argument(help="Front-view video of the squat (mp4, mov, ...).")],
    movement: Annotated[str, typer.Option(help="overhead-squat or arms-down-squat.")] = "overhead-squat",
    out: Annotated[Optional[Path], typer.Option(help="Analysis folder to write (default groundup-out/<video>-<time>).")] = None,
    config: Annotated[Optional[Path], typer.Option(help="TOML file overriding thresholds.")] = None,
    mirror: Annotated[bool, typer.Option("--mirror", help="The video is a mirrored selfie recording.")] = False,
    roi: Annotated[Optional[str], typer.Option(help="Analyse only this region x,y,width,height (split-screen clips).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print result.json to standard output.")] = False,
) -> None:
    """Assess knee and ankle alignment in VIDEO and write an analysis folder."""
    from groundup.pipeline import AssessOptions, assess_video

    if movement not in MOVEMENTS:
        err.print(f"[red]error:[/] --movement must be one of {', '.join(MOVEMENTS)}, not '{movement}'.")
        raise typer.Exit(2)
    out = out or _default_out(video)
    try:
        options = AssessOptions(movement=movement, mirror=mirror, roi=Roi.parse(roi) if roi else None, config=config)
        with _progress_bar() as bar:
            tasks: dict[str, int] = {}

            def progress(stage: str, done: int, total: int) -> None:
                if stage not in tasks:
                    tasks[stage] = bar.add_task({"pose": "Tracking joints", "render": "Drawing video"}[stage], total=total)
                bar.update(tasks[stage], completed=done, total=max(total, done))

            outcome = assess_video(video, out, options, progress)
    except GroundupError as exc:
        err.print(f"[red]error:[/] {exc}")
        raise typer.Exit(exc.exit_code) from None
    if as_json:
        sys.stdout.write(to_json(outcome.result))
    else:
        print_summary(outcome.result, outcome.folder)
    if not outcome.judged:
        raise typer.Exit(EXIT_NOT_ASSESSABLE)


def print_summary(result: dict, folder: Path) -> None:
    """A few lines a lifter can read in the terminal."""
    con = Console()
    reps = len(result["reps"])
    con.print(f"[bold]groundup[/] {result['movement']['requested']}: {reps} rep{'s' if reps != 1 else ''} found")
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
