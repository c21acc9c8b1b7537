import struct
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
import pytest

from groundup.errors import BadVideoError
from groundup.video.reader import Roi, VideoSource


def write_clip(path: Path, times_s: list[float], size=(64, 32)) -> None:
    """A tiny H.264 clip, white in its left quarter, with the given frame times (VFR allowed)."""
    w, h = size
    ms = Fraction(1, 1000)
    with av.open(str(path), "w") as c:
        s = c.add_stream("libx264", rate=30)
        s.width, s.height, s.pix_fmt = w, h, "yuv420p"
        s.codec_context.time_base = ms
        s.options = {"bframes": "0"}
        for t in times_s:
            a = np.zeros((h, w, 3), np.uint8)
            a[:, : w // 4] = 255
            f = av.VideoFrame.from_ndarray(a, format="rgb24")
            f.pts, f.time_base = round(t * 1000), ms
            for p in s.encode(f):
                c.mux(p)
        for p in s.encode():
            c.mux(p)


def set_rotation_90(path: Path) -> None:
    """Write a 90-degree display matrix into the track header, as phones do."""
    b = bytearray(path.read_bytes())
    i = b.find(b"tkhd")
    off = i + 4 + (40 if b[i + 4] == 0 else 52)
    b[off:off + 36] = struct.pack(">9i", 0, 0x10000, 0, -0x10000, 0, 0, 0, 0, 0x40000000)
    path.write_bytes(bytes(b))


def test_variable_frame_rate_timestamps(tmp_path: Path) -> None:
    times = [0.0, 0.033, 0.05, 0.1, 0.2, 0.21, 0.3]
    p = tmp_path / "vfr.mp4"
    write_clip(p, times)
    got = [f.time_s for f in VideoSource(p).frames()]
    assert np.allclose(got, times, atol=0.002)


def test_rotation_metadata_is_applied(tmp_path: Path) -> None:
    p = tmp_path / "rot.mp4"
    write_clip(p, [i / 30 for i in range(5)])
    set_rotation_90(p)
    src = VideoSource(p)
    assert (src.info.width, src.info.height, src.info.rotation_deg) == (32, 64, 90)
    rgb = next(iter(src.frames())).rgb
    assert rgb.shape == (64, 32, 3)
    assert rgb[:10].mean() > 200 and rgb[-30:].mean() < 30  # the left stripe is now on top


def test_mirror_and_roi(tmp_path: Path) -> None:
    p = tmp_path / "c.mp4"
    write_clip(p, [i / 30 for i in range(3)])
    mirrored = next(iter(VideoSource(p, mirror=True).frames())).rgb
    assert mirrored[:, -8:].mean() > 200 and mirrored[:, :8].mean() < 30
    crop = next(iter(VideoSource(p, roi=Roi(32, 0, 32, 32)).frames())).rgb
    assert crop.shape == (32, 32, 3) and crop.mean() < 30
    with pytest.raises(BadVideoError, match="outside"):
        VideoSource(p, roi=Roi(50, 0, 32, 32))


def test_frames_are_streamed_contiguous_rgb(tmp_path: Path) -> None:
    p = tmp_path / "c.mp4"
    write_clip(p, [i / 30 for i in range(4)])
    frames = VideoSource(p).frames()
    first = next(frames)
    assert first.rgb.flags["C_CONTIGUOUS"] and first.rgb.dtype == np.uint8
    assert first.index == 0 and len(list(frames)) == 3


def test_time_ranges_split_the_clip_without_gaps_or_overlap(tmp_path: Path) -> None:
    p = tmp_path / "c.mp4"
    times = [i / 30 for i in range(90)]
    write_clip(p, times)
    src = VideoSource(p)
    parts = [list(src.frames(0.0, 1.0)), list(src.frames(1.0, 2.0, first_index=30)), list(src.frames(2.0, None, 60))]
    got = [f.time_s for part in parts for f in part]
    assert np.allclose(got, times, atol=0.002)
    assert [f.index for part in parts for f in part] == list(range(90))


@pytest.mark.parametrize("extension,kind", [(".png", "PNG"), (".jpg", "JPEG"), (".bmp", "BMP")])
def test_a_picture_is_not_a_video_whatever_its_name(tmp_path: Path, extension: str, kind: str) -> None:
    import cv2

    ok, encoded = cv2.imencode(extension, np.zeros((32, 48, 3), np.uint8))
    assert ok
    p = tmp_path / "photo.mp4"
    p.write_bytes(encoded.tobytes())
    with pytest.raises(BadVideoError, match=f"is a {kind} picture, not a video"):
        VideoSource(p)


def test_a_video_of_one_frame_is_refused_and_two_frames_are_read(tmp_path: Path) -> None:
    write_clip(tmp_path / "one.mp4", [0.0])
    with pytest.raises(BadVideoError, match="single frame"):
        VideoSource(tmp_path / "one.mp4")
    write_clip(tmp_path / "two.mp4", [0.0, 0.033])
    assert len(list(VideoSource(tmp_path / "two.mp4").frames())) == 2
