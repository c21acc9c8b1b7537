"""Where live frames come from: a camera, or a video file played at its own rate as if it were one.

Both hand out only frames that are fresh: a file frame whose successor is already due when
the engine asks for it is dropped (as a camera would have overwritten it), and a camera
keeps only its newest frame. Each frame carries the moment it became available, so the
processing latency is measured from there.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from groundup.errors import BadVideoError
from groundup.video.reader import Frame, VideoSource

LIVE_MAX_SIDE = 640  # pixels: the model looks at a 256 px crop, so a live frame need not be larger


@dataclass(frozen=True)
class LiveInput:
    """One frame handed to the engine: stream time, when it became available (clock seconds), pixels."""

    time_s: float
    available_at: float
    rgb: np.ndarray


@dataclass
class SourceCounts:
    delivered: int = 0
    dropped: int = 0

    @property
    def dropped_share(self) -> float:
        total = self.delivered + self.dropped
        return self.dropped / total if total else 0.0


class FileCamera:
    """A video file played in real time: frames come when their time is due, late ones are skipped."""

    def __init__(self, path: Path, max_side: int = LIVE_MAX_SIDE, clock: Callable[[], float] = time.perf_counter,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.source = VideoSource(path, max_side=max_side)
        self.size = self.source.output_size
        self.fps = self.source.info.nominal_fps
        self.counts = SourceCounts()
        self._clock, self._sleep = clock, sleep

    def frames(self) -> Iterator[LiveInput]:
        """Frames at their own pace; one is skipped when a newer one is already due and decoded."""
        start: float | None = None
        decoded = _Decoded(self.source, self._clock)
        try:
            pending = decoded.wait()
            while pending is not None:
                (frame, decoded_at), now = pending, self._clock()
                start = now - frame.time_s if start is None else start
                due = start + frame.time_s
                if now < due:
                    self._sleep(due - now)
                newer = decoded.ready()
                if newer is not None and start + newer[0].time_s <= self._clock():
                    self.counts.dropped += 1  # a camera would already show the newer frame
                    pending = newer
                    continue
                self.counts.delivered += 1
                yield LiveInput(frame.time_s, max(due, decoded_at), frame.rgb)
                pending = newer if newer is not None else decoded.wait()
        finally:
            decoded.stop()


class _Decoded:
    """Frames decoded ahead on a thread (a few at most), each with the moment it was ready."""

    def __init__(self, source: VideoSource, clock: Callable[[], float]) -> None:
        self._queue: queue.Queue = queue.Queue(maxsize=4)
        self._done = threading.Event()
        self._clock = clock
        self._thread = threading.Thread(target=self._work, args=(source,), daemon=True)
        self._thread.start()

    def _work(self, source: VideoSource) -> None:
        try:
            for frame in source.frames():
                if not self._put((frame, self._clock())):
                    return
            self._put(None)
        except BaseException as exc:  # handed to the reader, which re-raises it
            self._put(exc)

    def _put(self, item: object) -> bool:
        while not self._done.is_set():
            try:
                self._queue.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def _check(self, item: object) -> tuple[Frame, float] | None:
        if isinstance(item, BaseException):
            raise item
        return item  # type: ignore[return-value]

    def wait(self) -> tuple[Frame, float] | None:
        """The next frame (blocking), None at the end."""
        return self._check(self._queue.get())

    def ready(self) -> tuple[Frame, float] | None:
        """The next frame if already decoded, else None (the end marker is left for ``wait``)."""
        try:
            item = self._queue.get_nowait()
        except queue.Empty:
            return None
        if item is None:
            self._queue.put(None)
            return None
        return self._check(item)

    def stop(self) -> None:
        self._done.set()
        self._thread.join(timeout=5)


class Camera:
    """A camera by number (or anything OpenCV opens as a capture): a reader thread keeps only the newest frame."""

    def __init__(self, index: int | str, max_side: int = LIVE_MAX_SIDE, record_to: Path | None = None) -> None:
        import cv2

        self._cap = cv2.VideoCapture(index)
        if not self._cap.isOpened():
            raise BadVideoError(f"No camera number {index} could be opened.")
        self.max_side = max_side
        ok, bgr = self._cap.read()
        if not ok:
            self._cap.release()
            raise BadVideoError(f"Camera {index} gives no picture.")
        height, width = self._resized(bgr).shape[:2]
        self.size = (width, height)
        self.fps = float(self._cap.get(cv2.CAP_PROP_FPS) or 30.0)
        self.counts = SourceCounts()
        self._latest: LiveInput | None = None
        self._fresh = threading.Condition()
        self._stop = threading.Event()
        self._t0 = time.perf_counter()
        self.record_to = record_to  # every frame the camera gives is written here (for the full analysis)
        self._error: BaseException | None = None

    def _resized(self, bgr: np.ndarray) -> np.ndarray:
        import cv2

        h, w = bgr.shape[:2]
        s = min(1.0, self.max_side / max(h, w))
        rgb = cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB)
        return rgb if s == 1.0 else cv2.resize(rgb, (int(w * s), int(h * s)), interpolation=cv2.INTER_AREA)

    def _read(self) -> None:
        """The reader thread: capture until the camera ends or ``frames`` stops; errors go to ``frames``."""
        try:
            self._capture()
        except BaseException as exc:  # handed to the consumer, which re-raises it
            self._error = exc
        finally:
            with self._fresh:
                self._stop.set()
                self._fresh.notify()

    def _capture(self) -> None:
        from groundup.live.stream import ClipRecorder

        recorder = ClipRecorder(self.record_to) if self.record_to else None
        try:
            while not self._stop.is_set():
                ok, bgr = self._cap.read()
                if not ok:
                    break
                now = time.perf_counter()
                frame = LiveInput(now - self._t0, now, self._resized(bgr))
                if recorder is not None:
                    recorder.add(frame.time_s, frame.rgb)
                with self._fresh:
                    self.counts.dropped += self._latest is not None
                    self._latest = frame
                    self._fresh.notify()
        finally:
            if recorder is not None:
                recorder.close()

    def frames(self) -> Iterator[LiveInput]:
        reader = threading.Thread(target=self._read, daemon=True)
        reader.start()
        try:
            while True:
                with self._fresh:
                    while self._latest is None and not self._stop.is_set():
                        self._fresh.wait(0.5)
                    if self._latest is None:
                        break
                    frame, self._latest = self._latest, None
                self.counts.delivered += 1
                yield frame
            if self._error is not None:
                raise self._error
        finally:
            self._stop.set()
            reader.join(timeout=2)
            self._cap.release()
