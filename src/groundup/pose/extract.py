"""Run a pose estimator over a video stream and collect a PoseTrack.

Decoding runs on a background thread (it releases the GIL inside FFmpeg) so that
it overlaps with inference on the main thread; only a few frames are buffered.
"""

from __future__ import annotations

import queue
import threading
from typing import Callable, Iterator

import numpy as np

from groundup.pose.crowd import OtherPersonProbe
from groundup.pose.estimator import PoseEstimator
from groundup.pose.track import PoseTrack, empty_arrays
from groundup.video.reader import Frame, VideoSource

ProgressFn = Callable[[int, int], None]
_DONE = object()


def prefetch(frames: Iterator[Frame], depth: int = 8) -> Iterator[Frame]:
    """Iterate ``frames`` produced on a worker thread, re-raising its errors here."""
    buf: queue.Queue = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def work() -> None:
        try:
            for frame in frames:
                while not stop.is_set():
                    try:
                        buf.put(frame, timeout=0.1)
                        break
                    except queue.Full:
                        continue
                if stop.is_set():
                    return
            buf.put(_DONE)
        except BaseException as exc:  # handed to the consumer, which re-raises it
            buf.put(exc)

    worker = threading.Thread(target=work, daemon=True)
    worker.start()
    try:
        while True:
            item = buf.get()
            if item is _DONE:
                return
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        worker.join(timeout=5)


def extract_pose_track(source: VideoSource, estimator: PoseEstimator, on_progress: ProgressFn | None = None,
                       probe: OtherPersonProbe | None = None, probe_interval_s: float = 1.0) -> PoseTrack:
    """Estimate the pose in every frame of ``source``.

    With a ``probe``, about once every ``probe_interval_s`` the frame is also
    searched for another person (a small extra cost).
    """
    times: list[float] = []
    rows: list[tuple] = []
    others: list[tuple[int, float]] = []
    next_probe = 0.0
    total = source.info.frame_count_hint
    for frame in prefetch(source.frames()):
        pose = estimator.estimate(frame.rgb)
        times.append(frame.time_s)
        rows.append(None if pose is None else (pose.image_xy, pose.world_xyz, pose.visibility))
        if probe is not None and pose is not None and frame.time_s >= next_probe:
            others.append((frame.index, probe.relative_height(frame.rgb, pose)))
            next_probe = frame.time_s + probe_interval_s
        if on_progress:
            on_progress(len(times), max(total, len(times)))
    image, world, vis = empty_arrays(len(rows))
    for i, row in enumerate(rows):
        if row is not None:
            image[i], world[i], vis[i] = row
    width, height = source.output_size
    return PoseTrack(np.asarray(times, dtype=float), image, world, vis, width, height,
                     others=np.array(others, dtype=float).reshape(-1, 2))
