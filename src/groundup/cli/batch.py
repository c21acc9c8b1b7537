"""``groundup batch``: analyse many clips, one folder each, with a summary; resumable."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from groundup.cli.common import DbOption, err
from groundup.errors import NotAssessableError, OutputError, UsageError

if TYPE_CHECKING:
    from groundup.jobs.batch import BatchItem, Watch


def batch(
    inputs: Annotated[list[Path], typer.Argument(help="Video files, or one folder of videos.")],
    out: Annotated[Path, typer.Option(help="Folder for the analysis folders (one per clip) and the "
                                      "summary.csv / summary.json.")],
    movement: Annotated[str | None, typer.Option(help="The movement of every clip (default: recognised per "
                                                 "clip).")] = None,
    person: Annotated[str | None, typer.Option(help="Store every assessment for this person and update their "
                                               "program.")] = None,
    broker: Annotated[str | None, typer.Option(help="Run the clips on `groundup worker` processes through this "
                                               "Redis broker (default: $GROUNDUP_BROKER_URL).")] = None,
    workers: Annotated[int | None, typer.Option(min=1, max=64, help="Run the clips on this many local processes "
                                                "(default: one per core, when no broker is set).")] = None,
    db: DbOption = None,
) -> None:
    """Analyse many clips: a progress bar per clip and overall, one analysis folder per clip, a summary.
    A rerun skips the clips already done (by checksum)."""
    from groundup.jobs import batch as runner
    from groundup.jobs.summary import write_summary
    from groundup.jobs.types import broker_url
    from groundup.screens import MOVEMENTS
    from groundup.store import repo
    from groundup.store.db import open_store, resolve_url

    if broker and workers:
        raise UsageError("Choose --broker (workers elsewhere) or --workers (processes here), not both.")
    if movement is not None and movement not in MOVEMENTS:
        raise UsageError(f"--movement must be one of {', '.join(MOVEMENTS)}, not '{movement}'.")
    chosen_broker = None if workers else broker_url(broker)
    clips = runner.collect_clips(inputs)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"Cannot create the folder '{out}': {exc.strerror}.") from None
    url = resolve_url(db)
    with open_store(url) as store:
        with store.session() as s:
            person_id = repo.get_person_by_name(s, person).id if person else None
        queue = "batch-broker" if chosen_broker else "batch"
        items = runner.submit_clips(store, clips, out, queue, person_id, movement)
        ids = runner.to_run(items)
        with _progress(items) as watch:
            if ids and chosen_broker:
                jobs = runner.run_on_broker(store, chosen_broker, ids, watch)
            elif ids:
                jobs = runner.run_locally(store, url, ids, workers or os.cpu_count() or 1, watch)
            else:
                jobs = {}
        rows = runner.summary_rows(items, jobs)
    write_summary(out, rows)
    failed = [r["clip"] for r in rows if r["status"] not in ("done", "duplicate")]
    before = sum(1 for i in items if i.job.finished and i.duplicate_of is None)
    err.print(f"{len(rows) - len(failed)} of {len(rows)} clips analysed ({before} done before); "
              f"summary in {out / 'summary.csv'}")
    if failed:
        raise NotAssessableError(f"{len(failed)} of {len(rows)} clips could not be analysed "
                                 f"({', '.join(failed)}); summary.csv says why.")


class _progress:
    """A bar per clip and one overall, fed from the job table (plain lines when not at a terminal)."""

    def __init__(self, items: list[BatchItem]) -> None:
        from rich.progress import BarColumn, Progress, TextColumn

        self.items = items
        self.bars = Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.fields[stage]}"),
                             console=err, transient=False, disable=not err.is_terminal)
        self.overall = self.bars.add_task("all clips", total=len(items), stage="")
        self.tasks = {i.job.id: self.bars.add_task(i.clip.name, total=1.0, stage="") for i in items
                      if i.duplicate_of is None}
        self.reported: set[str] = set()

    def __enter__(self) -> Watch:
        self.bars.start()
        return self.update

    def update(self, jobs: dict) -> None:
        for job_id, task in self.tasks.items():
            job = jobs.get(job_id)
            if job is None:
                continue
            self.bars.update(task, completed=job.progress if job.state != "failed" else 1.0,
                             stage=job.error[:60] if job.state == "failed" and job.error else job.stage)
            if job.finished and job_id not in self.reported and not err.is_terminal:
                self.reported.add(job_id)
                err.print(f"{Path(job.clip).name}: {job.state}")
        done = sum(1 for i in self.items if (jobs.get(i.job.id) or i.job).finished)
        self.bars.update(self.overall, completed=done, stage=f"{done}/{len(self.items)}")

    def __exit__(self, *_exc: object) -> None:
        self.bars.stop()
