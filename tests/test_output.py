"""Outputs appear whole or not at all, and a target that cannot be written is refused before any work.

The tests run as root, for whom permission bits do not stop a write: a place that really
refuses is a path under a regular file, or a folder marked immutable (chattr +i).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from groundup import output
from groundup.errors import OutputError


@contextmanager
def immutable(path: Path) -> Iterator[None]:
    """``path`` cannot be changed, renamed or written into, even by root, while inside."""
    chattr = shutil.which("chattr")
    if chattr is None or subprocess.run([chattr, "+i", str(path)], capture_output=True).returncode != 0:
        pytest.skip("chattr +i is not available here (needs root and a file system that supports it)")
    try:
        yield
    finally:
        subprocess.run([chattr, "-i", str(path)], check=True)


def earlier_analysis(folder: Path) -> Path:
    folder.mkdir()
    (folder / "result.json").write_text("{}")
    return folder


def test_a_target_under_a_regular_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("x")
    with pytest.raises(OutputError, match="is a file"):
        output.check_target(tmp_path / "notes.txt" / "sub" / "out")


def test_a_target_in_a_folder_that_takes_no_new_entries_is_refused(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    with immutable(locked), pytest.raises(OutputError, match="Cannot write to"):
        output.check_target(locked / "new" / "out")
    assert list(locked.iterdir()) == []


def test_an_earlier_folder_that_cannot_be_moved_aside_is_refused(tmp_path: Path) -> None:
    earlier = earlier_analysis(tmp_path / "out")
    with immutable(earlier), pytest.raises(OutputError, match="cannot be replaced"):
        output.check_target(earlier)
    assert (earlier / "result.json").read_text() == "{}"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_the_move_aside_check_leaves_the_folder_in_place(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    earlier = earlier_analysis(tmp_path / "out")
    output.check_target(earlier)  # it can be replaced: renamed aside and back
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]

    def refuse(src: object, dst: object) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(output.os, "rename", refuse)
    with pytest.raises(OutputError, match="cannot be replaced"):
        output.check_target(earlier)
    assert (earlier / "result.json").exists()


def test_creating_is_proved_by_a_real_write(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(**kwargs: object) -> str:
        raise OSError(30, "Read-only file system")

    monkeypatch.setattr(output.tempfile, "mkdtemp", refuse)
    with pytest.raises(OutputError, match="Read-only file system"):
        output.check_can_create_in(tmp_path / "not" / "yet")
    assert list(tmp_path.iterdir()) == []  # the missing folders are not made by the check


def test_a_failed_swap_keeps_the_earlier_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    earlier = earlier_analysis(tmp_path / "out")
    real_rename = os.rename

    def refuse_to_swap_in(src: str | Path, dst: str | Path) -> None:
        if Path(src).name.startswith(".out.tmp-"):
            raise PermissionError(13, "Permission denied")
        real_rename(src, dst)

    with pytest.raises(OutputError, match="Cannot write"), output.atomic_folder(earlier) as tmp:
        (tmp / "result.json").write_text('{"new": true}')
        monkeypatch.setattr(output.os, "rename", refuse_to_swap_in)
    assert (earlier / "result.json").read_text() == "{}"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_a_file_is_written_whole_or_not_at_all(tmp_path: Path) -> None:
    page = tmp_path / "plan.html"
    output.write_text_atomic(page, "first")
    with pytest.raises(RuntimeError), output.atomic_file(page) as tmp:
        tmp.write_text("half")
        raise RuntimeError("drawing failed")
    assert page.read_text() == "first"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.html"]
    with pytest.raises(OutputError, match="is a folder"):
        output.write_text_atomic(tmp_path, "x")


WRITER = """
import sys, time
from pathlib import Path
from groundup.output import atomic_folder
with atomic_folder(Path(sys.argv[1])) as tmp:
    (tmp / "half.txt").write_text("half")
    print(tmp, flush=True)
    time.sleep(60)
"""


def start_writer(target: Path) -> tuple[subprocess.Popen, Path]:
    """A real process half-way through writing ``target``; returns it and its temporary folder."""
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(target)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    return proc, Path(proc.stdout.readline().strip())


def test_a_killed_runs_temporary_folder_is_removed_by_the_next_run_and_a_live_ones_kept(tmp_path: Path) -> None:
    target = tmp_path / "analysis"
    killed, killed_tmp = start_writer(target)
    live, live_tmp = start_writer(target)
    try:
        killed.kill()
        killed.wait(timeout=10)
        assert killed_tmp.is_dir() and live_tmp.is_dir()  # SIGKILL: nothing could clean up
        with output.atomic_folder(target) as tmp:
            (tmp / "result.json").write_text("{}")
        assert not killed_tmp.exists()
        assert (live_tmp / "half.txt").read_text() == "half"  # the live run's work is untouched
        assert (target / "result.json").exists()
    finally:
        live.kill()
        live.wait(timeout=10)
