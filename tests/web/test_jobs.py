"""The default job queue: a separate, lower-priority process; jobs kept in the database and resumed."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from groundup.jobs import records
from groundup.store import open_store, repo
from groundup.web.jobs import AnalysisJob, ProcessJobQueue, progress_fraction

CLIP = Path(__file__).parents[1] / "data" / "clips" / "liftcheck_back_squat_front.mp4"  # 5.8 s, the shortest


def wait_until_finished(queue: ProcessJobQueue, job_id: str, timeout_s: float = 60.0):
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        status = queue.status(job_id)
        if status.finished:
            return status
        time.sleep(0.1)
    raise AssertionError(f"job {job_id} did not finish within {timeout_s} s: {queue.status(job_id)}")


def _person(db_url: str, name: str) -> int:
    with open_store(db_url) as store, store.session() as s:
        return repo.add_person(s, name).id


def test_progress_runs_from_tracking_to_drawing() -> None:
    steps = [progress_fraction("pose", 0, 100), progress_fraction("pose", 50, 100), progress_fraction("pose", 100, 100),
             progress_fraction("render", 10, 100), progress_fraction("render", 100, 100)]
    assert steps == sorted(steps) and steps[0] > 0 and steps[-1] < 1
    assert progress_fraction("pose", 5, 0) == progress_fraction("pose", 0, 1)  # an unknown total does not divide by 0


def test_a_failing_job_reports_one_sentence_and_the_worker_lives_on(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    ana = _person(db, "Ana")
    queue = ProcessJobQueue(db, tmp_path, nice=5)
    try:
        jobs = []
        for n in range(2):
            bad = tmp_path / "uploads" / f"upload{n}.mp4"
            bad.parent.mkdir(exist_ok=True)
            bad.write_bytes(b"not a video at all %d" % n)
            jobs.append(queue.submit(AnalysisJob(ana, "Ana", bad, tmp_path / f"out{n}", "arms-down-squat", db)))
        assert {j.state for j in jobs} == {"queued"}
        for job in jobs:  # one worker takes them in turn
            status = wait_until_finished(queue, job.id)
            assert status.state == "failed" and status.assessment_id is None
            assert "not a readable video" in status.message and str(tmp_path) not in status.message
        assert queue._proc.is_alive() and queue._proc.pid != os.getpid()
        assert not (tmp_path / "out0").exists()
        stored = records.get_job(queue.store, jobs[0].id)
        assert stored.clip == "uploads/upload0.mp4" and stored.attempts == 1  # kept relative to the data folder
    finally:
        queue.close()
    assert not queue._proc.is_alive()


def test_the_same_upload_twice_for_one_person_is_one_job(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    ana = _person(db, "Ana")
    queue = ProcessJobQueue(db, tmp_path, nice=5)
    try:
        first, second = (tmp_path / "one.mp4", tmp_path / "two.mp4")
        first.write_bytes(b"the same bytes")
        second.write_bytes(b"the same bytes")
        a = queue.submit(AnalysisJob(ana, "Ana", first, tmp_path / "out1", None, db))
        b = queue.submit(AnalysisJob(ana, "Ana", second, tmp_path / "out2", None, db))
        assert b.id == a.id and "already sent" in b.message
        assert not second.exists() and first.exists()  # the second upload is not kept
    finally:
        queue.close()


@pytest.mark.slow
def test_a_restarted_server_resumes_its_queued_jobs(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    ana = _person(db, "Ana")
    clip = tmp_path / "uploads" / "squat.mp4"
    clip.parent.mkdir()
    shutil.copy(CLIP, clip)
    first = ProcessJobQueue(db, tmp_path, nice=5)
    queued = first.submit(AnalysisJob(ana, "Ana", clip, tmp_path / "analyses" / "squat", "arms-down-squat", db))
    first.close()  # the server stops before (or while) the job runs
    with open_store(db) as store:
        assert not records.get_job(store, queued.id).finished
    second = ProcessJobQueue(db, tmp_path, nice=5)
    try:
        done = wait_until_finished(second, queued.id, timeout_s=300)
    finally:
        second.close()
    assert done.state == "done" and done.assessment_id is not None, done.message
    with open_store(db) as store, store.session() as s:
        stored = repo.latest_assessments(s, repo.get_person_by_name(s, "Ana"), n=5)
    assert [a.id for a in stored] == [done.assessment_id]
    assert (tmp_path / "analyses" / "squat" / "result.json").is_file()
