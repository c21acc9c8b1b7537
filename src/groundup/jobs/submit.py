"""Submitting a job to the job table and reading it back, for every job queue."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from groundup.jobs import records
from groundup.jobs.run import file_checksum
from groundup.jobs.types import AnalysisJob, JobStatus
from groundup.store.db import Store

ALREADY = "This clip was already sent for this person; this is that analysis."


def submit_to_table(store: Store, queue: str, job: AnalysisJob, data_dir: Path | None) -> tuple[JobStatus, bool]:
    """Record the job (queued); the earlier job of the same clip and person, and ``True``, for a duplicate."""
    record, duplicate = records.submit_job(
        store, queue=queue, person_id=job.person_id, clip=records.stored_path(job.video, data_dir),
        checksum=file_checksum(job.video), out=records.stored_path(job.out, data_dir), movement=job.movement)
    status = records.status_of(record)
    if duplicate:
        if records.local_path(record.clip, data_dir) != job.video.absolute():
            job.video.unlink(missing_ok=True)  # the earlier upload is the one analysed
        return replace(status, message=status.message or ALREADY), True
    return status, False


def table_status(store: Store, job_id: str) -> JobStatus | None:
    record = records.get_job(store, job_id)
    return records.status_of(record) if record is not None else None
