"""Live sources: a file played as a camera drops what a camera would have replaced; a capture keeps
only its newest frame and records every frame when asked."""

from __future__ import annotations

import time
from pathlib import Path

import av
import numpy as np
import pytest

from groundup.live.source import Camera, FileCamera
from videos import write_mp4

FRAMES = 45  # 1.5 s at 30 fps


@pytest.fixture(scope="module")
def clip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("source") / "grey.mp4"
    write_mp4(path, (np.full((96, 64, 3), 4 * i, np.uint8) for i in range(FRAMES)), fps=30)
    return path


class FakeClock:
    """Time that moves only when the consumer 'works' on a frame."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


def test_a_file_keeps_its_pace_when_the_engine_keeps_up(clip: Path) -> None:
    clock = FakeClock()
    camera = FileCamera(clip, clock=clock, sleep=clock.sleep)
    times = [f.time_s for f in camera.frames()]
    assert len(times) == FRAMES and camera.counts.dropped == 0
    assert clock.now - 100.0 == pytest.approx(times[-1], abs=1e-6)  # waited for each frame to be due


def test_a_slow_engine_gets_the_newest_frame_and_the_rest_are_dropped(clip: Path) -> None:
    clock = FakeClock()
    camera = FileCamera(clip, clock=clock, sleep=clock.sleep)
    latencies, times = [], []
    for frame in camera.frames():
        time.sleep(0.03)  # let the decoder get ahead, as a real one would
        clock.now += 0.1  # 100 ms of work per frame: a third of a 30 fps stream
        latencies.append(clock.now - frame.available_at)
        times.append(frame.time_s)
    assert camera.counts.delivered + camera.counts.dropped == FRAMES
    assert 13 <= camera.counts.delivered <= 17 and camera.counts.dropped_share == pytest.approx(2 / 3, abs=0.07)
    assert max(latencies) < 0.2  # never a stale frame: at most one frame interval behind plus the work
    assert np.all(np.diff(times) > 0)


def test_a_capture_records_every_frame_it_gives(clip: Path, tmp_path: Path) -> None:
    recording = tmp_path / "rec.mp4"
    camera = Camera(str(clip), record_to=recording)
    seen = [f.time_s for f in camera.frames()]
    assert 1 <= len(seen) <= FRAMES and camera.counts.delivered == len(seen)
    with av.open(str(recording)) as rec:
        assert sum(1 for _ in rec.decode(video=0)) == FRAMES - 1  # the first frame sized the picture


def test_no_camera_is_one_clear_message() -> None:
    from groundup.errors import BadVideoError

    with pytest.raises(BadVideoError, match="No camera number 57"):
        Camera(57)
