"""The week's plan and the progress table as terminal tables (rich)."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from groundup.program import WeekPlan

MODE_WORDS = {
    "corrective": "Corrective warm-up",
    "optional": "Nothing to correct: an optional activation warm-up",
    "maintenance": "Maintenance: keep these as activation before your main lifts",
    "refer": "Stop: see a physiotherapist or doctor before training this",
    "refilm": "No program: the video could not be judged; film again",
}


def print_week(con: Console, plan: WeekPlan, week: int, person: str) -> None:
    """Print week ``week`` of ``person``'s plan."""
    con.print(f"\n[bold]{person}, week {week}[/] ({plan.week_start:%a %d %b} - {plan.week_end:%a %d %b}): "
              f"{MODE_WORDS.get(plan.mode, plan.mode)}. {plan.placement}")
    if plan.entries:
        table = Table(show_lines=False)
        table.add_column("#")
        table.add_column("exercise")
        table.add_column("id (for groundup log)", no_wrap=True)
        for col in ("sides", "target", "why"):
            table.add_column(col, overflow="fold")
        for e in plan.entries:
            flag = " [yellow](overdue)[/]" if e.overdue else ""
            goal = f"at least {e.aim}, goal {e.dose.high}" if e.aim < e.dose.high else f"{e.aim}"
            table.add_row(str(e.order), f"{e.name}{flag}", e.exercise_id, ", ".join(e.sides),
                          f"{goal} {e.unit} ({e.dose.describe()})", e.why)
        con.print(table)
    for left in plan.left_out:
        back = f", back {left.returns:%d %b}" if left.returns else ""
        con.print(f"  left out: {left.name}: {left.why}{back}")
    for note in plan.notes:
        con.print(f"  {note}")
    if plan.retest_due:
        due = " [bold]- due this week[/]" if plan.retest_is_due else ""
        con.print(f"  next re-test: {plan.retest_due:%a %d %b %Y}{due}")
