"""Several clips of one person in one call: a session folder compared across the screens."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from clips import clip
from test_cli_bad_input import assert_clean_failure, wall


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "groundup", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=900)


@pytest.fixture(scope="module")
def session_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[subprocess.CompletedProcess, Path]:
    tmp = tmp_path_factory.mktemp("session")
    out = tmp / "out"
    proc = run("assess", str(clip("ucsd_front_squat.mp4")), str(clip("liftcheck_back_squat_front.mp4")),
               str(wall(tmp / "wall.mp4")), "--out", str(out), "--json", cwd=tmp)
    return proc, out


def test_session_writes_each_clip_and_the_comparison(session_run) -> None:
    proc, out = session_run
    assert proc.returncode == 4, proc.stderr  # one clip could not be analysed: the exit says so
    summary = json.loads(proc.stdout)
    assert summary == json.loads((out / "session.json").read_text())
    clips = summary["clips"]
    assert [c["movement"] for c in clips] == ["arms-down-squat", "arms-down-squat", None]
    assert all(c["assumed_movement"] for c in clips[:2])  # recognised, and said so
    assert clips[2]["judged"] is False and "No person" in clips[2]["problem"]
    for c in clips[:2]:
        assert (out / c["folder"] / "report.html").is_file() and (out / c["folder"] / "annotated.mp4").is_file()
    assert summary["reference"] == clips[0]["folder"]
    for side in ("left", "right"):
        rows = summary["comparison"][side]
        assert [r["comparison"] for r in rows] == ["reference", "the same"]  # two healthy squats agree
        assert rows[1]["mdc"] > abs(rows[1]["difference"])


def test_session_page_shows_the_table_and_links_each_report(session_run) -> None:
    _, out = session_run
    page = (out / "session.html").read_text()
    assert 'id="compare-left"' in page and 'id="compare-right"' in page
    assert "1-ucsd_front_squat/report.html" in page and "No person was found" in page
    assert "the same" in page
    report = (out / "1-ucsd_front_squat" / "report.html").read_text()
    assert 'id="recognised"' in report and "arms-down squat" in report


def test_movement_count_must_match_the_clips(tmp_path: Path) -> None:
    out = tmp_path / "out"
    proc = run("assess", str(clip("ucsd_front_squat.mp4")), str(clip("liftcheck_back_squat_front.mp4")),
               "--movement", "gait", "--out", str(out), cwd=tmp_path)
    assert_clean_failure(proc, 2, "one per clip", out)


def test_side_clip_needs_an_overhead_squat(tmp_path: Path) -> None:
    out = tmp_path / "out"
    proc = run("assess", str(clip("ucsd_front_squat.mp4")), "--movement", "arms-down-squat",
               "--side", str(clip("sports2d_demo_side_two_people.mp4")), "--out", str(out), cwd=tmp_path)
    assert_clean_failure(proc, 2, "--side", out)


def test_an_unreadable_clip_stops_the_session_before_any_work(tmp_path: Path) -> None:
    (tmp_path / "notes.mp4").write_text("not a video\n" * 40)
    out = tmp_path / "out"
    proc = run("assess", str(clip("ucsd_front_squat.mp4")), "notes.mp4", "--out", str(out), cwd=tmp_path)
    assert_clean_failure(proc, 3, "not a readable video", out)


def test_side_clip_goes_with_the_overhead_squat_and_a_non_side_view_is_not_judged(tmp_path: Path) -> None:
    """The Sports2D clip mixes frontal and side frames (median shoulder/torso 0.48): its items stay unjudged."""
    out = tmp_path / "out"
    proc = run("assess", str(clip("ucsd_front_squat.mp4")), "--movement", "overhead-squat",
               "--side", str(clip("sports2d_demo_side_two_people.mp4")), "--out", str(out), "--json", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    assert result["video"]["side_video"].endswith("sports2d_demo_side_two_people.mp4")
    items = {c["name"]: c for c in result["screen"]["criteria"]}
    assert {items[n]["rating"] for n in ("forward_lean", "arms_forward", "low_back_arch")} == {"unknown"}
    assert items["left_shoulder_elevates"]["rating"] == "good"
    assert any("does not look like a side view" in n for n in result["screen"]["notes"])
    assert "Shoulders elevate (left)" in (out / "report.html").read_text()


def test_side_clip_without_a_named_overhead_squat_is_a_usage_error(tmp_path: Path) -> None:
    """Recognition could pick any screen, so the side clip needs the overhead squat named."""
    out = tmp_path / "out"
    proc = run("assess", str(clip("ucsd_front_squat.mp4")), "--side", str(clip("sports2d_demo_side_two_people.mp4")),
               "--out", str(out), cwd=tmp_path)
    assert_clean_failure(proc, 2, "--movement overhead-squat", out)
