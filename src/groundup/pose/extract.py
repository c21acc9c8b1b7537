"""Run a pose estimator over a video stream and collect a PoseTrack.

Decoding runs on a background thread (it releases the GIL inside FFmpeg) so that
it overlaps with inference on the main thread; only a few frames are buffered.
The same thread keeps a small copy of each frame for the annotated video, so the
clip is decoded once.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterator

import numpy as np

from groundup.parallel import report
from groundup.pose.crowd import OtherPersonProbe
from groundup.pose.estimator import FramePose, PoseEstimator, warm_estimator
from groundup.pose.track import PoseTrack, empty_arrays
from groundup.video.reader import Frame, FrameSpool, VideoSource

_DONE = object()
PROGRESS_EVERY = 10  # frames between progress reports


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


def spooled(frames: Iterator[Frame], spool: FrameSpool | None) -> Iterator[Frame]:
    """``frames``, each also kept in ``spool`` on the way."""
    for frame in frames:
        if spool is not None:
            spool.add(frame)
        yield frame


def extract_pose_track(source: VideoSource, estimator: PoseEstimator, on_frames: Callable[[int], None] | None = None,
                       start_s: float | None = None, end_s: float | None = None,
                       samples: list[tuple[float, np.ndarray, FramePose]] | None = None,
                       sample_every_s: float = 1.0, spool: FrameSpool | None = None) -> PoseTrack:
    """Estimate the pose in every frame of ``source`` (or of ``start_s <= t < end_s``).

    ``on_frames`` is told every few frames how many more were done. When a
    ``samples`` list is given, about once every ``sample_every_s`` a frame with a
    pose is kept there (time, pixels, pose) for later checks. ``spool`` keeps a
    small copy of every frame (written on the decoding thread).
    """
    times: list[float] = []
    rows: list[tuple | None] = []
    next_sample = start_s or 0.0
    for frame in prefetch(spooled(source.frames(start_s, end_s), spool)):
        pose = estimator.estimate(frame.rgb)
        times.append(frame.time_s)
        rows.append(None if pose is None else (pose.image_xy, pose.world_xyz, pose.visibility))
        if samples is not None and pose is not None and frame.time_s >= next_sample:
            samples.append((frame.time_s, frame.rgb, pose))
            next_sample = frame.time_s + sample_every_s
        if on_frames and len(times) % PROGRESS_EVERY == 0:
            on_frames(PROGRESS_EVERY)
    if on_frames and len(times) % PROGRESS_EVERY:
        on_frames(len(times) % PROGRESS_EVERY)
    image, world, vis = empty_arrays(len(rows))
    for i, row in enumerate(rows):
        if row is not None:
            image[i], world[i], vis[i] = row
    width, height = source.output_size
    return PoseTrack(np.asarray(times, dtype=float), image, world, vis, width, height)


def extract_chunk(source: VideoSource, start_s: float | None, end_s: float | None) -> PoseTrack:
    """One time chunk: track the person, then look for anyone else in sampled frames.

    Runs in a worker process or in this one, with the process's warm models. When
    ``source.spool`` is set, a small copy of every frame is kept there for drawing.
    """
    samples: list[tuple[float, np.ndarray, FramePose]] = []
    spool = FrameSpool(*source.spool) if source.spool else None
    try:
        with warm_estimator() as estimator:
            track = extract_pose_track(source, estimator, lambda n: report("pose", n), start_s, end_s, samples,
                                       spool=spool)
    finally:
        if spool is not None:
            spool.close()
    with warm_estimator(static=True) as probe_model:
        probe = OtherPersonProbe(probe_model)
        track.others = np.array([(t, probe.relative_height(rgb, pose)) for t, rgb, pose in samples],
                                dtype=float).reshape(-1, 2)
    return track


def warm_up() -> None:
    """Load this process's models before the first chunk arrives (run as a worker starts)."""
    blank = np.zeros((64, 64, 3), dtype=np.uint8)
    for static in (False, True):
        with warm_estimator(static) as model:
            model.estimate(blank)
