"""Speed and memory of `groundup assess` on real 1080p footage (a benchmark, not a test).

The source is the BSD-3 Pose2Sim clip in ../shared/data (1080x1920, a man stepping
and lunging). It is re-timed to 30 fps and played forwards and backwards until it
lasts the wanted length, then encoded as H.264 like a phone video. In one run this
script measures, on the same clip:

* pose-only: the time spent inside BlazePose inference alone, frames decoded outside
  the timer (the floor for any pipeline with this model);
* naive: a plain loop that decodes each full frame and runs the model on it;
* end-to-end: the `groundup assess` command, outputs included, in a subprocess;

and prints frames/s, the real-time factor (processing time over clip length), the
ratios end-to-end / pose-only and end-to-end / naive, and, on a 60 s clip, the peak
memory (PSS) of the whole process tree: main process and workers. With
``--all-screens`` the end-to-end run is repeated with every screen's protocol on the
same clip (the pose and drawing stages are shared; the screens differ in the analysis),
each against the same pose-only time.

Run from the repository root::

    .venv/bin/python benchmarks/speed.py [--seconds 20] [--memory-seconds 60] [--all-screens]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import av

from groundup.pipeline import ANALYSIS_MAX_SIDE
from groundup.pose.estimator import BlazePoseEstimator
from groundup.video.reader import VideoSource

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT.parent / "shared" / "data" / "clips" / "pose2sim_single_person_cam01.mp4"
FPS = 30


def make_clip(path: Path, seconds: float) -> int:
    """Write a 30 fps 1080p H.264 clip of ``seconds`` from the real source; returns frames."""
    frames = [f.to_ndarray(format="yuv420p") for f in av.open(str(SOURCE)).decode(video=0)]
    order = frames + frames[-2:0:-1]  # forwards then backwards: no jump cut
    total = int(seconds * FPS)
    with av.open(str(path), "w") as out:
        stream = out.add_stream("libx264", rate=FPS)
        stream.width, stream.height, stream.pix_fmt = 1080, 1920, "yuv420p"
        stream.options = {"preset": "veryfast", "crf": "20"}
        for i in range(total):
            frame = av.VideoFrame.from_ndarray(order[i % len(order)], format="yuv420p")
            for packet in stream.encode(frame):
                out.mux(packet)
        for packet in stream.encode():
            out.mux(packet)
    return total


def pose_only_seconds(path: Path) -> float:
    """Time inside the model only, on the frames the pipeline feeds it."""
    spent = 0.0
    with BlazePoseEstimator() as est:
        for frame in VideoSource(path, max_side=ANALYSIS_MAX_SIDE).frames():
            t0 = time.perf_counter()
            est.estimate(frame.rgb)
            spent += time.perf_counter() - t0
    return spent


def naive_seconds(path: Path) -> float:
    """Decode every full frame and run the model on it, one after the other."""
    t0 = time.perf_counter()
    with BlazePoseEstimator() as est, av.open(str(path)) as container:
        for frame in container.decode(video=0):
            est.estimate(frame.to_ndarray(format="rgb24"))
    return time.perf_counter() - t0


def tree_pss_bytes(pid: int) -> int:
    """Proportional set size of a process and all its descendants (Linux /proc).

    PSS splits pages shared between processes (the libraries every worker maps)
    among them, so the sum is the memory the tree really holds; summing RSS would
    count each shared page once per process.
    """
    total, stack = 0, [pid]
    while stack:
        p = stack.pop()
        try:
            rollup = Path(f"/proc/{p}/smaps_rollup").read_text()
            total += int(next(ln for ln in rollup.splitlines() if ln.startswith("Pss:")).split()[1]) * 1024
            for task in Path(f"/proc/{p}/task").iterdir():
                stack.extend(int(c) for c in (task / "children").read_text().split())
        except (OSError, StopIteration, ValueError):
            continue
    return total


def end_to_end(path: Path, out: Path, sample_memory: bool,
               movement: str | None = "arms-down-squat") -> tuple[float, int]:
    """Wall time of `groundup assess` and, when sampled, the peak memory of its process tree.

    Reading /proc/*/smaps_rollup costs CPU, so timed runs do not sample memory.
    """
    named = ["--movement", movement] if movement else []  # None: the movement is recognised
    cmd = [sys.executable, "-m", "groundup", "assess", str(path), *named, "--out", str(out)]
    peak = 0
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while sample_memory and not done.is_set():
            peak = max(peak, tree_pss_bytes(proc.pid))
            time.sleep(0.25)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = proc.communicate()
    elapsed = time.perf_counter() - t0
    done.set()
    sampler.join()
    if proc.returncode not in (0, 4):  # 4: no verdict (this clip has no squat reps), outputs still written
        raise SystemExit(f"groundup assess failed ({proc.returncode}): {err}")
    return elapsed, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20.0, help="length of the speed clip")
    parser.add_argument("--memory-seconds", type=float, default=60.0, help="length of the memory clip (0: skip)")
    parser.add_argument("--all-screens", action="store_true", help="also time every screen's protocol end to end")
    args = parser.parse_args()
    if not SOURCE.exists():
        raise SystemExit(f"missing {SOURCE}: the benchmark needs ../shared/data beside the repository")
    with tempfile.TemporaryDirectory() as tmp:
        clip = Path(tmp) / "clip_1080p30.mp4"
        n = make_clip(clip, args.seconds)
        duration = n / FPS
        pose = pose_only_seconds(clip)
        naive = naive_seconds(clip)
        e2e, _ = end_to_end(clip, Path(tmp) / "out", sample_memory=False)
        print(f"clip: real footage, 1080x1920, {FPS} fps, {duration:.0f} s, {n} frames; {os.cpu_count()} cores")
        print(f"pose-only (inference alone):   {pose:6.1f} s  {n / pose:5.1f} frames/s")
        print(f"naive decode+infer loop:       {naive:6.1f} s  {n / naive:5.1f} frames/s")
        print(f"end-to-end `groundup assess`:  {e2e:6.1f} s  {n / e2e:5.1f} frames/s")
        print(f"ratio end-to-end / pose-only:  {e2e / pose:5.2f}   (target <= 1.15)")
        print(f"ratio end-to-end / naive loop: {e2e / naive:5.2f}")
        print(f"real-time factor (time/clip):  {e2e / duration:5.2f}   (target <= 1.0)")
        if args.all_screens:
            from groundup.screens import MOVEMENTS

            for movement in (*MOVEMENTS, None):
                t, _ = end_to_end(clip, Path(tmp) / f"out-{movement}", sample_memory=False, movement=movement)
                print(f"  {movement or '(recognised)':20s} end-to-end {t:6.1f} s  / pose-only {t / pose:5.2f}  "
                      f"real-time factor {t / duration:5.2f}")
        if args.memory_seconds:
            long_clip = Path(tmp) / "clip_long.mp4"
            make_clip(long_clip, args.memory_seconds)
            _, peak_long = end_to_end(long_clip, Path(tmp) / "out_long", sample_memory=True)
            print(f"{args.memory_seconds:.0f} s clip: peak memory (PSS) of the process tree {peak_long / 2**20:.0f} MiB"
                  f" (target < 1024 MiB)")


if __name__ == "__main__":
    main()
