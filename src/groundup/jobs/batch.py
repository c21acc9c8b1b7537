"""``groundup batch``: many clips, one analysis folder each, on local processes or through the broker.

Each clip becomes a job in the job table (checksum and folder recorded), so a rerun skips the clips
already done, and the same clip given twice for one person is analysed once. Progress is read
from the job table, whoever runs the jobs.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from groundup.errors import BadVideoError, UsageError
from groundup.jobs import records
from groundup.jobs.records import JobRecord
from groundup.jobs.run import file_checksum, run_job
from groundup.jobs.summary import clip_row
from groundup.store.db import Store, open_store

VIDEO_SUFFIXES = (".mp4", ".mov", ".m4v", ".avi", ".mkv", ".webm")
POLL_S = 0.5
RESEND_S = 30.0  # nothing moved on the broker for this long: queued jobs are sent again (a restarted broker)
Watch = Callable[[dict[str, JobRecord]], None]


@dataclass(frozen=True)
class BatchItem:
    """One clip of a batch and the job that analyses it (``duplicate_of``: the clip it repeats)."""

    clip: Path
    out: Path
    job: JobRecord
    duplicate_of: str | None = None


def collect_clips(inputs: list[Path]) -> list[Path]:
    """The clips named, or the videos in one folder (by name); usage errors before any work."""
    if len(inputs) == 1 and inputs[0].is_dir():
        found = sorted(p for p in inputs[0].iterdir() if p.is_file() and p.suffix.lower() in VIDEO_SUFFIXES)
        if not found:
            raise UsageError(f"No video files ({', '.join(VIDEO_SUFFIXES)}) in the folder '{inputs[0]}'.")
        return [p.absolute() for p in found]
    for path in inputs:
        if path.is_dir():
            raise UsageError(f"'{path}' is a folder: give one folder, or video files.")
        if not path.is_file():
            raise BadVideoError(f"The clip '{path}' does not exist.")
    return [p.absolute() for p in inputs]


def folder_names(clips: list[Path]) -> list[str]:
    """One analysis folder name per clip: its stem, numbered when two clips share one."""
    names: list[str] = []
    for clip in clips:
        name, n = clip.stem, 1
        while name in names:
            n += 1
            name = f"{clip.stem}-{n}"
        names.append(name)
    return names


def submit_clips(store: Store, clips: list[Path], out: Path, queue: str, person_id: int | None,
                 movement: str | None) -> list[BatchItem]:
    """A job per clip; a clip done before (same checksum, person and folder) keeps its finished job."""
    items: list[BatchItem] = []
    by_job: dict[str, Path] = {}
    for clip, name in zip(clips, folder_names(clips), strict=True):
        try:
            checksum = file_checksum(clip)
        except OSError as exc:
            raise BadVideoError(f"The clip '{clip}' cannot be read ({exc.strerror}).") from None
        target = (out / name).absolute()
        job, _ = records.submit_job(store, queue=queue, person_id=person_id, clip=str(clip), checksum=checksum,
                                    out=str(target), movement=movement)
        earlier = by_job.get(job.id) or (Path(job.clip) if job.out != str(target) else None)
        items.append(BatchItem(clip, target, job, earlier.name if earlier else None))
        by_job.setdefault(job.id, clip)
    return items


def to_run(items: list[BatchItem]) -> list[str]:
    """The jobs still to run, each once, in clip order."""
    return list(dict.fromkeys(i.job.id for i in items if not i.job.finished))


def wait_for(store: Store, job_ids: list[str], watch: Watch, stop: Callable[[], bool] = lambda: False,
             on_stall: Callable[[list[str]], None] | None = None) -> dict[str, JobRecord]:
    """Poll the job table until every job is finished (or ``stop()``); ``on_stall`` gets the queued jobs
    when nothing moved for ``RESEND_S``."""
    seen: tuple = ()
    moved = time.monotonic()
    while True:
        jobs = records.get_jobs(store, job_ids)
        watch(jobs)
        if all(j.finished for j in jobs.values()) or stop():
            return jobs
        state = tuple((j.state, j.progress, j.heartbeat_at) for j in jobs.values())
        if state != seen:
            seen, moved = state, time.monotonic()
        elif on_stall is not None and time.monotonic() - moved > RESEND_S:
            on_stall([j.id for j in jobs.values() if j.state == "queued"])
            moved = time.monotonic()
        time.sleep(POLL_S)


def _local_worker(tasks: Any, db_url: str, parent: int) -> None:
    """A batch worker process: run job ids until ``None``."""
    from groundup.parallel import die_with_parent

    die_with_parent(parent)
    store = open_store(db_url)
    try:
        while (job_id := tasks.get()) is not None:
            run_job(store, job_id, None)
    finally:
        store.close()


def _all_exited(procs: list[Any]) -> Callable[[], bool]:
    return lambda: not any(p.is_alive() for p in procs)


def run_locally(store: Store, db_url: str, job_ids: list[str], workers: int, watch: Watch) -> dict[str, JobRecord]:
    """Run the jobs on ``workers`` processes; a process that died has its job taken over (bounded attempts)."""
    ctx = mp.get_context("spawn")
    jobs = records.get_jobs(store, job_ids)
    for _ in range(records.MAX_ATTEMPTS + 1):  # a round more only when a worker died (each death is an attempt)
        pending = [i for i in job_ids if not jobs[i].finished]
        if not pending:
            break
        tasks = ctx.Queue()
        for job_id in pending:
            tasks.put(job_id)
        procs = [ctx.Process(target=_local_worker, args=(tasks, db_url, os.getpid()), daemon=True,
                             name=f"groundup-batch-{n}") for n in range(min(workers, len(pending)))]
        for proc in procs:
            tasks.put(None)
            proc.start()
        try:
            wait_for(store, job_ids, watch, stop=_all_exited(procs))
        finally:
            for proc in procs:
                proc.join(timeout=5)
                if proc.is_alive():  # stopped early (Ctrl-C): its job is taken over by the next run
                    proc.kill()
                    proc.join()
        jobs = records.get_jobs(store, job_ids)
    return jobs


def run_on_broker(store: Store, broker: str, job_ids: list[str], watch: Watch) -> dict[str, JobRecord]:
    """Send the jobs to the broker's workers and follow them (sending queued ones again if all goes quiet)."""
    from kombu.exceptions import OperationalError

    from groundup.jobs.celery_queue import celery_app, send

    app = celery_app(broker)
    try:
        send(app, job_ids)
        return wait_for(store, job_ids, watch, on_stall=lambda queued: send(app, queued) if queued else None)
    except OperationalError:
        raise UsageError(f"The broker at {broker.split('@')[-1]} cannot be reached; the clips stay queued and a "
                         "rerun of the same command sends them.") from None
    finally:
        app.close()


def summary_rows(items: list[BatchItem], jobs: dict[str, JobRecord]) -> list[dict[str, Any]]:
    """One row per clip, in the order given."""
    rows = []
    for item in items:
        job = jobs.get(item.job.id, item.job)
        if item.duplicate_of is not None:
            rows.append(clip_row(item.clip.name, "duplicate", f"The same clip as {item.duplicate_of} "
                                 f"(analysed once, in {Path(job.out).name}).", Path(job.out)))
        else:
            rows.append(clip_row(item.clip.name, job.state, job.error or "", item.out))
    return rows
