"""Job-queue test helpers: Redis database 11, worker processes, a private Redis server, a person."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from groundup.store import Store, repo

REDIS_URL = os.environ.get("GROUNDUP_TEST_REDIS", "redis://127.0.0.1:6379/11")
CLIP = Path(__file__).parents[1] / "data" / "clips" / "liftcheck_back_squat_front.mp4"  # 5.8 s, the shortest
SRC = Path(__file__).parents[2] / "src"


def flush(url: str) -> None:
    """Empty this Redis database (only this one)."""
    import redis

    client = redis.Redis.from_url(url, socket_connect_timeout=3)
    try:
        client.flushdb()
    except redis.exceptions.ConnectionError as exc:
        pytest.fail(f"Redis at {url} is unreachable, and the job-queue tests must run on it: {exc}", pytrace=False)
    finally:
        client.close()


def add_person(store: Store, name: str) -> int:
    with store.session() as s:
        return repo.add_person(s, name).id


def groundup(*args: str) -> list[str]:
    """The command line of ``groundup ARGS`` on this worktree's code."""
    return [sys.executable, "-m", "groundup", *args]


def env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(SRC)}


def start_worker(broker: str, db_url: str, data: Path, log: Path) -> subprocess.Popen:
    """A real ``groundup worker`` (its own process group), started and connected."""
    proc = subprocess.Popen(groundup("worker", "--broker", broker, "--db", db_url, "--data", str(data)),
                            env=env(), stdout=log.open("ab"), stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.monotonic() + 60
    while not worker_children(proc.pid):  # its pool process is up (messages sent meanwhile wait in Redis)
        if proc.poll() is not None or time.monotonic() > deadline:
            stop(proc)
            pytest.fail(f"the worker did not start: {log.read_text(errors='replace')[-2000:]}")
        time.sleep(0.2)
    return proc


def worker_children(pid: int) -> list[int]:
    """The pool processes of a worker."""
    path = Path(f"/proc/{pid}/task/{pid}/children")
    try:
        return [int(p) for p in path.read_text().split()]
    except OSError:
        return []


def stop(proc: subprocess.Popen) -> None:
    """Stop a worker and its pool processes (by its process group, which it was started as)."""
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=20)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PrivateRedis:
    """A redis-server of this test's own (no persistence), which the test may restart."""

    def __init__(self, folder: Path) -> None:
        self.folder, self.port = folder, free_port()
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        binary = shutil.which("redis-server") or "/usr/bin/redis-server"
        self.proc = subprocess.Popen([binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                                      "--appendonly", "no", "--dir", str(self.folder)],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                return
            except OSError:
                time.sleep(0.1)
        pytest.fail("the private redis-server did not start")

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.kill()
            self.proc.wait(timeout=10)
            self.proc = None


def distinct_copy(source: Path, target: Path, tag: str) -> Path:
    """The same video (packets copied, not re-encoded) in a new container tagged ``tag``: another checksum."""
    import av

    with av.open(str(source)) as src, av.open(str(target), "w", format="mp4") as dst:
        dst.metadata["title"] = tag
        video = src.streams.video[0]
        out = dst.add_stream_from_template(video)
        for packet in src.demux(video):
            if packet.dts is None:
                continue
            packet.stream = out
            dst.mux(packet)
    return target
