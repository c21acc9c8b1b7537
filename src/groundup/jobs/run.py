"""Running one job, wherever it runs: claim it, check the clip, analyse, store once, record the outcome.

Storing is idempotent per job: the assessment is stored from the job's own analysis folder, so a
job re-delivered after its worker died between storing and recording the outcome finds the stored
assessment instead of adding a second one.
"""

from __future__ import annotations

import hashlib
import shutil
import time
from pathlib import Path

from groundup.errors import GroundupError
from groundup.jobs import records
from groundup.jobs.records import JobRecord
from groundup.jobs.types import progress_fraction, stage_words
from groundup.store.db import Store

PROGRESS_EVERY_S = 0.5  # at most this often a progress row is written (it is also the heartbeat)
CHUNK = 1 << 20


def file_checksum(path: Path) -> str:
    """sha256 of a file, hex."""
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while block := f.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


def check_clip(clip: Path, checksum: str) -> None:
    """The clip this worker sees is the one that was submitted (a shared folder can lag or differ)."""
    try:
        found = file_checksum(clip)
    except OSError as exc:
        raise GroundupError(f"The clip '{clip.name}' cannot be read on this worker ({exc.strerror or exc}); "
                            "every worker needs the shared data folder.") from None
    if found != checksum:
        raise GroundupError(f"The clip '{clip.name}' on this worker is not the one that was submitted "
                            "(its checksum differs); it may still be copying, or was replaced.")


def clear_leftovers(out: Path) -> None:
    """Remove the temporary folders an earlier attempt of this job left when its process was killed
    (only the job's owner writes there, and the earlier owner is gone)."""
    for leftover in out.parent.glob(f".{out.name}.tmp-*") if out.parent.is_dir() else ():
        shutil.rmtree(leftover, ignore_errors=True)


def run_job(store: Store, job_id: str, data_dir: Path | None, owner: str | None = None) -> JobRecord | None:
    """Run the job if this process may take it; the job as it ended, or ``None`` when it was not ours."""
    owner = owner or records.this_process()
    taken, job = records.claim(store, job_id, owner)
    if taken != "claimed" or job is None:
        return None
    clip, out = records.local_path(job.clip, data_dir), records.local_path(job.out, data_dir)
    if job.attempts > 1:
        clear_leftovers(out)
    try:
        _analyse_and_store(store, job, clip, out, owner)
    except GroundupError as exc:
        records.fail(store, job.id, str(exc).replace(str(clip), clip.name))
    except Exception as exc:  # a bug: the job fails with a sentence, the worker lives on
        records.fail(store, job.id, f"The analysis stopped on an internal error ({type(exc).__name__}).")
    return records.get_job(store, job.id)


def _analyse_and_store(store: Store, job: JobRecord, clip: Path, out: Path, owner: str) -> None:
    from groundup import coach
    from groundup.pipeline import AssessOptions, assess_video

    check_clip(clip, job.checksum)
    name = records.person_name(store, job.person_id) if job.person_id is not None else None
    if job.person_id is not None and name is None:
        raise GroundupError("The person this clip was for is no longer in the database.")
    if job.person_id is not None and (stored := records.assessment_in(store, job.person_id, str(out))):
        records.finish(store, job.id, stored, "Stored.")  # an earlier attempt stored it, then stopped
        return
    last = [0.0]

    def progress(stage: str, done: int, total: int) -> None:
        if time.monotonic() - last[0] >= PROGRESS_EVERY_S:
            last[0] = time.monotonic()
            records.report_progress(store, job.id, owner, stage_words(stage), progress_fraction(stage, done, total))

    outcome = assess_video(clip, out, AssessOptions(movement=job.movement, workers=1), progress)
    if name is None or job.person_id is None:
        records.finish(store, job.id, None, "")
        return
    records.report_progress(store, job.id, owner, "Saving the result", 0.97)
    update = coach.store_assessment(store, name, outcome.result, str(out))
    records.finish(store, job.id, update.assessment.id, update.message)
