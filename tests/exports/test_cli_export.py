"""``groundup export VIDEO --format ...`` on a short cut of a real front squat, and its refusals."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from clips import clip
from groundup.exports.pose import cached_track, load_track, save_track
from videos import clip_frames, write_mp4


def groundup(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "groundup", *args], capture_output=True, text=True, timeout=300,
                          stdin=subprocess.DEVNULL)


@pytest.fixture(scope="module")
def short_squat(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Twelve frames of the UCSD front squat at half size."""
    path = tmp_path_factory.mktemp("clip") / "squat.mp4"
    write_mp4(path, clip_frames(clip("ucsd_front_squat.mp4"), 0, 24), fps=15)
    return path


def test_export_writes_coco_keypoints_of_the_tracked_person(short_squat: Path, tmp_path: Path) -> None:
    out = tmp_path / "squat.coco.json"
    done = groundup("export", str(short_squat), "--format", "coco", "--out", str(out))
    assert done.returncode == 0, done.stderr
    doc = json.loads(out.read_text())
    assert len(doc["images"]) == 12 and len(doc["annotations"]) >= 10  # the person is found in (nearly) every frame
    knees = [a["keypoints"][3 * 13:3 * 13 + 3] for a in doc["annotations"]]  # COCO left_knee
    width, height = doc["images"][0]["width"], doc["images"][0]["height"]
    assert all(0 < x < width and height / 3 < y < height and v == 2 for x, y, v in knees)


@pytest.mark.parametrize("args, code, words", [
    (["--format", "coco"], 3, "No file"),
    (["--format", "bvh"], 2, "must be one of coco, trc, dlc"),
    ([], 2, "must be one of"),
])
def test_export_refuses_bad_input_in_one_line(tmp_path: Path, short_squat: Path, args, code, words) -> None:
    video = tmp_path / "missing.mp4" if args == ["--format", "coco"] else short_squat
    done = groundup("export", str(video), *args, "--out", str(tmp_path / "x.json"))
    assert done.returncode == code and words in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "x.json").exists()


def test_export_needs_a_clip_or_a_person() -> None:
    done = groundup("export")
    assert done.returncode == 2 and "either a VIDEO" in done.stderr


def test_the_pose_cache_round_trips_and_a_damaged_one_is_tracked_again(tmp_path: Path, monkeypatch) -> None:
    from groundup.exports import pose
    from synthetic import squat_track

    track = squat_track(n_reps=1)
    (tmp_path / "pose.npz").write_bytes(b"not a numpy archive")
    monkeypatch.setattr(pose, "track_video", lambda video: track)
    assert len(cached_track(tmp_path, tmp_path / "unused.mp4")) == len(track)  # tracked again and saved
    monkeypatch.setattr(pose, "track_video", lambda video: pytest.fail("the cache was not used"))
    save_track(track, tmp_path / "pose.npz")
    back = load_track(tmp_path / "pose.npz")
    assert (back.width, back.height, len(back)) == (track.width, track.height, len(track))
    assert (back.image_xy[back.detected] == track.image_xy[track.detected]).all()
    assert cached_track(tmp_path, tmp_path / "unused.mp4").times_s.tolist() == track.times_s.tolist()
