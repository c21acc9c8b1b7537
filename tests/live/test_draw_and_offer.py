"""The mirror window's picture, and the end-of-session offer of the full analysis."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from rich.console import Console

from groundup.cli import live as live_cli
from groundup.live.draw import KNEE_COLOURS, CueBoard, mirror_picture
from groundup.live.replay import replay_track
from groundup.pose.landmarks import INDEX
from groundup.thresholds import load_thresholds
from synthetic import HEIGHT, WIDTH, squat_track


def test_the_mirror_flips_the_picture_and_colours_each_knee_by_its_state() -> None:
    _, frames = replay_track(squat_track(n_reps=1, valgus={"left": 0.4}), load_thresholds())
    caving = next(f for f in frames if f.knees and f.knees["left"].state == "in")
    rgb = np.zeros((HEIGHT, WIDTH, 3), np.uint8)
    rgb[:, : WIDTH // 2] = (200, 0, 0)  # the left half of the camera picture is red
    bgr = mirror_picture(rgb, caving, "Left knee out")
    assert tuple(bgr[5, -5]) == (0, 0, 200)  # a mirror: red on the right (BGR)
    for side in ("left", "right"):
        x, y = caving.joints[INDEX[f"{side}_knee"]]
        assert tuple(bgr[int(y), int(WIDTH - x)]) == KNEE_COLOURS[caving.knees[side].state]
    assert caving.knees["right"].state == "ok"


def test_the_cue_board_keeps_a_knee_cue_up_for_a_moment() -> None:
    _, frames = replay_track(squat_track(n_reps=1, valgus={"left": 0.4}), load_thresholds())
    board = CueBoard()
    shown = [(f.time_s, board.update(f)) for f in frames]
    on = [t for t, text in shown if text == "Left knee out"]
    assert on and on[-1] - on[0] == pytest.approx(1.5, abs=0.05)


def recording(tmp_path: Path) -> Path:
    folder = tmp_path / "rec"
    folder.mkdir()
    clip = folder / "live.mp4"
    clip.write_bytes(b"frames")
    return clip


def test_the_camera_recording_is_saved_only_when_the_person_says_so(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("groundup.cli.coach.at_terminal", lambda: True)
    monkeypatch.setattr(live_cli.typer, "confirm", lambda *a, **k: True)
    console = Console(record=True, width=300)
    clip = recording(tmp_path)
    live_cli._offer_analysis(console, clip, "arms-down-squat", keep=False)
    [saved] = tmp_path.glob("groundup-live-*.mp4")
    assert saved.read_bytes() == b"frames" and not clip.parent.exists()
    assert f"groundup assess {saved} --movement arms-down-squat" in console.export_text()

    monkeypatch.setattr(live_cli.typer, "confirm", lambda *a, **k: False)
    clip = recording(tmp_path)
    live_cli._offer_analysis(console, clip, "arms-down-squat", keep=False)
    assert not clip.parent.exists() and len(list(tmp_path.glob("groundup-live-*.mp4"))) == 1
    assert "The recording was not kept." in console.export_text()
