"""The job table: submitting (duplicates detected), claiming, progress and the outcome.

A job is claimed by one process at a time (``host:pid``). A redelivered job is taken over only
when its previous process is gone (same machine) or silent for ``LEASE_S`` (another machine),
and only ``MAX_ATTEMPTS`` times: a clip that keeps killing its worker is failed with a message.
"""

from __future__ import annotations

import os
import socket
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from groundup.jobs.types import JobStatus
from groundup.store import models as m
from groundup.store.convert import aware
from groundup.store.db import Store

MAX_ATTEMPTS = 3
LEASE_S = 120.0  # a running job whose process (on another machine) said nothing for this long is taken over
GAVE_UP = ("The analysis stopped its worker {n} times (the clip may be damaged in a way the decoder cannot "
           "survive); it was set aside. Try exporting the clip again from the phone.")


@dataclass(frozen=True)
class JobRecord:
    """One row of the job table, as the rest of groundup sees it."""

    id: str
    queue: str
    person_id: int | None
    clip: str
    checksum: str
    out: str
    movement: str | None
    state: str
    stage: str
    progress: float
    attempts: int
    error: str | None
    outcome: str | None
    assessment_id: int | None
    worker: str | None
    created_at: datetime
    started_at: datetime | None
    heartbeat_at: datetime | None
    finished_at: datetime | None

    @property
    def finished(self) -> bool:
        return self.state in ("done", "failed")


def _record(row: m.JobRow) -> JobRecord:
    stamps = {k: aware(v) if v is not None else None for k, v in
              (("created_at", row.created_at), ("started_at", row.started_at),
               ("heartbeat_at", row.heartbeat_at), ("finished_at", row.finished_at))}
    return JobRecord(row.id, row.queue, row.person_id, row.clip, row.checksum, row.out, row.movement, row.state,
                     row.stage, row.progress, row.attempts, row.error, row.outcome, row.assessment_id, row.worker,
                     **stamps)  # type: ignore[arg-type]


def status_of(job: JobRecord) -> JobStatus:
    """What the web pages and the API show of a job."""
    message = (job.error if job.state == "failed" else job.outcome) or ""
    return JobStatus(job.id, job.person_id or 0, job.state, job.stage, round(job.progress, 3), job.assessment_id,
                     message)


def now() -> datetime:
    return datetime.now(UTC)


def this_process() -> str:
    """``host:pid``: who claims a job."""
    return f"{socket.gethostname()}:{os.getpid()}"


def stored_path(path: Path, data_dir: Path | None) -> str:
    """``path`` relative to the shared data folder when inside it (so each machine may mount it elsewhere)."""
    path = path.absolute()
    if data_dir is not None and path.is_relative_to(data_dir.absolute()):
        return str(path.relative_to(data_dir.absolute()))
    return str(path)


def local_path(stored: str, data_dir: Path | None) -> Path:
    """Where a stored path is on this machine."""
    path = Path(stored)
    return path if path.is_absolute() or data_dir is None else data_dir / path


def _same_clip(s: Session, person_id: int | None, checksum: str, out: str) -> m.JobRow | None:
    """An earlier job, not failed, of the same clip: for the same person, or (no person) into the same folder."""
    query = select(m.JobRow).where(m.JobRow.checksum == checksum, m.JobRow.state != "failed")
    query = query.where(m.JobRow.person_id == person_id) if person_id is not None else \
        query.where(m.JobRow.person_id.is_(None), m.JobRow.out == out)
    return s.scalar(query.order_by(m.JobRow.created_at).limit(1))


def submit_job(store: Store, *, queue: str, person_id: int | None, clip: str, checksum: str, out: str,
               movement: str | None) -> tuple[JobRecord, bool]:
    """A new queued job, or the earlier one of the same clip and ``True`` (a duplicate)."""
    with store.session() as s:
        earlier = _same_clip(s, person_id, checksum, out)
        if earlier is not None:
            return _record(earlier), True
        row = m.JobRow(id=uuid.uuid4().hex, queue=queue, person_id=person_id, clip=clip, checksum=checksum, out=out,
                       movement=movement, state="queued", stage="Waiting for an analysis worker", progress=0.0,
                       attempts=0, created_at=now())
        s.add(row)
        s.flush()
        return _record(row), False


