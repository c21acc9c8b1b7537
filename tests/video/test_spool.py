"""Small copies of frames kept during the pose pass and read back for drawing."""

from pathlib import Path

import numpy as np
import pytest
from test_reader import write_clip

from groundup.errors import BadVideoError
from groundup.video.reader import Frame, FrameSpool, VideoSource, spooled_frames


def picture(seed: int) -> np.ndarray:
    """A smooth RGB picture (JPEG keeps smooth pictures closely)."""
    y, x = np.mgrid[0:48, 0:80]
    return np.dstack([(x * 3 + seed) % 256, (y * 5) % 256, np.full_like(x, 40 * seed % 256)]).astype(np.uint8)


def test_kept_frames_come_back_resized_in_order_with_their_times(tmp_path: Path) -> None:
    path = tmp_path / "frames"
    spool = FrameSpool(path, (40, 24))
    for k in range(3):
        spool.add(Frame(k, k / 30, picture(k)))
    spool.close()
    back = list(spooled_frames(path, [0.0, 1 / 30, 2 / 30], first_index=10))
    assert [f.index for f in back] == [10, 11, 12]
    assert [f.time_s for f in back] == [0.0, 1 / 30, 2 / 30]
    for k, f in enumerate(back):
        assert f.rgb.shape == (24, 40, 3)
        want = picture(k)[::2, ::2].astype(int)
        assert np.abs(f.rgb.astype(int) - want).mean() < 6


def test_a_spool_cut_short_is_an_error_not_missing_frames(tmp_path: Path) -> None:
    path = tmp_path / "frames"
    spool = FrameSpool(path, (80, 48))
    spool.add(Frame(0, 0.0, picture(1)))
    spool.close()
    with pytest.raises(BadVideoError, match="end early"):
        list(spooled_frames(path, [0.0, 0.1]))


def test_a_spooling_source_names_where_and_at_what_size(tmp_path: Path) -> None:
    clip = tmp_path / "c.mp4"
    write_clip(clip, [i / 30 for i in range(10)], size=(64, 32))
    source = VideoSource(clip, max_side=60).spooling(tmp_path / "kept", 32)
    assert source.spool == (tmp_path / "kept", (32, 16))
    assert source.output_size == (60, 30) and VideoSource(clip).spool is None
