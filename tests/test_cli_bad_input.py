"""Every kind of bad input: one clear sentence, a non-zero exit, no output folder, no traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from clips import clip
from videos import clip_frames, write_audio_only, write_mp4


def run_assess(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "groundup", "assess", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=600)


def assert_clean_failure(proc: subprocess.CompletedProcess, code: int, words: str, out: Path | None) -> None:
    assert proc.returncode == code, proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout
    lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("error:"), proc.stderr
    assert words.lower() in lines[0].lower()
    if out is not None:
        assert not out.exists()
        assert not [p for p in out.parent.iterdir() if p.name.startswith(f".{out.name}")]  # no temp leftovers


@pytest.mark.parametrize(("args", "words"), [(["--bogus", "x.mp4"], "no such option: --bogus"),
                                             ([], "missing argument 'videos'")])
def test_usage_mistake_is_one_line_with_where_the_help_is(tmp_path: Path, args: list[str], words: str) -> None:
    proc = run_assess(*args, cwd=tmp_path)
    assert_clean_failure(proc, 2, words, None)
    assert "groundup assess --help" in proc.stderr and "╭" not in proc.stderr


def test_missing_file(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert_clean_failure(run_assess(str(tmp_path / "nope.mp4"), "--out", str(out), cwd=tmp_path), 3, "no file", out)


def test_empty_file(tmp_path: Path) -> None:
    (tmp_path / "empty.mp4").write_bytes(b"")
    out = tmp_path / "out"
    assert_clean_failure(run_assess("empty.mp4", "--out", str(out), cwd=tmp_path), 3, "empty", out)


def test_text_file_named_mp4(tmp_path: Path) -> None:
    (tmp_path / "notes.mp4").write_text("not a video at all\n" * 50)
    out = tmp_path / "out"
    assert_clean_failure(run_assess("notes.mp4", "--out", str(out), cwd=tmp_path), 3, "not a readable video", out)


def test_audio_only(tmp_path: Path) -> None:
    write_audio_only(tmp_path / "tone.wav")
    out = tmp_path / "out"
    assert_clean_failure(run_assess("tone.wav", "--out", str(out), cwd=tmp_path), 3, "audio only", out)


def test_corrupt_stream(tmp_path: Path) -> None:
    data = bytearray(clip("ucsd_front_squat.mp4").read_bytes())
    rng = np.random.default_rng(0)
    start = len(data) // 10
    data[start:] = rng.integers(0, 256, len(data) - start, dtype=np.uint8).tobytes()
    (tmp_path / "broken.mp4").write_bytes(bytes(data))
    out = tmp_path / "out"
    assert_clean_failure(run_assess("broken.mp4", "--out", str(out), cwd=tmp_path), 3, "corrupt", out)


def test_single_frame(tmp_path: Path) -> None:
    write_mp4(tmp_path / "one.mp4", [np.full((64, 64, 3), 128, np.uint8)])
    out = tmp_path / "out"
    assert_clean_failure(run_assess("one.mp4", "--out", str(out), cwd=tmp_path), 3, "single frame", out)


@pytest.mark.parametrize("extension", [".png", ".jpg"])
def test_picture_named_mp4(tmp_path: Path, extension: str) -> None:
    import cv2

    ok, encoded = cv2.imencode(extension, np.full((64, 48, 3), 90, np.uint8))
    assert ok
    (tmp_path / "photo.mp4").write_bytes(encoded.tobytes())
    out = tmp_path / "out"
    assert_clean_failure(run_assess("photo.mp4", "--out", str(out), cwd=tmp_path), 3, "not a video", out)


def wall(path: Path) -> Path:
    """One second of a plain grey ramp: a video with nobody in it."""
    ramp = np.linspace(0, 255, 160, dtype=np.uint8)
    write_mp4(path, [np.dstack([np.tile(ramp, (96, 1))] * 3).astype(np.uint8) for _ in range(30)])
    return path


def test_no_person(tmp_path: Path) -> None:
    wall(tmp_path / "wall.mp4")
    out = tmp_path / "out"
    assert_clean_failure(run_assess("wall.mp4", "--out", str(out), cwd=tmp_path), 4, "no person", out)


@pytest.mark.parametrize("args,words", [
    (["--movement", "lunge"], "--movement"),
    (["--roi", "1,2,3"], "region of interest"),
    (["--config", "missing.toml"], "no config file"),
])
def test_bad_options(tmp_path: Path, args: list[str], words: str) -> None:
    out = tmp_path / "out"
    proc = run_assess(str(clip("ucsd_front_squat.mp4")), "--out", str(out), *args, cwd=tmp_path)
    assert_clean_failure(proc, 2 if words != "region of interest" else 3, words, out)


def test_output_folder_that_is_a_file(tmp_path: Path) -> None:
    (tmp_path / "taken").write_text("x")
    proc = run_assess(str(clip("ucsd_front_squat.mp4")), "--out", "taken", cwd=tmp_path)
    assert_clean_failure(proc, 5, "is a file", None)
    assert (tmp_path / "taken").read_text() == "x"


def test_output_under_a_file_is_refused_before_the_analysis(tmp_path: Path) -> None:
    """The wall clip would end in exit 4 (no person) if the analysis ran first."""
    (tmp_path / "notes.txt").write_text("x")
    proc = run_assess(str(wall(tmp_path / "wall.mp4")), "--out", "notes.txt/out", cwd=tmp_path)
    assert_clean_failure(proc, 5, "is a file", None)


def test_earlier_output_that_cannot_be_replaced_is_refused_before_the_analysis(tmp_path: Path) -> None:
    from test_output import earlier_analysis, immutable

    earlier = earlier_analysis(tmp_path / "out")
    with immutable(earlier):
        proc = run_assess(str(wall(tmp_path / "wall.mp4")), "--out", "out", cwd=tmp_path)
    assert_clean_failure(proc, 5, "cannot be replaced", None)
    assert (earlier / "result.json").read_text() == "{}"


def test_output_folder_with_foreign_files_is_left_alone(tmp_path: Path) -> None:
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "thesis.txt").write_text("keep me")
    proc = run_assess(str(clip("ucsd_front_squat.mp4")), "--out", "mine", cwd=tmp_path)
    assert_clean_failure(proc, 5, "other files", None)
    assert (tmp_path / "mine" / "thesis.txt").read_text() == "keep me"


def test_person_cut_off(tmp_path: Path) -> None:
    """Only the upper body is in the picture: no verdict, and the report says why."""
    frames = clip_frames(clip("ucsd_front_squat.mp4"), 60, 330, edit=lambda i, rgb: rgb[: rgb.shape[0] * 11 // 20])
    write_mp4(tmp_path / "cut.mp4", frames)
    out = tmp_path / "out"
    proc = run_assess("cut.mp4", "--out", str(out), "--json", cwd=tmp_path)
    assert_insufficient(proc, out, {"cut_off", "poorly_seen", "no_reps"})


def test_person_sideways_without_rotation_metadata(tmp_path: Path) -> None:
    frames = clip_frames(clip("ucsd_front_squat.mp4"), 60, 330, edit=lambda i, rgb: np.rot90(rgb))
    write_mp4(tmp_path / "sideways.mp4", frames)
    out = tmp_path / "out"
    proc = run_assess("sideways.mp4", "--out", str(out), "--json", cwd=tmp_path)
    if proc.returncode == 4 and not out.exists():  # the model may not see a lying person at all
        assert_clean_failure(proc, 4, "no person", out)
    else:
        assert_insufficient(proc, out, {"sideways"})


def test_two_people(tmp_path: Path) -> None:
    frames = clip_frames(clip("ucsd_front_squat.mp4"), 60, 330, scale=0.4,
                         edit=lambda i, rgb: np.concatenate([rgb, rgb[:, ::-1]], axis=1))
    write_mp4(tmp_path / "two.mp4", frames)
    out = tmp_path / "out"
    proc = run_assess("two.mp4", "--out", str(out), "--json", cwd=tmp_path)
    assert_insufficient(proc, out, {"second_person"})


def assert_insufficient(proc: subprocess.CompletedProcess, out: Path, codes: set[str]) -> None:
    """Exit 4, a complete folder whose verdicts are 'insufficient' for one of ``codes``."""
    import json

    assert proc.returncode == 4, proc.stderr
    assert "Traceback" not in proc.stderr
    result = json.loads((out / "result.json").read_text())
    assert {result["sides"][s]["knee"]["verdict"] for s in ("left", "right")} == {"insufficient"}
    refused = {i["code"] for i in result["capture"]["issues"] if i["severity"] == "refuse"}
    assert refused & codes, refused
    assert (out / "report.html").exists()


def test_damaged_packets_inside_the_stream(tmp_path: Path) -> None:
    data = bytearray(clip("liftcheck_back_squat_front.mp4").read_bytes())  # index at the start, so it opens
    rng = np.random.default_rng(0)
    start, stop = int(len(data) * 0.4), int(len(data) * 0.6)
    data[start:stop] = rng.integers(0, 256, stop - start, dtype=np.uint8).tobytes()
    (tmp_path / "damaged.mp4").write_bytes(bytes(data))
    out = tmp_path / "out"
    assert_clean_failure(run_assess("damaged.mp4", "--out", str(out), cwd=tmp_path), 3, "corrupt", out)


def test_gait_filmed_from_the_side_is_refused_with_how_to_refilm(tmp_path: Path) -> None:
    out = tmp_path / "out"
    proc = run_assess(str(clip("sports2d_demo_side_two_people.mp4")), "--movement", "gait", "--out", str(out),
                      "--json", cwd=tmp_path)
    assert_insufficient(proc, out, {"walks_across", "side_view"})
    issues = {i["code"]: i for i in json.loads((out / "result.json").read_text())["capture"]["issues"]}
    assert "toward the camera" in issues["walks_across"]["advice"]


def test_a_very_dark_clip_leaves_standard_error_clean(tmp_path: Path) -> None:
    """Joints seen only now and then leave all-NaN stretches; numpy's warnings about them stay hidden."""
    frames = clip_frames(clip("ucsd_front_squat.mp4"), 0, 540, edit=lambda i, rgb: (rgb * 0.1).astype(np.uint8))
    write_mp4(tmp_path / "dark.mp4", frames)
    proc = run_assess("dark.mp4", "--out", str(tmp_path / "out"), "--json", cwd=tmp_path)
    assert proc.returncode in (0, 4), proc.stderr
    assert proc.stderr == ""
