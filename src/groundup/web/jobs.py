"""Background analyses behind one job-queue interface, recorded in the database's job table.

``JobQueue`` is what the web app uses: ``submit`` an ``AnalysisJob``, read its ``JobStatus``
(from the job table, so any process may read it). The default, ``ProcessJobQueue``, runs one job
at a time in a separate process started with lowered priority (``os.nice``) and kept off the first
core when there are several, so the web server's process never computes an analysis and keeps
answering pages while one runs. Jobs it was given and did not finish are resumed when the server
starts again. With a broker configured, ``groundup.jobs.celery_queue.CeleryJobQueue`` sends them
to ``groundup worker`` processes instead.
"""

from __future__ import annotations

import contextlib
import multiprocessing as mp
import os
import threading
from pathlib import Path
from typing import Any, Protocol

from groundup.jobs import records
from groundup.jobs.submit import submit_to_table, table_status
from groundup.jobs.types import STAGE_SPAN, STATES, AnalysisJob, JobStatus, progress_fraction, stage_words
from groundup.store.db import open_store

__all__ = ["STAGE_SPAN", "STATES", "AnalysisJob", "JobQueue", "JobStatus", "ProcessJobQueue", "progress_fraction",
           "stage_words", "submit_to_table"]
QUEUE = "web"
CHECK_WORKER_S = 0.5


class JobQueue(Protocol):
    """The one interface the web app runs analyses through."""

    def submit(self, job: AnalysisJob) -> JobStatus: ...

    def status(self, job_id: str) -> JobStatus | None: ...

    def close(self) -> None: ...


# --- the worker process ------------------------------------------------------------------------

def leave_a_core_free() -> None:
    """Keep this process (and the pose model's threads) off the first core when there are several,
    so the web server always has a core to answer pages on."""
    if not hasattr(os, "sched_getaffinity"):  # not Linux: the lowered priority alone
        return
    cores = sorted(os.sched_getaffinity(0))
    if len(cores) > 1:
        os.sched_setaffinity(0, cores[1:])


def worker_loop(tasks: Any, db_url: str, data_dir: Path | None, nice: int) -> None:
    """Run job ids from ``tasks`` one by one until ``None`` arrives (the worker process's main)."""
    from groundup.jobs.run import run_job

    if nice:
        os.nice(nice)
    leave_a_core_free()
    store = open_store(db_url)
    try:
        while (job_id := tasks.get()) is not None:
            run_job(store, job_id, data_dir)
    finally:
        store.close()


# --- the server side ---------------------------------------------------------------------------

class ProcessJobQueue:
    """One analysis at a time in a lower-priority worker process, jobs kept in the database.

    Unfinished jobs of an earlier server on the same database are resumed at once.
    """

    def __init__(self, db_url: str, data_dir: Path | None = None, nice: int = 10) -> None:
        self.db_url, self.data_dir, self.nice = db_url, data_dir, nice
        self.store = open_store(db_url)
        self._ctx = mp.get_context("spawn")  # never fork a threaded server
        self._lock = threading.Lock()
        self._proc: Any = None
        self._tasks: Any = None
        self._watch: threading.Thread | None = None
        self._closed = threading.Event()
        if resumed := records.unfinished(self.store, QUEUE):
            with self._lock:
                self._start(resumed)

    def _start(self, job_ids: list[str]) -> None:
        """A new worker process, given ``job_ids`` to run first."""
        self._tasks = self._ctx.Queue()
        for job_id in job_ids:
            self._tasks.put(job_id)
        self._proc = self._ctx.Process(target=worker_loop, args=(self._tasks, self.db_url, self.data_dir, self.nice),
                                       name="groundup-analysis", daemon=True)
        self._proc.start()
        if self._watch is None:
            self._watch = threading.Thread(target=self._watch_worker, name="groundup-job-watch", daemon=True)
            self._watch.start()

    def submit(self, job: AnalysisJob) -> JobStatus:
        if self._closed.is_set():
            raise RuntimeError("the job queue is closed")
        status, duplicate = submit_to_table(self.store, QUEUE, job, self.data_dir)
        if not duplicate:
            with self._lock:
                if self._proc is None:
                    self._start([status.id])
                else:
                    self._tasks.put(status.id)
        return status

    def status(self, job_id: str) -> JobStatus | None:
        return table_status(self.store, job_id)

    def _watch_worker(self) -> None:
        """A worker that died (out of memory, a crash in native code) is replaced and its jobs resumed
        (each job at most ``records.MAX_ATTEMPTS`` times)."""
        while not self._closed.wait(CHECK_WORKER_S):
            with self._lock:
                if self._proc is None or self._proc.is_alive() or self._closed.is_set():
                    continue
                self._proc.join()
                self._start(records.unfinished(self.store, QUEUE))

    def close(self) -> None:
        """Stop the worker (an unfinished analysis is left queued for the next start; its folder is never
        half-written)."""
        self._closed.set()
        with self._lock:
            proc, tasks = self._proc, self._tasks
        if self._watch is not None:
            self._watch.join(timeout=2)
        if proc is not None:
            with contextlib.suppress(OSError, ValueError):
                tasks.put(None)
            proc.join(timeout=2)
            if proc.is_alive():
                proc.terminate()
                proc.join(timeout=5)
        self.store.close()


def default_queue(db_url: str, data_dir: Path, broker: str | None, nice: int) -> JobQueue:
    """Through the broker's workers when one is configured, else the server's own worker process."""
    if broker:
        from groundup.jobs.celery_queue import CeleryJobQueue

        return CeleryJobQueue(broker, db_url, data_dir)
    return ProcessJobQueue(db_url, data_dir, nice=nice)
