"""Where `groundup assess` spends its time: each stage measured alone on the same clip.

Used by benchmarks/speed.py. Each stage runs on its own, one after the other, in this
process; its cost is the CPU time of the whole process (every thread: FFmpeg's decoder
threads, MediaPipe's, x264's) while it runs, so other programs on the machine change
it far less than they change wall time. Process start is the wall time from asking for
one worker process to that worker holding a warm model.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import av

from groundup.parallel import ChunkRunner
from groundup.pipeline import ANALYSIS_MAX_SIDE, RENDER_MAX_SIDE
from groundup.pose.estimator import warm_estimator
from groundup.pose.extract import extract_pose_track, warm_up
from groundup.render.overlay import draw_overlay
from groundup.render.video_out import write_annotated_video
from groundup.screens import analyse_screen
from groundup.thresholds import load_thresholds
from groundup.video.reader import Frame, FrameSpool, VideoSource, spooled_frames

STAGES = ("process start", "decode", "colour conversion", "keeping small frames", "model", "measures", "drawing",
          "encoding")
PARALLEL = {"decode", "colour conversion", "keeping small frames", "model", "drawing", "encoding"}  # on every core


def cpu_seconds() -> float:
    """CPU time of this process so far, all threads."""
    t = os.times()
    return t.user + t.system


def spent(run: Callable[[], object]) -> float:
    """CPU seconds ``run`` costs."""
    c0 = cpu_seconds()
    run()
    return cpu_seconds() - c0


def decode_only(path: Path) -> None:
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        stream.thread_type = "AUTO"
        for _ in container.decode(stream):
            pass


def drain(frames: Iterator[Frame]) -> None:
    for _ in frames:
        pass


def process_start_seconds() -> float:
    """Wall time until a new worker process has its models loaded (what a run waits for at most)."""
    t0 = time.perf_counter()
    with ChunkRunner(2, warm=warm_up) as runner:
        runner.map(int, [(), ()], "start", 0)  # the second call runs on the worker, once it is warm
    return time.perf_counter() - t0


def stage_seconds(path: Path, movement: str = "arms-down-squat") -> dict[str, float]:
    """Each stage's cost on the clip at ``path`` (see the module docstring)."""
    source = VideoSource(path, max_side=ANALYSIS_MAX_SIDE)
    render_size = source.resized(RENDER_MAX_SIDE).output_size
    out: dict[str, float] = {"process start": process_start_seconds()}
    out["decode"] = spent(lambda: decode_only(path))
    out["colour conversion"] = spent(lambda: drain(source.frames())) - out["decode"]
    with tempfile.TemporaryDirectory() as tmp:
        kept = Path(tmp) / "frames"
        spool = FrameSpool(kept, render_size)
        decode_and_keep = spent(lambda: [spool.add(f) for f in source.frames()])
        spool.close()
        held: dict = {}
        with warm_estimator() as model:
            with_model = spent(lambda: held.update(track=extract_pose_track(source, model)))
        out["model"] = with_model - out["decode"] - out["colour conversion"]
        out["measures"] = spent(lambda: held.update(a=analyse_screen(held["track"], movement, load_thresholds(None))))
        analysis, times = held["a"], held["track"].times_s
        read_back = spent(lambda: drain(spooled_frames(kept, times)))
        out["keeping small frames"] = decode_and_keep - out["decode"] - out["colour conversion"] + read_back
        out["drawing"] = spent(lambda: [draw_overlay(f.rgb, analysis, f.index) for f in spooled_frames(kept, times)])
        video = Path(tmp) / "annotated.mp4"
        draw_and_encode = spent(lambda: write_annotated_video(spooled_frames(kept, times), analysis, video))
        out["encoding"] = draw_and_encode - out["drawing"] - read_back
    return out


def print_split(split: dict[str, float], wall: float, cores: int) -> list[str]:
    """Print each stage's share of the end-to-end run; return the stages (model aside) above 15 %."""
    print(f"stage split (each stage alone, CPU s; share of the {wall:.1f} s run: stages on every core "
          f"over {cores} cores x wall, serial ones over wall):")
    over = []
    for stage in STAGES:
        share = split[stage] / (wall * cores) if stage in PARALLEL else split[stage] / wall
        print(f"  {stage:22s} {split[stage]:6.2f} s  {100 * share:5.1f} %")
        if stage != "model" and share > 0.15:
            over.append(stage)
    return over
