"""The annotated video: overlay on every frame, H.264 .mp4 that browsers play."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from fractions import Fraction
from pathlib import Path

import av
import cv2
import numpy as np

from groundup.analysis import Analysis
from groundup.render.overlay import draw_overlay
from groundup.video.reader import Frame

TIME_BASE = Fraction(1, 1000)  # milliseconds: fine enough for variable frame rates up to 1000 fps
CRF = "26"
PRESET = "veryfast"


def output_size(width: int, height: int, max_side: int) -> tuple[int, int]:
    """(width, height) with the long side at most ``max_side``, both even."""
    s = min(1.0, max_side / max(width, height))
    return max(2, round(width * s) // 2 * 2), max(2, round(height * s) // 2 * 2)


def nominal_rate(times_s: np.ndarray) -> Fraction:
    """Typical frame rate of the clip, a hint for the encoder's rate control."""
    steps = np.diff(times_s)
    steps = steps[steps > 0]
    fps = 1.0 / float(np.median(steps)) if steps.size else 30.0
    return Fraction(fps).limit_denominator(1001)


def _open(path: Path, size: tuple[int, int], rate: Fraction) -> tuple[av.container.OutputContainer, av.VideoStream]:
    container = av.open(str(path), mode="w", format="mp4", options={"movflags": "+faststart"})
    stream = container.add_stream("libx264", rate=rate)
    stream.width, stream.height = size
    stream.pix_fmt = "yuv420p"
    stream.time_base = TIME_BASE
    stream.codec_context.time_base = TIME_BASE
    stream.codec_context.thread_count = 0
    stream.options = {"preset": PRESET, "crf": CRF, "bframes": "0"}  # no B-frames: chunks join cleanly
    return container, stream


def _yuv_frame(rgb: np.ndarray, pts: int) -> av.VideoFrame:
    """An encoder frame in yuv420p (converted by OpenCV, faster than swscale here)."""
    yuv = np.asarray(cv2.cvtColor(rgb, cv2.COLOR_RGB2YUV_I420), dtype=np.uint8)
    frame = av.VideoFrame.from_ndarray(yuv, format="yuv420p")
    frame.pts, frame.time_base = pts, TIME_BASE
    return frame


def write_annotated_video(frames: Iterable[Frame], a: Analysis, path: str | Path, max_side: int = 720,
                          on_frame: Callable[[Frame], None] | None = None) -> int:
    """Stream ``frames`` through the overlay into an H.264 .mp4 at ``path``; returns frames written.

    Timestamps come from each frame's ``time_s`` (variable frame rate safe). ``on_frame``
    sees every source frame before it is drawn on (to pick stills on the way).
    """
    container = stream = None
    last_pts, written = -1, 0
    try:
        for frame in frames:
            if on_frame is not None:
                on_frame(frame)
            if container is None:
                size = output_size(frame.rgb.shape[1], frame.rgb.shape[0], max_side)
                container, stream = _open(Path(path), size, nominal_rate(a.track.times_s))
            assert container is not None and stream is not None  # opened on the first frame
            small = frame.rgb
            if (small.shape[1], small.shape[0]) != (stream.width, stream.height):  # INTER_AREA would cost 10x
                small = cv2.resize(small, (stream.width, stream.height), interpolation=cv2.INTER_LINEAR)
            pts = max(round(frame.time_s * 1000), last_pts + 1)
            for packet in stream.encode(_yuv_frame(draw_overlay(small, a, frame.index), pts)):
                container.mux(packet)
            last_pts, written = pts, written + 1
        if container is not None and stream is not None:
            for packet in stream.encode(None):
                container.mux(packet)
    finally:
        if container is not None:
            container.close()
    return written


def join_segments(segments: list[Path], path: Path) -> None:
    """Concatenate H.264 .mp4 chunks written with identical settings into one .mp4.

    Packets are copied, not re-encoded; their timestamps are already those of the
    whole clip and, without B-frames, decode order equals display order.
    """
    with av.open(str(path), mode="w", format="mp4", options={"movflags": "+faststart"}) as out:
        stream = None
        for seg in segments:
            if not seg.exists():  # a chunk without frames writes no file
                continue
            with av.open(str(seg)) as src:
                if not src.streams.video:
                    continue
                in_stream = src.streams.video[0]
                if stream is None:
                    stream = out.add_stream_from_template(in_stream)
                for packet in src.demux(in_stream):
                    if packet.dts is None:
                        continue
                    packet.stream = stream
                    out.mux(packet)
