"""What ``groundup assess`` prints in the terminal: a clip's verdicts, or a session's comparison."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console

if TYPE_CHECKING:
    from groundup.pipeline import SessionOutcome


def print_summary(result: dict, folder: Path) -> None:
    """A few lines a lifter can read in the terminal."""
    from groundup.screens import SCREENS

    con = Console()
    reps = len(result["reps"])
    recognised = result["movement"].get("recognised")
    name = result["movement"]["requested"]
    trial = SCREENS[name].trial if name in SCREENS else "rep"
    if recognised and not recognised.get("recognised", True):
        con.print("[bold]groundup[/]: not one of groundup's movements, or more than one; nothing was judged")
        con.print(f"  seen in the video: {recognised['reason']}")
    else:
        con.print(f"[bold]groundup[/] {name}: {reps} {trial}{'s' if reps != 1 else ''} found")
    if recognised and recognised.get("recognised", True):
        con.print(f"  assumed from the video: {recognised['reason']} (name it with --movement if wrong)")
    screen = result.get("screen") or {}
    for note in screen.get("notes", [])[:1]:
        con.print(f"  {note}")
    for side in ("left", "right"):
        knee, ankle = result["sides"][side]["knee"], result["sides"][side]["ankle"]
        verdict = knee["verdict"] if knee["severity"] in ("none", "flag") else f"{knee['verdict']} ({knee['severity']})"
        con.print(f"  {side:5s} knee: {verdict:16s} confidence {knee['confidence_label']:8s}  "
                  f"ankle: {ankle['verdict']}")
    for issue in result["capture"]["issues"]:
        con.print(f"  [yellow]{issue['severity']}:[/] {issue['message']} {issue['advice']}")
    con.print(f"  report: {folder / 'report.html'}")
    con.print(f"  [dim]{result['disclaimer']}[/]")


def print_session(outcome: SessionOutcome) -> None:
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
