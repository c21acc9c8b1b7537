"""Stopping `groundup assess` part-way: no process left behind, one line, the shell's exit code.

The workers and the multiprocessing resource tracker are found by process id (the
parent's descendants in /proc), recorded while they run, and checked again after the stop.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from clips import clip

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists() or (os.cpu_count() or 1) < 2,
                                reason="needs Linux /proc and two cores (the clip is then split over two processes)")
GONE_WITHIN_S = 5.0
WORKER_MARK = "spawn_main"  # in the command line of a spawned multiprocessing worker


def parent_of(stat_text: str) -> int:
    return int(stat_text.rsplit(")", 1)[1].split()[1])


def descendants(pid: int) -> set[int]:
    """Every process below ``pid``, found through each process's parent id in /proc."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parents[int(stat.parent.name)] = parent_of(stat.read_text())
        except (OSError, ValueError, IndexError):
            continue
    found, todo = set(), [pid]
    while todo:
        here = todo.pop()
        for child, parent in parents.items():
            if parent == here and child not in found:
                found.add(child)
                todo.append(child)
    return found


def alive(pid: int) -> bool:
    """Running (a zombie has ended; only its exit status waits to be collected)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def command_line(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def start_assess(tmp_path: Path) -> tuple[subprocess.Popen, set[int]]:
    """`groundup assess` on a 9 s clip, in its own process group, once its pose worker runs (the first chunk runs in
    the command's own process)."""
    with (tmp_path / "stderr.txt").open("w") as err:  # a file, not a pipe: orphans holding a pipe block a reader
        proc = subprocess.Popen([sys.executable, "-m", "groundup", "assess", str(clip("ucsd_front_squat.mp4")),
                                 "--movement", "arms-down-squat", "--out", str(tmp_path / "out")], cwd=tmp_path,
                                stdout=subprocess.DEVNULL, stderr=err, start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        below = descendants(proc.pid)
        if sum(WORKER_MARK in command_line(p) for p in below) >= 1:
            time.sleep(2.0)  # let them get into the pose model
            return proc, descendants(proc.pid)
        time.sleep(0.1)
    proc.kill()
    pytest.fail(f"the pose workers never appeared (exit {proc.poll()}): {(tmp_path / 'stderr.txt').read_text()}")


def assert_all_gone(pids: set[int]) -> None:
    deadline = time.monotonic() + GONE_WITHIN_S
    while time.monotonic() < deadline and any(alive(p) for p in pids):
        time.sleep(0.05)
    left = {p: command_line(p) for p in pids if alive(p)}
    for pid in left:  # do not leave them running for the next test
        os.kill(pid, signal.SIGKILL)
    assert not left, f"still running {GONE_WITHIN_S} s after the stop: {left}"


def test_killed_assess_leaves_no_process_behind(tmp_path: Path) -> None:
    proc, children = start_assess(tmp_path)
    assert sum(WORKER_MARK in command_line(p) for p in children) >= 1, children
    os.kill(proc.pid, signal.SIGKILL)
    assert proc.wait(timeout=10) == -signal.SIGKILL
    assert_all_gone(children)


@pytest.mark.parametrize("signum,to_group,code,words", [
    (signal.SIGINT, True, 130, "stopped by Ctrl-C"),  # Ctrl-C at a terminal reaches the whole process group
    (signal.SIGINT, False, 130, "stopped by Ctrl-C"),  # `kill -INT` reaches the parent only
    (signal.SIGTERM, False, 143, "asked to terminate"),
])
def test_interrupted_assess_stops_at_once_with_one_line(tmp_path: Path, signum: int, to_group: bool, code: int,
                                                        words: str) -> None:
    proc, children = start_assess(tmp_path)
    sent = time.monotonic()
    if to_group:
        os.killpg(proc.pid, signum)
    else:
        os.kill(proc.pid, signum)
    returncode = proc.wait(timeout=30)
    took = time.monotonic() - sent
    lines = [ln for ln in (tmp_path / "stderr.txt").read_text().splitlines() if ln.strip()]
    assert returncode == code, lines
    assert took < 5.0, f"took {took:.1f} s to stop"
    assert len(lines) == 1 and words in lines[0], lines
    assert_all_gone(children)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["stderr.txt"]  # no folder, no temporary leftovers
