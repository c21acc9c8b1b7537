"""Run the chunks of one clip on several processes, with progress reported back.

Pose inference and drawing are single-threaded per frame; a clip split into time
chunks uses every core. Workers are spawned (never forked: MediaPipe and FFmpeg
threads do not survive a fork) and stay alive for all stages of one assessment.
With one worker, or a short clip, chunks run in this process instead.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import queue
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import Any

ProgressFn = Callable[[str, int, int], None]
MIN_CHUNK_S = 4.0  # shorter chunks cost more in start-up and seeking than they save
MAX_WORKERS = 4

_queue: Any = None  # in a worker: where progress goes
_local: Callable[[str, int], None] | None = None  # in-process: the caller's counter


def _init_worker(progress_queue: Any) -> None:
    global _queue
    _queue = progress_queue


def report(stage: str, frames: int) -> None:
    """Count ``frames`` more frames done in ``stage`` (from a worker or in-process)."""
    if _queue is not None:
        _queue.put((stage, frames))
    elif _local is not None:
        _local(stage, frames)


def worker_count(duration_s: float, cores: int | None = None) -> int:
    """How many processes a clip of ``duration_s`` is worth."""
    cores = cores or os.cpu_count() or 1
    return max(1, min(cores, MAX_WORKERS, int(duration_s // MIN_CHUNK_S)))


def time_chunks(duration_s: float, n: int) -> list[tuple[float | None, float | None]]:
    """``n`` consecutive (start, end) ranges covering the clip; open at both ends."""
    cuts = [duration_s * k / n for k in range(1, n)]
    return list(zip([None, *cuts], [*cuts, None]))


class ChunkRunner:
    """Runs functions over chunks, on worker processes or in this process."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._pool: ProcessPoolExecutor | None = None
        self._queue: Any = None
        if workers > 1:
            ctx = mp.get_context("spawn")
            self._queue = ctx.Queue()
            self._pool = ProcessPoolExecutor(workers, mp_context=ctx, initializer=_init_worker,
                                             initargs=(self._queue,))

    def map(self, fn: Callable[..., Any], calls: list[tuple], stage: str, total: int,
            on_progress: ProgressFn | None = None, meanwhile: Callable[[], None] | None = None) -> list[Any]:
        """``[fn(*args) for args in calls]``, in parallel when there are workers.

        ``meanwhile`` runs in this process while the workers compute.
        """
        done = 0

        def count(_: str, frames: int) -> None:
            nonlocal done
            done += frames
            if on_progress:
                on_progress(stage, done, max(total, done))

        if self._pool is None:
            global _local
            _local = count
            try:
                results = [fn(*args) for args in calls]
            finally:
                _local = None
            if meanwhile:
                meanwhile()
            return results
        futures = [self._pool.submit(fn, *args) for args in calls]
        if meanwhile:
            meanwhile()
        while not all(f.done() for f in futures):
            self._drain(count, timeout=0.1)
        self._drain(count, timeout=0.0)
        return [f.result() for f in futures]

    def _drain(self, count: Callable[[str, int], None], timeout: float) -> None:
        try:
            while True:
                stage, frames = self._queue.get(timeout=timeout)
                count(stage, frames)
                timeout = 0.0
        except queue.Empty:
            return

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._queue.close()

    def __enter__(self) -> ChunkRunner:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
