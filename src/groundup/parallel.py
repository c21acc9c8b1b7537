"""Run the chunks of one clip on several processes, with progress reported back.

Pose inference and drawing are single-threaded per frame; a clip split into time
chunks uses every core. With ``n`` workers the first chunk runs in this process and
the others on ``n - 1`` worker processes, started (and their models loaded, by the
``warm`` function) as soon as the runner is made, while this process reads the clip.
Workers are spawned (never forked: MediaPipe and FFmpeg threads do not survive a
fork) and stay alive for all stages of one assessment. With one worker, or a short
clip, everything runs in this process.

Workers never outlive this process: each asks the kernel for SIGKILL when its parent
dies (Linux) and watches its parent's pid as a fallback; they ignore Ctrl-C and leave
stopping to the parent, which kills them at once when it stops on an error or signal.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing as mp
import os
import queue
import signal
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from groundup.quiet import hide_numeric_warnings

ProgressFn = Callable[[str, int, int], None]
MIN_CHUNK_S = 4.0  # shorter chunks cost more in start-up and seeking than they save
MAX_WORKERS = 4
PARENT_CHECK_S = 0.5  # how often a worker checks that its parent is alive (fallback to the kernel's signal)
PR_SET_PDEATHSIG = 1  # prctl option from <linux/prctl.h>

_queue: Any = None  # in a worker: where progress goes
_sent = 0  # in a worker: frames reported by the task running now
LATE_PROGRESS_S = 5.0  # longest wait for a finished worker's last progress messages
_here = threading.local()  # in-process: .count, the counter of the map running on this thread


def _init_worker(progress_queue: Any, parent_pid: int, warm: Callable[[], None] | None) -> None:
    global _queue
    _queue = progress_queue
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole process group; the parent decides
    die_with_parent(parent_pid)
    hide_numeric_warnings()
    if warm is not None:
        warm()


def _started() -> None:
    """A task that only makes the pool start its workers."""


def _call_counted(fn: Callable[..., Any], args: tuple) -> tuple[Any, int]:
    """In a worker: ``fn(*args)`` and how many frames it reported (their messages may still be on the way)."""
    global _sent
    _sent = 0
    return fn(*args), _sent


def die_with_parent(parent_pid: int) -> None:
    """End this process when ``parent_pid`` (its parent) ends, even by SIGKILL."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):  # no usable libc: the watchdog below still works
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent_pid:  # the parent died before the request took effect
        os._exit(1)
    threading.Thread(target=_watch_parent, args=(parent_pid,), name="groundup-parent-watch", daemon=True).start()


def _watch_parent(parent_pid: int) -> None:
    while os.getppid() == parent_pid:
        time.sleep(PARENT_CHECK_S)
    os._exit(1)


def report(stage: str, frames: int) -> None:
    """Count ``frames`` more frames done in ``stage`` (from a worker or in-process)."""
    global _sent
    if _queue is not None:
        _queue.put((stage, frames))
        _sent += frames
    elif getattr(_here, "count", None) is not None:
        _here.count(stage, frames)


def worker_count(duration_s: float, cores: int | None = None) -> int:
    """How many processes a clip of ``duration_s`` is worth."""
    cores = cores or os.cpu_count() or 1
    return max(1, min(cores, MAX_WORKERS, int(duration_s // MIN_CHUNK_S)))


def time_chunks(duration_s: float, n: int) -> list[tuple[float | None, float | None]]:
    """``n`` consecutive (start, end) ranges covering the clip; open at both ends."""
    cuts = [duration_s * k / n for k in range(1, n)]
    return list(zip([None, *cuts], [*cuts, None]))


class ChunkRunner:
    """Runs functions over chunks: the first in this process, the others on worker processes."""

    def __init__(self, workers: int, warm: Callable[[], None] | None = None) -> None:
        self.workers = workers
        self._pool: ProcessPoolExecutor | None = None
        self._queue: Any = None
        if workers > 1:
            ctx = mp.get_context("spawn")
            self._queue = ctx.Queue()
            self._pool = ProcessPoolExecutor(workers - 1, mp_context=ctx, initializer=_init_worker,
                                             initargs=(self._queue, os.getpid(), warm))
            self._pool.submit(_started)  # start the workers now, not at the first chunk

    def map(self, fn: Callable[..., Any], calls: list[tuple], stage: str, total: int,
            on_progress: ProgressFn | None = None, meanwhile: Callable[[], None] | None = None) -> list[Any]:
        """``[fn(*args) for args in calls]``: ``calls[0]`` here, the others on the workers meanwhile.

        ``meanwhile`` runs in this process first, while the workers start on their chunks.
        """
        done = from_workers = 0

        def count(_: str, frames: int) -> None:
            nonlocal done
            done += frames
            if self._queue is not None:
                self._drain(add, timeout=0.0)
            if on_progress:
                on_progress(stage, done, max(total, done))

        def add(_: str, frames: int) -> None:
            nonlocal done, from_workers
            done, from_workers = done + frames, from_workers + frames

        def took(stage_: str, frames: int) -> None:
            nonlocal from_workers
            from_workers += frames
            count(stage_, frames)

        futures = [self._pool.submit(_call_counted, fn, args) for args in calls[1:]] if self._pool else []
        _here.count = count
        try:
            if meanwhile:
                meanwhile()
            results = [fn(*args) for args in (calls if self._pool is None else calls[:1])]
        finally:
            _here.count = None
        while not all(f.done() for f in futures):
            self._drain(took, timeout=0.1)
        outcomes = [f.result() for f in futures]
        sent, deadline = sum(n for _, n in outcomes), time.monotonic() + LATE_PROGRESS_S
        while from_workers < sent and time.monotonic() < deadline:  # every frame counted before returning
            self._drain(took, timeout=0.1)
        return results + [result for result, _ in outcomes]

    def _drain(self, count: Callable[[str, int], None], timeout: float) -> None:
        try:
            while True:
                stage, frames = self._queue.get(timeout=timeout)
                count(stage, frames)
                timeout = 0.0
        except queue.Empty:
            return

    def close(self, abandon: bool = False) -> None:
        """Shut the workers down: after their work, or at once (``abandon``: an error or Ctrl-C)."""
        if self._pool is None:
            return
        if abandon:
            # ProcessPoolExecutor has no public way to stop a running task before Python 3.14
            for process in list(self._pool._processes.values()):
                process.kill()
        self._pool.shutdown(wait=True, cancel_futures=True)
        self._queue.close()
        self._queue.cancel_join_thread()
        self._pool = None

    def __enter__(self) -> ChunkRunner:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, *rest: object) -> None:
        self.close(abandon=exc_type is not None)
