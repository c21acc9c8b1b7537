"""The coaching commands as a person runs them: one clear sentence on bad input, nothing lost."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from clips import clip


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "groundup", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=600, stdin=subprocess.DEVNULL)


def one_error(proc: subprocess.CompletedProcess, code: int, words: str) -> None:
    assert proc.returncode == code, proc.stderr
    lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("error:") and words.lower() in lines[0].lower(), proc.stderr
    assert "Traceback" not in proc.stderr


@pytest.fixture(scope="module")
def coached(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A person with the bundled sample assessed and stored."""
    where = tmp_path_factory.mktemp("coach")
    db = str(where / "g.sqlite3")
    assert run("person", "add", "Ana", "--db", db, cwd=where).returncode == 0
    proc = run("assess", str(clip("ucsd_front_squat.mp4")), "--movement", "arms-down-squat", "--person", "Ana",
               "--db", db, "--out", str(where / "a1"), cwd=where)
    assert proc.returncode == 0, proc.stderr
    assert "groundup plan --person" in proc.stdout
    return where, db


def test_plan_shows_the_week_and_writes_the_page(coached) -> None:
    where, db = coached
    proc = run("plan", "--person", "Ana", "--db", db, "--out", "week1.html", cwd=where)
    assert proc.returncode == 0, proc.stderr
    assert "week 1" in proc.stdout and "balance-bodyweight" in proc.stdout and "next re-test" in proc.stdout
    page = (where / "week1.html").read_text()
    assert 'id="plan-title"' in page and "Ana" in page


def test_log_with_flags_then_export(coached) -> None:
    where, db = coached
    proc = run("log", "--person", "Ana", "--exercise", "balance-bodyweight", "--seconds", "15", "--side", "left",
               "--difficulty", "5", "--pain", "0", "--date", "2026-01-02", "--db", db, cwd=where)
    assert proc.returncode == 0, proc.stderr
    proc = run("export", "--person", "Ana", "--out", "export", "--db", db, cwd=where)
    assert proc.returncode == 0, proc.stderr
    data = json.loads((where / "export" / "export.json").read_text())
    assert any(r["exercise_id"] == "balance-bodyweight" for r in data["set_logs"])
    proc = run("progress", "--person", "Ana", "--out", "progress.png", "--db", db, cwd=where)
    assert proc.returncode == 0 and (where / "progress.png").stat().st_size > 1000


def test_plan_and_progress_write_files_only_where_asked(coached, tmp_path: Path) -> None:
    _, db = coached
    elsewhere = tmp_path / "cwd"
    elsewhere.mkdir()
    plan = run("plan", "--person", "Ana", "--db", db, cwd=elsewhere)
    assert plan.returncode == 0, plan.stderr
    assert "week 1" in plan.stdout and "add --out" in plan.stdout
    progress = run("progress", "--person", "Ana", "--db", db, cwd=elsewhere)
    assert progress.returncode == 0, progress.stderr
    assert "inward shift" in progress.stdout and "add --out" in progress.stdout
    assert list(elsewhere.iterdir()) == []
    one_error(run("progress", "--person", "Ana", "--out", "plot.txt", "--db", db, cwd=elsewhere), 2, ".png")
    assert list(elsewhere.iterdir()) == []


@pytest.mark.parametrize("args,code,words", [
    (["plan", "--person", "Zoe"], 3, "No person named 'Zoe'"),
    (["log", "--person", "Ana", "--exercise", "balance-bodyweight", "--seconds", "10", "--side", "left",
      "--difficulty", "5", "--pain", "11"], 3, "pain"),
    (["log", "--person", "Ana", "--exercise", "balance-bodyweight", "--seconds", "-4", "--side", "left",
      "--difficulty", "5", "--pain", "0"], 3, "got -4"),
    (["log", "--person", "Ana", "--exercise", "rnt-split-squat", "--reps", "10", "--side", "left",
      "--difficulty", "5", "--pain", "0"], 3, "rnt-split-squat"),
    (["log", "--person", "Ana", "--exercise", "balance-bodyweight", "--side", "left"], 2, "missing"),
    (["person", "add", "Ana"], 3, "already exists"),
])
def test_bad_coaching_input_is_one_sentence_and_stores_nothing(coached, args: list[str], code: int,
                                                               words: str) -> None:
    where, db = coached
    before = json.loads(run("export", "--person", "Ana", "--out", "before", "--db", db, cwd=where).returncode == 0
                        and (where / "before" / "export.json").read_text())
    one_error(run(*args, "--db", db, cwd=where), code, words)
    run("export", "--person", "Ana", "--out", "after", "--db", db, cwd=where)
    assert json.loads((where / "after" / "export.json").read_text()) == before


def read_until_closed(master: int, proc: subprocess.Popen, seconds: float) -> bytes:
    """Everything the process writes to its terminal until it closes it; a process still asking after
    ``seconds`` (a prompt the answers did not expect) is killed and the test fails with what it printed."""
    import os
    import select
    import time

    output, deadline = b"", time.monotonic() + seconds
    while (left := deadline - time.monotonic()) > 0:
        if not select.select([master], [], [], left)[0]:
            break
        try:
            chunk = os.read(master, 4096)
        except OSError:
            return output
        if not chunk:
            return output
        output += chunk
    proc.kill()
    pytest.fail(f"`groundup log` still waiting after {seconds:g} s; it printed: {output.decode(errors='replace')}")


def test_log_asks_for_what_is_missing_at_a_terminal(coached) -> None:
    import os
    import pty

    where, db = coached
    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "groundup", "log", "--person", "Ana", "--db", db], cwd=where,
                            stdin=slave, stdout=slave, stderr=slave)
    os.close(slave)
    os.write(master, b"balance-bodyweight\n14\nright\n6\n0\nn\ny\n")  # then: caved in? hands-free?
    output = read_until_closed(master, proc, seconds=60)
    assert proc.wait(timeout=10) == 0, output
    os.close(master)
    text = output.decode(errors="replace")
    assert "Exercise id" in text and "Difficulty 1-10" in text and "Logged balance-bodyweight" in text
    assert "Did the knee or ankle cave in" in text and "hands-free the whole time" in text
