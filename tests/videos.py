"""Small test videos written on the fly: edits of a real clip and synthetic pictures."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from fractions import Fraction
from pathlib import Path

import av
import numpy as np

from groundup.video.reader import VideoSource


def write_mp4(path: Path, frames: Iterable[np.ndarray], fps: int = 30) -> None:
    """Encode RGB frames (all the same even size) as H.264."""
    with av.open(str(path), "w") as out:
        stream = None
        for rgb in frames:
            if stream is None:
                stream = out.add_stream("libx264", rate=fps)
                stream.height, stream.width = rgb.shape[:2]
                stream.pix_fmt = "yuv420p"
                stream.options = {"preset": "ultrafast", "crf": "20"}
            for packet in stream.encode(av.VideoFrame.from_ndarray(np.ascontiguousarray(rgb), format="rgb24")):
                out.mux(packet)
        if stream is not None:
            for packet in stream.encode():
                out.mux(packet)


def clip_frames(path: Path, start: int, stop: int, step: int = 2, scale: float = 0.5,
                edit: Callable[[int, np.ndarray], np.ndarray] | None = None) -> Iterable[np.ndarray]:
    """Frames ``start..stop`` (every ``step``-th) of a real clip, resized, optionally edited."""
    import cv2

    for frame in VideoSource(path).frames():
        if frame.index >= stop:
            return
        if frame.index < start or (frame.index - start) % step:
            continue
        rgb = edit(frame.index, frame.rgb) if edit else frame.rgb
        h, w = rgb.shape[:2]
        yield cv2.resize(rgb, (int(w * scale) // 2 * 2, int(h * scale) // 2 * 2), interpolation=cv2.INTER_AREA)


def write_audio_only(path: Path) -> None:
    """A one-second sine tone in a WAV file."""
    with av.open(str(path), "w", format="wav") as out:
        stream = out.add_stream("pcm_s16le", rate=8000)
        samples = (np.sin(np.linspace(0, 2 * np.pi * 440, 8000)) * 3000).astype(np.int16)[None, :]
        frame = av.AudioFrame.from_ndarray(samples, format="s16", layout="mono")
        frame.sample_rate = 8000
        frame.time_base = Fraction(1, 8000)
        for packet in stream.encode(frame):
            out.mux(packet)
        for packet in stream.encode():
            out.mux(packet)
