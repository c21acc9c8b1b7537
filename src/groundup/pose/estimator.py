"""The pose-estimator interface and the BlazePose (MediaPipe) backend.

The BlazePose *full* model ships inside the mediapipe 0.10.21 wheel, so it runs
offline; the lite and heavy variants would be downloaded on first use and are
therefore not offered.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from groundup.pose.landmarks import N_LANDMARKS


@dataclass(frozen=True)
class FramePose:
    """One frame's landmarks: pixels (33, 2), metres (33, 3) and visibility (33,)."""

    image_xy: np.ndarray
    world_xyz: np.ndarray
    visibility: np.ndarray


class PoseEstimator(Protocol):
    """Anything that turns an RGB frame into one person's landmarks, or None."""

    name: str

    def estimate(self, rgb: np.ndarray) -> FramePose | None: ...

    def close(self) -> None: ...


@contextmanager
def quiet_native_stderr() -> Iterator[None]:
    """Silence the C++ log lines MediaPipe/TFLite print while the graph starts."""
    os.environ.setdefault("GLOG_minloglevel", "2")
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    try:
        saved = os.dup(2)
    except OSError:
        yield
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)


class BlazePoseEstimator:
    """MediaPipe BlazePose full model.

    Video mode (default) tracks one person from frame to frame; ``static=True``
    detects afresh in every image (used to look for other people).
    """

    name = "blazepose-full (mediapipe 0.10.21)"

    def __init__(self, min_detection_confidence: float = 0.5, min_tracking_confidence: float = 0.5,
                 static: bool = False) -> None:
        with quiet_native_stderr():
            import mediapipe as mp  # imported here: slow import, only needed when a video is analysed

            self._pose = mp.solutions.pose.Pose(
                static_image_mode=static,
                model_complexity=1,
                smooth_landmarks=False,  # groundup filters with a zero-phase filter instead
                enable_segmentation=False,
                min_detection_confidence=min_detection_confidence,
                min_tracking_confidence=min_tracking_confidence,
            )
        self._started = False

    def estimate(self, rgb: np.ndarray) -> FramePose | None:
        """Landmarks of the tracked person in ``rgb`` (H, W, 3 uint8), or None."""
        rgb = np.ascontiguousarray(rgb)
        if not self._started:  # the first call loads the TFLite models and logs about it
            with quiet_native_stderr():
                result = self._pose.process(rgb)
            self._started = True
        else:
            result = self._pose.process(rgb)
        if result.pose_landmarks is None:
            return None
        h, w = rgb.shape[:2]
        img = np.array([(p.x * w, p.y * h, p.visibility) for p in result.pose_landmarks.landmark])
        world = np.full((N_LANDMARKS, 3), np.nan)
        if result.pose_world_landmarks is not None:
            world = np.array([(p.x, p.y, p.z) for p in result.pose_world_landmarks.landmark])
        return FramePose(img[:, :2], world, img[:, 2])

    def reset(self) -> None:
        """Forget the person tracked so far: the next frame is read as the first of a new clip."""
        self._pose.reset()
        self._started = False  # the restarted graph loads its models again, logging about it

    def close(self) -> None:
        self._pose.close()

    def __enter__(self) -> BlazePoseEstimator:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


_idle: dict[bool, list[BlazePoseEstimator]] = {False: [], True: []}  # warm models of this process, by static
_idle_lock = threading.Lock()
_idle_pid = os.getpid()  # a forked child must not use its parent's models (their threads stayed behind)
_orphans: list[BlazePoseEstimator] = []  # a parent's models in a forked child: never used, never closed


@contextmanager
def warm_estimator(static: bool = False) -> Iterator[BlazePoseEstimator]:
    """A BlazePose model loaded once per process and lent to one clip (or chunk) at a time.

    Loading the model takes about a second; a long-lived process (a worker, the web app's
    job runner) pays it once. Tracking is reset when lent, so a clip's landmarks never depend
    on what the process analysed before. Two threads never share one model.
    """
    global _idle_pid
    with _idle_lock:
        if _idle_pid != os.getpid():
            _orphans.extend(_idle[False] + _idle[True])
            _idle[False], _idle[True], _idle_pid = [], [], os.getpid()
        estimator = _idle[static].pop() if _idle[static] else None
    if estimator is None:
        estimator = BlazePoseEstimator(static=static)
    elif not static:  # a static model keeps no state between images
        estimator.reset()
    try:
        yield estimator
    finally:
        with _idle_lock:
            _idle[static].append(estimator)

