"""Run a pose estimator over a video stream and collect a PoseTrack.

Decoding runs on a background thread (it releases the GIL inside FFmpeg) so that
it overlaps with inference on the main thread; only a few frames are buffered.
Beside the pose, the worker can measure how the pixels around the knees moved since
the previous frame (``knee_flow``); a time chunk then decodes one frame early. That
measurement is off by default: on the sensitivity benchmark it did not beat the pose
model's own knee (README, "A knee that follows the pixels"). The environment variable
``GROUNDUP_KNEE_FLOW=on`` turns it on for a whole assessment, workers included, and
with it the refinement in ``screens.base.prepare`` (benchmarks/speed.py times both).
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import queue
import threading
from collections.abc import Callable, Iterator

import numpy as np

from groundup.parallel import report
from groundup.pose.crowd import OtherPersonProbe
from groundup.pose.estimator import BlazePoseEstimator, FramePose, PoseEstimator
from groundup.pose.knee_flow import KneeFlowMeter
from groundup.pose.track import PoseTrack, empty_arrays
from groundup.video.reader import Frame, VideoSource

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


def knee_flow_wanted() -> bool:
    """True when the environment turns the knee flow measurement on (off by default)."""
    return os.environ.get("GROUNDUP_KNEE_FLOW", "off").lower() in ("on", "1", "yes")


def lead_in_start(source: VideoSource, start_s: float | None) -> float | None:
    """Where to start decoding so that the frame before ``start_s`` comes too (None: the clip's start)."""
    if not start_s or source.info.nominal_fps <= 0:
        return start_s
    return max(0.0, start_s - 1.5 / source.info.nominal_fps)


def extract_pose_track(source: VideoSource, estimator: PoseEstimator, on_frames: Callable[[int], None] | None = None,
                       start_s: float | None = None, end_s: float | None = None,
                       samples: list[tuple[float, np.ndarray, FramePose]] | None = None,
                       sample_every_s: float = 1.0, knee_flow: bool = False) -> PoseTrack:
    """Estimate the pose in every frame of ``source`` (or of ``start_s <= t < end_s``).

    ``on_frames`` is told every few frames how many more were done. When a
    ``samples`` list is given, about once every ``sample_every_s`` a frame with a
    pose is kept there (time, pixels, pose) for later checks. With ``knee_flow`` the
    pixel motion around the knees is measured too (``PoseTrack.knee_flow``).
    """
    times: list[float] = []
    rows: list[tuple | None] = []
    next_sample = start_s or 0.0
    flow = KneeFlowMeter() if knee_flow else None
    for frame in prefetch(source.frames(lead_in_start(source, start_s) if flow else start_s, end_s)):
        if start_s is not None and frame.time_s < start_s - 1e-6:  # the lead-in frame: flow only
            if flow:
                flow.prime(frame.rgb)
            continue
        pose = estimator.estimate(frame.rgb)
        if flow:
            flow.add(frame.rgb, None if pose is None else pose.image_xy)
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
    return PoseTrack(np.asarray(times, dtype=float), image, world, vis, width, height,
                     knee_flow=flow.result() if flow else None)


def release_freed_memory() -> None:
    """Hand memory freed by a closed model back to the system (glibc keeps it otherwise)."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def extract_chunk(source: VideoSource, start_s: float | None, end_s: float | None,
                  knee_flow: bool | None = None) -> PoseTrack:
    """One time chunk: track the person, then look for anyone else in sampled frames.

    Runs in a worker process. The two models run one after the other, never both
    loaded, to keep the worker's memory low. ``knee_flow`` (None: from the environment)
    also measures the pixel motion around the knees.
    """
    samples: list[tuple[float, np.ndarray, FramePose]] = []
    with BlazePoseEstimator() as estimator:
        track = extract_pose_track(source, estimator, lambda n: report("pose", n), start_s, end_s, samples,
                                   knee_flow=knee_flow_wanted() if knee_flow is None else knee_flow)
    release_freed_memory()
    probe = OtherPersonProbe()
    try:
        track.others = np.array([(t, probe.relative_height(rgb, pose)) for t, rgb, pose in samples],
                                dtype=float).reshape(-1, 2)
    finally:
        probe.close()
    return track
