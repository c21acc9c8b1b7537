"""One live session: frames from a source through the pose model and the engine, to events and a window."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import numpy as np

from groundup.live.engine import LiveEngine, LiveFrame
from groundup.live.events import EventLog, frame_events
from groundup.live.source import LiveInput
from groundup.pose.estimator import PoseEstimator

Show = Callable[[LiveInput, LiveFrame], bool]  # draws a frame; False when the person asked to stop


@dataclass
class SessionStats:
    """How the session kept up: frames processed and each one's latency (available -> engine done)."""

    latencies_s: list[float] = field(default_factory=list)

    @property
    def processed(self) -> int:
        return len(self.latencies_s)

    def latency_ms(self, percentile: float) -> float:
        return float(np.percentile(self.latencies_s, percentile) * 1000) if self.latencies_s else float("nan")


def run_session(frames: Iterable[LiveInput], estimator: PoseEstimator, engine: LiveEngine, log: EventLog,
                show: Show | None = None, clock: Callable[[], float] = time.perf_counter) -> SessionStats:
    """Process frames until the source ends or ``show`` says stop; events go to ``log`` as they happen."""
    stats = SessionStats()
    for item in frames:  # a file's clock starts at its first frame: load the model before (``warm_up``)
        frame = engine.feed(estimator.estimate(item.rgb), item.time_s)
        latency = clock() - item.available_at
        stats.latencies_s.append(latency)
        log.write(frame_events(frame, latency))
        if show is not None and not show(item, frame):
            break
    return stats


def warm_up(estimator: PoseEstimator, size: tuple[int, int]) -> None:
    """Load the model's graph before the first real frame (it takes about a second)."""
    estimator.estimate(np.zeros((size[1], size[0], 3), dtype=np.uint8))
