"""The default job queue: a separate, lower-priority process that reports back."""

from __future__ import annotations

import time
from pathlib import Path

from groundup.web.jobs import AnalysisJob, ProcessJobQueue, progress_fraction


def wait_until_finished(queue: ProcessJobQueue, job_id: str, timeout_s: float = 60.0):
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        status = queue.status(job_id)
        if status.finished:
            return status
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} did not finish within {timeout_s} s: {queue.status(job_id)}")


def test_progress_runs_from_tracking_to_drawing() -> None:
    steps = [progress_fraction("pose", 0, 100), progress_fraction("pose", 50, 100), progress_fraction("pose", 100, 100),
             progress_fraction("render", 10, 100), progress_fraction("render", 100, 100)]
    assert steps == sorted(steps) and steps[0] > 0 and steps[-1] < 1
    assert progress_fraction("pose", 5, 0) == progress_fraction("pose", 0, 1)  # an unknown total does not divide by 0


def test_a_failing_job_reports_one_sentence_and_the_worker_lives_on(tmp_path: Path) -> None:
    queue = ProcessJobQueue(nice=5)
    try:
        bad = tmp_path / "upload.mp4"
        bad.write_bytes(b"not a video at all")
        jobs = [queue.submit(AnalysisJob(1, "Ana", bad, tmp_path / f"out{n}", "arms-down-squat",
                                         f"sqlite:///{tmp_path / 'db.sqlite3'}")) for n in range(2)]
        assert {j.state for j in jobs} == {"queued"}
        for job in jobs:  # one worker takes them in turn
            status = wait_until_finished(queue, job.id)
            assert status.state == "failed" and status.assessment_id is None
            assert "not a readable video" in status.message and str(bad) not in status.message
        assert queue._proc.is_alive() and queue._proc.pid != __import__("os").getpid()
        assert not (tmp_path / "out0").exists()
    finally:
        queue.close()
    assert not queue._proc.is_alive()
