"""The job table on SQLite and PostgreSQL: duplicates, claiming, taking over, giving up, progress."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from queue_helpers import add_person

from groundup.jobs import records
from groundup.store import Store


def _submit(store: Store, person_id: int | None, checksum: str = "a" * 64, out: str = "analyses/x"):
    return records.submit_job(store, queue="batch", person_id=person_id, clip="uploads/x.mp4", checksum=checksum,
                              out=out, movement=None)


def dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_the_same_clip_for_one_person_is_one_job(store: Store) -> None:
    ana, ben = add_person(store, "Ana"), add_person(store, "Ben")
    first, dup = _submit(store, ana)
    again, dup_again = _submit(store, ana, out="analyses/y")
    other, dup_other = _submit(store, ben)
    assert (dup, dup_again, dup_other) == (False, True, False)
    assert again.id == first.id and other.id != first.id
    records.fail(store, first.id, "broken")
    retry, dup_retry = _submit(store, ana)  # a failed job does not block a new attempt
    assert not dup_retry and retry.id != first.id


def test_without_a_person_the_folder_tells_clips_apart(store: Store) -> None:
    a, _ = _submit(store, None, out="out/a")
    b, dup_b = _submit(store, None, out="out/b")
    a2, dup_a = _submit(store, None, out="out/a")
    assert not dup_b and b.id != a.id and dup_a and a2.id == a.id


def test_a_job_is_run_by_one_process_and_taken_over_when_it_died(store: Store) -> None:
    job, _ = _submit(store, add_person(store, "Ana"))
    me = records.this_process()
    taken, record = records.claim(store, job.id, me)
    assert taken == "claimed" and record.state == "running" and record.attempts == 1 and record.worker == me
    assert records.claim(store, job.id, "elsewhere:1")[0] == "busy"  # this process is alive
    records.report_progress(store, job.id, "elsewhere:1", "Tracking joints", 0.5)  # not the owner: ignored
    records.report_progress(store, job.id, me, "Tracking joints", 0.4)
    assert records.get_job(store, job.id).progress == 0.4
    with store.session() as s:  # as if the process that claimed it had been killed
        s.get(records.m.JobRow, job.id).worker = f"{records.socket.gethostname()}:{dead_pid()}"
    taken, record = records.claim(store, job.id, me)
    assert taken == "claimed" and record.attempts == 2
    records.finish(store, job.id, None, "")
    assert records.claim(store, job.id, me)[0] == "finished"
    assert records.unfinished(store, "batch") == []


def test_a_clip_that_keeps_killing_its_worker_is_set_aside(store: Store) -> None:
    job, _ = _submit(store, None)
    for _ in range(records.MAX_ATTEMPTS):
        assert records.claim(store, job.id, f"{records.socket.gethostname()}:{dead_pid()}")[0] == "claimed"
        with store.session() as s:
            s.get(records.m.JobRow, job.id).worker = f"{records.socket.gethostname()}:{dead_pid()}"
    taken, record = records.claim(store, job.id, records.this_process())
    assert taken == "gave_up" and record.state == "failed" and record.attempts == records.MAX_ATTEMPTS
    assert "3 times" in record.error and "set aside" in record.error


def test_another_machine_s_job_is_taken_over_only_after_its_lease() -> None:
    now = records.now()
    assert records.owner_alive("otherhost:5", now, now)
    assert not records.owner_alive("otherhost:5", now - records.timedelta(seconds=records.LEASE_S + 1), now)
    assert not records.owner_alive(None, now, now)


def test_paths_are_kept_relative_to_the_shared_data_folder(tmp_path: Path) -> None:
    inside, outside = tmp_path / "uploads" / "a.mp4", Path("/elsewhere/b.mp4")
    assert records.stored_path(inside, tmp_path) == "uploads/a.mp4"
    assert records.stored_path(outside, tmp_path) == "/elsewhere/b.mp4"
    assert records.local_path("uploads/a.mp4", Path("/mnt/shared")) == Path("/mnt/shared/uploads/a.mp4")
    assert records.local_path("/elsewhere/b.mp4", Path("/mnt/shared")) == outside


def test_a_taken_over_job_clears_what_its_killed_attempt_left(tmp_path: Path) -> None:
    from groundup.jobs.run import clear_leftovers

    (tmp_path / ".a.tmp-x1y2" / "sub").mkdir(parents=True)
    (tmp_path / ".ab.tmp-x1y2").mkdir()  # another clip's folder
    (tmp_path / "a").mkdir()
    clear_leftovers(tmp_path / "a")
    assert sorted(p.name for p in tmp_path.iterdir()) == [".ab.tmp-x1y2", "a"]
    clear_leftovers(tmp_path / "missing" / "a")  # no folder yet: nothing to do
