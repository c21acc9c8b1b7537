"""Throughput of ``groundup batch`` through 1 and then 2 single-threaded ``groundup worker`` processes.

Makes N distinct copies of the shortest real clip (the same frames in new containers, so each has its
own checksum), then for 1 and for 2 workers (``--concurrency 1`` each, numeric libraries limited to one
thread) times ``groundup batch --broker`` over them on a fresh SQLite database and Redis database 12
(flushed before and after; nothing else on the server is touched). Also times ``groundup assess`` on
one clip. Prints the throughput ratio (goal >= 1.8x on a 2-core machine) and the per-job cost of the
queue: wall time per clip with one worker against ``groundup assess`` and against the time the worker
spent in the analysis itself (from the job table).

    .venv/bin/python benchmarks/batch.py [--clips 8] [--broker redis://127.0.0.1:6379/12]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "queue"))
from queue_helpers import CLIP, distinct_copy, flush, stop, worker_children  # noqa: E402

from groundup.jobs import records  # noqa: E402
from groundup.store import models as m  # noqa: E402
from groundup.store import open_store  # noqa: E402

ONE_THREAD = dict.fromkeys(("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS"), "1")
MOVEMENT = "arms-down-squat"


def groundup(*args: str) -> list[str]:
    return [sys.executable, "-m", "groundup", *args]


def env() -> dict[str, str]:
    return {**os.environ, **ONE_THREAD, "PYTHONPATH": str(ROOT / "src")}


def start_workers(n: int, broker: str, db: str, data: Path) -> list[subprocess.Popen]:
    procs = [subprocess.Popen(groundup("worker", "--broker", broker, "--db", db, "--data", str(data),
                                       "--concurrency", "1"), env=env(), stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, start_new_session=True) for _ in range(n)]
    deadline = time.monotonic() + 120
    while not all(worker_children(p.pid) for p in procs):
        if time.monotonic() > deadline:
            raise SystemExit("the workers did not start")
        time.sleep(0.2)
    return procs


def timed_batch(n_workers: int, clips: Path, folder: Path, broker: str) -> tuple[float, list[float]]:
    """Wall seconds of the batch, and each job's seconds in the worker (claimed to finished)."""
    db = f"sqlite:///{folder / f'w{n_workers}.sqlite3'}"
    flush(broker)
    workers = start_workers(n_workers, broker, db, folder)
    try:
        start = time.perf_counter()
        subprocess.run(groundup("batch", str(clips), "--out", str(folder / f"out{n_workers}"), "--broker", broker,
                                "--db", db, "--movement", MOVEMENT), env=env(), check=True, capture_output=True)
        wall = time.perf_counter() - start
    finally:
        for proc in workers:
            stop(proc)
        flush(broker)
    with open_store(db) as store, store.session() as s:
        jobs = [records._record(r) for r in s.query(m.JobRow)]
    assert all(j.state == "done" for j in jobs), [j.error for j in jobs]
    return wall, [(j.finished_at - j.started_at).total_seconds() for j in jobs if j.finished_at and j.started_at]


def timed_assess(clip: Path, folder: Path) -> float:
    start = time.perf_counter()
    subprocess.run(groundup("assess", str(clip), "--out", str(folder / "assess"), "--movement", MOVEMENT),
                   env=env(), check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clips", type=int, default=8)
    parser.add_argument("--broker", default="redis://127.0.0.1:6379/12")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="groundup-batch-bench-") as tmp:
        folder = Path(tmp)
        clips = folder / "clips"
        clips.mkdir()
        for n in range(args.clips):
            distinct_copy(CLIP, clips / f"clip{n + 1}.mp4", f"copy {n + 1}")
        assess_s = timed_assess(clips / "clip1.mp4", folder)
        one, one_jobs = timed_batch(1, clips, folder, args.broker)
        two, _ = timed_batch(2, clips, folder, args.broker)
    per_clip = one / args.clips
    in_worker = statistics.mean(one_jobs)
    print(f"{args.clips} clips of {CLIP.name} ({os.cpu_count()} cores)")
    print(f"groundup assess, one clip:            {assess_s:6.1f} s")
    print(f"1 worker:  {one:6.1f} s = {per_clip:5.1f} s per clip ({3600 / per_clip:5.0f} clips/hour); "
          f"in the worker {in_worker:.1f} s per job")
    print(f"2 workers: {two:6.1f} s = {two / args.clips:5.1f} s per clip ({3600 * args.clips / two:5.0f} clips/hour)")
    print(f"throughput ratio 2 vs 1 workers: {one / two:.2f}x (goal >= 1.8x)")
    print(f"queue cost per job: {per_clip - in_worker:+.1f} s over the analysis in the worker; "
          f"{per_clip - assess_s:+.1f} s against groundup assess on one clip")


if __name__ == "__main__":
    main()
