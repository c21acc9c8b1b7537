"""``groundup batch`` and ``groundup worker``: bad input is one sentence and an exit code; the summary."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from queue_helpers import env, groundup

from groundup.jobs.batch import collect_clips, folder_names
from groundup.jobs.summary import FIELDS, clip_row, write_summary


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(groundup(*args), env=env(), capture_output=True, text=True, timeout=120, cwd=cwd)


@pytest.mark.parametrize(("args", "code", "words"), [
    (["batch", "missing.mp4", "--out", "out"], 3, "does not exist"),
    (["batch", "empty", "--out", "out"], 2, "No video files"),
    (["batch", "empty", "--out", "out", "--workers", "2", "--broker", "redis://127.0.0.1:6379/11"], 2, "not both"),
    (["batch", "empty", "--out", "out", "--movement", "cartwheel"], 2, "--movement must be one of"),
    (["batch", "clip.mp4", "--out", "out", "--broker", "redis://127.0.0.1:9/0", "--db", "db.sqlite3"], 2,
     "cannot be reached"),
    (["worker"], 2, "Give the broker"),
    (["worker", "--broker", "amqp://elsewhere"], 2, "must be a Redis URL"),
])
def test_bad_input_is_one_sentence_and_an_exit_code(tmp_path: Path, args: list[str], code: int, words: str) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "clip.mp4").write_bytes(b"a clip")
    done = _run(*args, cwd=tmp_path)
    assert done.returncode == code, done.stderr
    assert words in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "out" / "summary.csv").exists()
    assert len(done.stderr.strip().splitlines()) == 1


def test_a_folder_gives_its_videos_by_name_and_each_clip_its_own_folder(tmp_path: Path) -> None:
    for name in ("b.MP4", "a.mov", "notes.txt"):
        (tmp_path / name).write_bytes(b"x")
    assert [p.name for p in collect_clips([tmp_path])] == ["a.mov", "b.MP4"]
    assert folder_names([Path("x/squat.mp4"), Path("y/squat.mp4"), Path("z/squat.mov")]) == \
        ["squat", "squat-2", "squat-3"]


def test_the_summary_has_each_knee_and_the_status_of_every_clip(tmp_path: Path) -> None:
    folder = tmp_path / "a"
    folder.mkdir()
    sides = {side: {"knee": {"verdict": verdict, "value": value, "confidence": 0.7}, "ankle": {"verdict": "neutral"}}
             for side, verdict, value in (("left", "valgus", 0.21), ("right", "neutral", -0.05))}
    (folder / "result.json").write_text(json.dumps({"movement": {"requested": "arms-down-squat"}, "sides": sides}))
    rows = [clip_row("a.mp4", "done", "", folder), clip_row("bad.mp4", "failed", "not a video", tmp_path / "bad")]
    write_summary(tmp_path, rows)
    lines = (tmp_path / "summary.csv").read_text().splitlines()
    assert lines[0].split(",") == list(FIELDS)
    assert lines[1].startswith("a.mp4,arms-down-squat,valgus,0.21,0.7,neutral,neutral,-0.05,0.7,neutral,done,,")
    assert lines[2].startswith("bad.mp4,,,,,,,,,,failed,not a video,")
    assert json.loads((tmp_path / "summary.json").read_text())["clips"] == rows
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a", "summary.csv", "summary.json"]


def test_a_local_batch_of_unreadable_clips_fails_each_once_with_its_reason(tmp_path: Path) -> None:
    clips = tmp_path / "clips"
    clips.mkdir()
    for name in ("one.mp4", "two.mov"):
        (clips / name).write_bytes(f"not a video: {name}".encode())
    args = ("batch", str(clips), "--out", str(tmp_path / "out"), "--workers", "2", "--db", str(tmp_path / "db.sqlite3"))
    first = _run(*args, cwd=tmp_path)
    assert first.returncode == 4 and "2 of 2 clips could not be analysed (one.mp4, two.mov)" in first.stderr
    rows = json.loads((tmp_path / "out" / "summary.json").read_text())["clips"]
    assert [(r["clip"], r["status"]) for r in rows] == [("one.mp4", "failed"), ("two.mov", "failed")]
    assert all("is not a readable video" in r["error"] and str(clips) not in r["error"] for r in rows)
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["summary.csv", "summary.json"]
