"""Real ``groundup worker`` processes on real Redis and PostgreSQL (never Celery's eager mode).

A batch through two workers with one worker process SIGKILLed mid-job; clips that cannot be
analysed; a broker restarted during a batch.
"""

from __future__ import annotations

import csv
import os
import shutil
import signal
import subprocess
import threading
import time
from pathlib import Path

import pytest
from queue_helpers import CLIP, add_person, distinct_copy, env, groundup, start_worker, stop
from sqlalchemy import func, select

from groundup.jobs import batch, records
from groundup.jobs.celery_queue import CeleryJobQueue, celery_app, send
from groundup.store import models as m
from groundup.store import open_store
from groundup.web.jobs import AnalysisJob


def _wait_for_running(db_url: str, timeout_s: float = 300) -> records.JobRecord:
    """The first job a worker is analysing (past loading the model: some frames tracked)."""
    deadline = time.monotonic() + timeout_s
    with open_store(db_url) as store:
        while time.monotonic() < deadline:
            with store.session() as s:
                row = s.scalar(select(m.JobRow).where(m.JobRow.state == "running", m.JobRow.progress > 0.1))
                if row is not None:
                    return records._record(row)
            time.sleep(0.2)
    pytest.fail("no job started running")


def _summary(out: Path) -> list[dict]:
    with (out / "summary.csv").open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


@pytest.mark.slow
def test_a_batch_through_two_workers_survives_a_killed_worker(tmp_path: Path, redis_url: str, pg_url: str) -> None:
    clips = tmp_path / "clips"
    clips.mkdir()
    distinct_copy(CLIP, clips / "a.mp4", "a")
    distinct_copy(CLIP, clips / "b.mp4", "b")
    shutil.copy(clips / "a.mp4", clips / "c.mp4")  # the same clip again, for the same person
    with open_store(pg_url) as store:
        add_person(store, "Ana")
    workers = [start_worker(redis_url, pg_url, tmp_path, tmp_path / f"worker{n}.log") for n in range(2)]
    out = tmp_path / "out"
    command = groundup("batch", str(clips), "--out", str(out), "--person", "Ana", "--broker", redis_url,
                       "--db", pg_url, "--movement", "arms-down-squat")
    try:
        run = subprocess.Popen(command, env=env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        victim = _wait_for_running(pg_url)
        os.kill(int(victim.worker.rpartition(":")[2]), signal.SIGKILL)  # the pool process analysing it
        output, _ = run.communicate(timeout=900)
        assert run.returncode == 0, output
        again = subprocess.run(command, env=env(), capture_output=True, text=True, timeout=300)
    finally:
        for worker in workers:
            stop(worker)
    rows = _summary(out)
    assert [r["clip"] for r in rows] == ["a.mp4", "b.mp4", "c.mp4"]
    assert [r["status"] for r in rows] == ["done", "done", "duplicate"] and "a.mp4" in rows[2]["error"]
    assert all(r["left_knee_verdict"] and r["right_knee_verdict"] and r["movement"] == "arms-down-squat"
               for r in rows[:2])
    assert again.returncode == 0 and "2 done before" in again.stderr, again.stderr
    assert _summary(out) == rows
    with open_store(pg_url) as store, store.session() as s:
        folders = s.scalars(select(m.AssessmentRow.folder)).all()
        killed = s.get(m.JobRow, victim.id)
        jobs = s.scalar(select(func.count()).select_from(m.JobRow))
    assert sorted(folders) == [str(out / "a"), str(out / "b")]  # exactly one assessment per clip and person
    assert sorted(p.name for p in out.iterdir()) == ["a", "b", "summary.csv", "summary.json"]  # nothing left over
    assert killed.state == "done" and killed.attempts == 2 and jobs == 2


@pytest.mark.slow
def test_clips_that_cannot_be_analysed_fail_with_a_message_and_are_not_retried(tmp_path: Path,
                                                                              redis_url: str) -> None:
    db = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    (tmp_path / "uploads").mkdir()
    with open_store(db) as store:
        ana = add_person(store, "Ana")
        web = CeleryJobQueue(redis_url, db, tmp_path)
        bad = tmp_path / "uploads" / "bad.mp4"
        bad.write_bytes(b"not a video")
        corrupt = web.submit(AnalysisJob(ana, "Ana", bad, tmp_path / "analyses" / "bad", None, db))
        changed_clip = tmp_path / "uploads" / "changed.mp4"
        changed_clip.write_bytes(b"first version")
        changed = web.submit(AnalysisJob(ana, "Ana", changed_clip, tmp_path / "analyses" / "changed", None, db))
        changed_clip.write_bytes(b"replaced after it was submitted")
        poison, _ = records.submit_job(store, queue="batch-broker", person_id=None, clip=str(bad), checksum="0" * 64,
                                       out=str(tmp_path / "p"), movement=None)
        with store.session() as s:  # as if it had killed its worker each time it was delivered
            row = s.get(m.JobRow, poison.id)
            row.attempts, row.state, row.worker = records.MAX_ATTEMPTS, "running", "nohost:1"
            row.heartbeat_at = records.now() - records.timedelta(seconds=records.LEASE_S + 5)
        worker = start_worker(redis_url, db, tmp_path, tmp_path / "worker.log")
        try:
            app = celery_app(redis_url)
            send(app, [poison.id])
            app.close()
            ids = [corrupt.id, changed.id, poison.id]
            jobs = batch.wait_for(store, ids, lambda _: None)
        finally:
            stop(worker)
            web.close()
    assert jobs[corrupt.id].state == "failed" and "'bad.mp4' is not a readable video" in jobs[corrupt.id].error
    assert jobs[changed.id].state == "failed" and "checksum differs" in jobs[changed.id].error
    assert jobs[poison.id].state == "failed" and "set aside" in jobs[poison.id].error
    assert [jobs[i].attempts for i in ids] == [1, 1, records.MAX_ATTEMPTS]


@pytest.mark.slow
def test_a_batch_completes_when_the_broker_restarts(tmp_path: Path, private_redis, monkeypatch) -> None:
    monkeypatch.setattr(batch, "RESEND_S", 5.0)
    db = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    clips = [distinct_copy(CLIP, tmp_path / f"{name}.mp4", name) for name in ("a", "b")]
    worker = start_worker(private_redis.url, db, tmp_path, tmp_path / "worker.log")
    finished: dict = {}
    try:
        with open_store(db) as store:
            items = batch.submit_clips(store, clips, tmp_path / "out", "batch-broker", None, "arms-down-squat")
            follow = threading.Thread(target=lambda: finished.update(
                batch.run_on_broker(store, private_redis.url, batch.to_run(items), lambda _: None)), daemon=True)
            follow.start()
            _wait_for_running(db)
            private_redis.stop()  # no persistence: the queued message is lost with it
            time.sleep(2)
            private_redis.start()
            follow.join(timeout=900)
    finally:
        stop(worker)
    assert not follow.is_alive()
    assert [finished[i.job.id].state for i in items] == ["done", "done"]
    assert all((tmp_path / "out" / name / "result.json").is_file() for name in ("a", "b"))
