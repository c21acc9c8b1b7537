"""Background analyses behind one job-queue interface.

``JobQueue`` is what the web app uses: ``submit`` an ``AnalysisJob``, read its ``JobStatus``.
The default, ``ProcessJobQueue``, runs one job at a time in a separate process started with
lowered priority (``os.nice``) and kept off the first core when there are several, so the web
server's process never computes an analysis and keeps answering pages while one runs. The
worker analyses the clip (``pipeline.assess_video`` with one worker), stores it for the person
(``coach.store_assessment``) and reports progress and the outcome back through a queue that a
thread of the server reads.
"""

from __future__ import annotations

import contextlib
import multiprocessing as mp
import os
import queue
import threading
import uuid
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Protocol

STAGE_SPAN = {"pose": (0.05, 0.70, "Tracking joints"), "render": (0.75, 0.95, "Drawing the annotated video")}
STATES = ("queued", "running", "done", "failed")


@dataclass(frozen=True)
class AnalysisJob:
    """One clip to analyse for one person, and where to write and store it."""

    person_id: int
    person_name: str  # the stored (unique) name, which coach.py looks people up by
    video: Path
    out: Path
    movement: str | None  # None: recognised from the video
    db_url: str


@dataclass(frozen=True)
class JobStatus:
    """Where a job stands; ``fraction`` runs from 0 to 1."""

    id: str
    person_id: int
    state: str  # queued | running | done | failed
    stage: str
    fraction: float
    assessment_id: int | None = None
    message: str = ""

    @property
    def finished(self) -> bool:
        return self.state in ("done", "failed")


class JobQueue(Protocol):
    """The one interface the web app runs analyses through."""

    def submit(self, job: AnalysisJob) -> JobStatus: ...

    def status(self, job_id: str) -> JobStatus | None: ...

    def close(self) -> None: ...


def progress_fraction(stage: str, done: int, total: int) -> float:
    """Overall progress from one stage's frame count."""
    low, high, _ = STAGE_SPAN.get(stage, (0.0, 0.0, ""))
    share = min(1.0, done / total) if total > 0 else 0.0
    return round(low + (high - low) * share, 3)


def stage_words(stage: str) -> str:
    return STAGE_SPAN[stage][2] if stage in STAGE_SPAN else stage


# --- the worker process ------------------------------------------------------------------------

def _run_one(job_id: str, job: AnalysisJob, events: Any, stores: dict[str, Any]) -> tuple[str, Any]:
    """Analyse and store one job; ('done', (assessment id, message)) or ('failed', message)."""
    from groundup import coach
    from groundup.errors import GroundupError
    from groundup.pipeline import AssessOptions, assess_video
    from groundup.store.db import open_store

    def progress(stage: str, done: int, total: int) -> None:
        events.put((job_id, "running", stage_words(stage), progress_fraction(stage, done, total)))

    try:
        outcome = assess_video(job.video, job.out, AssessOptions(movement=job.movement, workers=1), progress)
        events.put((job_id, "running", "Saving the result", 0.97))
        store = stores.get(job.db_url) or stores.setdefault(job.db_url, open_store(job.db_url))
        update = coach.store_assessment(store, job.person_name, outcome.result, str(job.out))
        return "done", (update.assessment.id, update.message)
    except GroundupError as exc:
        return "failed", str(exc).replace(str(job.video), "the uploaded video")
    except Exception as exc:  # a bug: the job fails with a sentence, the worker lives on
        return "failed", f"The analysis stopped on an internal error ({type(exc).__name__})."


def leave_a_core_free() -> None:
    """Keep this process (and the pose model's threads) off the first core when there are several,
    so the web server always has a core to answer pages on."""
    if not hasattr(os, "sched_getaffinity"):  # not Linux: the lowered priority alone
        return
    cores = sorted(os.sched_getaffinity(0))
    if len(cores) > 1:
        os.sched_setaffinity(0, cores[1:])


