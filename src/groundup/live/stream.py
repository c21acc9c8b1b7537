"""One browser's live stream on the server: JPEG frames in, the engine's reading out, nothing kept.

A message from the page is 8 bytes of the page's clock (seconds, little-endian float64)
followed by one JPEG frame. Frames are decoded, looked at and let go; only while the
person records are they also written to a clip, which then goes to the normal analysis.
"""

from __future__ import annotations

import struct
import time
from fractions import Fraction
from pathlib import Path

import numpy as np

from groundup.live.engine import LiveEngine
from groundup.live.source import LIVE_MAX_SIDE
from groundup.pose.estimator import PoseEstimator
from groundup.thresholds import Thresholds

HEADER = struct.Struct("<d")
MAX_FRAME_BYTES = 2 * 2**20


class BadFrame(ValueError):
    """A message that is not a time and a JPEG picture."""


def decode_frame(message: bytes) -> tuple[float, np.ndarray]:
    """(page time in seconds, RGB picture no larger than ``LIVE_MAX_SIDE``) of one message."""
    import cv2

    if len(message) <= HEADER.size or len(message) > MAX_FRAME_BYTES:
        raise BadFrame("A frame must be a time and a JPEG picture of at most 2 MB.")
    (time_s,) = HEADER.unpack_from(message)
    bgr = cv2.imdecode(np.frombuffer(message, dtype=np.uint8, offset=HEADER.size), cv2.IMREAD_COLOR)
    if bgr is None or not np.isfinite(time_s):
        raise BadFrame("The frame is not a JPEG picture.")
    h, w = bgr.shape[:2]
    scale = min(1.0, LIVE_MAX_SIDE / max(h, w))
    if scale < 1.0:
        bgr = cv2.resize(bgr, (int(w * scale), int(h * scale)), interpolation=cv2.INTER_AREA)
    return time_s, cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB)


class ClipRecorder:
    """The frames received while recording, written as an H.264 MP4 with their own times."""

    def __init__(self, path: Path) -> None:
        import av

        self.path = path
        self._out = av.open(str(path), "w")
        self._stream: av.video.stream.VideoStream | None = None
        self._t0: float | None = None
        self._last_pts = -1

    def add(self, time_s: float, rgb: np.ndarray) -> None:
        import av

        h, w = (rgb.shape[0] // 2) * 2, (rgb.shape[1] // 2) * 2
        if self._stream is None:
            self._stream = self._out.add_stream("libx264", rate=30)
            self._stream.width, self._stream.height, self._stream.pix_fmt = w, h, "yuv420p"
            self._stream.time_base = self._stream.codec_context.time_base = Fraction(1, 1000)
            self._stream.options = {"preset": "veryfast", "crf": "20"}
            self._t0 = time_s
        assert self._t0 is not None
        pts = max(round((time_s - self._t0) * 1000), self._last_pts + 1)
        frame = av.VideoFrame.from_ndarray(np.ascontiguousarray(rgb[:h, :w]), format="rgb24")
        frame.pts, frame.time_base, self._last_pts = pts, Fraction(1, 1000), pts
        for packet in self._stream.encode(frame):
            self._out.mux(packet)

    def close(self) -> None:
        """Finish the file."""
        if self._stream is not None:
            for packet in self._stream.encode():
                self._out.mux(packet)
        self._out.close()


class LiveStream:
    """The engine and pose model of one stream (use from one thread)."""

    def __init__(self, estimator: PoseEstimator, th: Thresholds, movement: str = "squat") -> None:
        self.estimator, self.th, self.movement = estimator, th, movement
        self.engine: LiveEngine | None = None
        self.recorder: ClipRecorder | None = None
        self.recorded = 0

    def process(self, message: bytes) -> dict:
        """The engine's reading of one message's frame, with the page's time echoed and the server's time taken."""
        started = time.perf_counter()
        time_s, rgb = decode_frame(message)
        h, w = rgb.shape[:2]
        if self.engine is None or (self.engine.width, self.engine.height) != (w, h):
            self.engine = LiveEngine(w, h, self.th, self.movement)
        frame = self.engine.feed(self.estimator.estimate(rgb), time_s)
        if self.recorder is not None:
            self.recorder.add(time_s, rgb)
            self.recorded += 1
        reply = frame.as_dict(w, h)
        reply.update(sent=time_s, server_ms=round(1000 * (time.perf_counter() - started), 1),
                     recording=self.recorder is not None)
        return reply

    def start_recording(self, path: Path) -> None:
        self.stop_recording()
        self.recorder, self.recorded = ClipRecorder(path), 0

    def stop_recording(self) -> Path | None:
        """The finished clip (None when nothing was recorded)."""
        if self.recorder is None:
            return None
        recorder, self.recorder = self.recorder, None
        recorder.close()
        if self.recorded == 0:
            recorder.path.unlink(missing_ok=True)
            return None
        return recorder.path
