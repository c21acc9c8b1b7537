"""A real ``groundup serve`` subprocess on a free localhost port, for the browser test and the benchmark."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

GROUNDUP = Path(sys.executable).with_name("groundup")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def groundup(*args: str, password: str | None = None, check: bool = True) -> subprocess.CompletedProcess:
    """Run a groundup command (password through $GROUNDUP_PASSWORD)."""
    env = {k: v for k, v in os.environ.items() if k != "GROUNDUP_PASSWORD"}
    if password is not None:
        env["GROUNDUP_PASSWORD"] = password
    return subprocess.run([str(GROUNDUP), *args], env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                          check=check, timeout=120)


def wait_for(url: str, timeout_s: float, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"groundup serve exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"groundup serve did not answer at {url} within {timeout_s} s")


@contextmanager
def running_server(folder: Path, *extra: str) -> Iterator[str]:
    """Start ``groundup serve`` on a database and data folder in ``folder``; yield its base URL."""
    port = free_port()
    log = (folder / "server.log").open("w")
    process = subprocess.Popen([str(GROUNDUP), "serve", "--host", "127.0.0.1", "--port", str(port),
                                "--db", str(folder / "web.sqlite3"), "--data", str(folder / "data"), *extra],
                               stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(f"{base}/login", 60, process)
        yield base
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        log.close()