def get_job(store: Store, job_id: str) -> JobRecord | None:
    with store.session() as s:
        row = s.get(m.JobRow, job_id)
        return _record(row) if row is not None else None


def get_jobs(store: Store, job_ids: list[str]) -> dict[str, JobRecord]:
    with store.session() as s:
        return {r.id: _record(r) for r in s.scalars(select(m.JobRow).where(m.JobRow.id.in_(job_ids)))}


def unfinished(store: Store, queue: str) -> list[str]:
    """The ids of a queue's jobs still queued or running, oldest first (what a restart resumes)."""
    with store.session() as s:
        return list(s.scalars(select(m.JobRow.id).where(m.JobRow.queue == queue,
                                                         m.JobRow.state.in_(("queued", "running")))
                              .order_by(m.JobRow.created_at)))


def owner_alive(worker: str | None, heartbeat: datetime | None, at: datetime) -> bool:
    """Whether the process that claimed a job may still be running it."""
    if not worker:
        return False
    host, _, pid = worker.rpartition(":")
    if host == socket.gethostname() and pid.isdigit():
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True
    return heartbeat is not None and at - aware(heartbeat) < timedelta(seconds=LEASE_S)


def claim(store: Store, job_id: str, owner: str) -> tuple[str, JobRecord | None]:
    """Take a job to run: ('claimed', job), or why not: 'missing', 'finished', 'busy', 'gave_up'."""
    with store.session() as s:
        row = s.get(m.JobRow, job_id, with_for_update=True)
        if row is None:
            return "missing", None
        if row.state in ("done", "failed"):
            return "finished", _record(row)
        at = now()
        if row.state == "running" and owner_alive(row.worker, row.heartbeat_at, at):
            return "busy", _record(row)
        if row.attempts >= MAX_ATTEMPTS:
            row.state, row.stage, row.error, row.finished_at = "failed", "Failed", GAVE_UP.format(n=row.attempts), at
            return "gave_up", _record(row)
        row.state, row.stage, row.progress, row.worker = "running", "Starting", 0.02, owner
        row.attempts += 1
        row.started_at = row.heartbeat_at = at
        s.flush()
        return "claimed", _record(row)


def report_progress(store: Store, job_id: str, owner: str, stage: str, fraction: float) -> None:
    """The owner's progress (and heartbeat); ignored once the job is no longer theirs."""
    with store.session() as s:
        s.execute(update(m.JobRow).where(m.JobRow.id == job_id, m.JobRow.worker == owner,
                                         m.JobRow.state == "running")
                  .values(stage=stage, progress=fraction, heartbeat_at=now()))


def finish(store: Store, job_id: str, assessment_id: int | None, outcome: str) -> None:
    with store.session() as s:
        s.execute(update(m.JobRow).where(m.JobRow.id == job_id).values(
            state="done", stage="Done", progress=1.0, assessment_id=assessment_id, outcome=outcome, error=None,
            finished_at=now()))


def fail(store: Store, job_id: str, message: str) -> None:
    with store.session() as s:
        s.execute(update(m.JobRow).where(m.JobRow.id == job_id).values(
            state="failed", stage="Failed", error=message, finished_at=now()))


def person_name(store: Store, person_id: int) -> str | None:
    with store.session() as s:
        row = s.get(m.PersonRow, person_id)
        return row.name if row is not None else None


def assessment_in(store: Store, person_id: int, folder: str) -> int | None:
    """The person's assessment stored from ``folder`` (an earlier attempt of the same job stored it)."""
    with store.session() as s:
        return s.scalar(select(m.AssessmentRow.id).where(m.AssessmentRow.person_id == person_id,
                                                         m.AssessmentRow.folder == folder).limit(1))