def worker_loop(tasks: Any, events: Any, nice: int) -> None:
    """Run jobs from ``tasks`` one by one until ``None`` arrives (the worker process's main)."""
    if nice:
        os.nice(nice)
    leave_a_core_free()
    stores: dict[str, Any] = {}
    while (item := tasks.get()) is not None:
        job_id, job = item
        events.put((job_id, "running", "Starting", 0.02))
        state, payload = _run_one(job_id, job, events, stores)
        events.put((job_id, state, "", payload))
    for store in stores.values():
        store.close()


# --- the server side ---------------------------------------------------------------------------

class ProcessJobQueue:
    """One analysis at a time in a lower-priority worker process (started on first use)."""

    def __init__(self, nice: int = 10) -> None:
        self.nice = nice
        self._ctx = mp.get_context("spawn")  # never fork a threaded server
        self._jobs: dict[str, JobStatus] = {}
        self._running: str | None = None
        self._lock = threading.Lock()
        self._proc: Any = None
        self._tasks: Any = None
        self._events: Any = None
        self._pump: threading.Thread | None = None
        self._closed = threading.Event()

    def _start(self) -> None:
        self._tasks, self._events = self._ctx.Queue(), self._ctx.Queue()
        self._proc = self._ctx.Process(target=worker_loop, args=(self._tasks, self._events, self.nice),
                                       name="groundup-analysis", daemon=True)
        self._proc.start()
        if self._pump is None:
            self._pump = threading.Thread(target=self._read_events, name="groundup-job-events", daemon=True)
            self._pump.start()

    def submit(self, job: AnalysisJob) -> JobStatus:
        job_id = uuid.uuid4().hex
        status = JobStatus(job_id, job.person_id, "queued", "Waiting for the analysis worker", 0.0)
        with self._lock:
            if self._closed.is_set():
                raise RuntimeError("the job queue is closed")
            if self._proc is None:
                self._start()
            self._jobs[job_id] = status
            self._tasks.put((job_id, job))
        return status

    def status(self, job_id: str) -> JobStatus | None:
        with self._lock:
            return self._jobs.get(job_id)

    def _update(self, job_id: str, state: str, stage: str, payload: Any) -> None:
        with self._lock:
            old = self._jobs.get(job_id)
            if old is None or old.finished:
                return
            if state == "running":
                self._running = job_id
                self._jobs[job_id] = replace(old, state=state, stage=stage, fraction=float(payload))
            elif state == "done":
                assessment_id, message = payload
                self._jobs[job_id] = replace(old, state=state, stage="Done", fraction=1.0,
                                             assessment_id=assessment_id, message=message)
                self._running = None
            else:
                self._jobs[job_id] = replace(old, state="failed", stage="Failed", message=str(payload))
                self._running = None

    def _read_events(self) -> None:
        while not self._closed.is_set():
            try:
                job_id, state, stage, payload = self._events.get(timeout=0.3)
            except queue.Empty:
                self._check_worker()
                continue
            except (EOFError, OSError, ValueError):
                return
            self._update(job_id, state, stage, payload)

    def _check_worker(self) -> None:
        """A worker that died (out of memory, a crash in native code) fails its jobs and is replaced."""
        with self._lock:
            proc = self._proc
        if proc is None or proc.is_alive() or self._closed.is_set():
            return
        with self._lock:
            lost = [j for j in self._jobs.values() if not j.finished]
        for job in lost:
            self._update(job.id, "failed", "", "The analysis worker stopped unexpectedly; please upload again.")
        with self._lock:
            self._proc = None

    def close(self) -> None:
        """Stop the worker (an unfinished analysis is abandoned; its folder is never half-written)."""
        self._closed.set()
        with self._lock:
            proc, tasks = self._proc, self._tasks
        if proc is None:
            return
        with contextlib.suppress(OSError, ValueError):
            tasks.put(None)
        proc.join(timeout=2)
        if proc.is_alive():
            proc.terminate()
            proc.join(timeout=5)
        if self._pump is not None:
            self._pump.join(timeout=2)
