"""Speed and memory of `groundup assess` on real 1080p footage (a benchmark, not a test).

The source is the BSD-3 Pose2Sim clip in tests/data/clips (1080x1920, a man stepping
and lunging). It is re-timed to 30 fps and played forwards and backwards until it
lasts the wanted length, then encoded as H.264 like a phone video. In one run this
script measures, on the same clip:

* the floor: one process held to one core that decodes each frame at the model's input
  size and runs the model on it (what any single-core pipeline with this model pays);
* pose-only: the time spent inside BlazePose inference alone, frames decoded outside
  the timer (no core limit);
* end-to-end: the `groundup assess` command, all outputs written, in a subprocess: with
  its default workers (every core), with `--workers 1`, and with `--workers 1` held to
  one core;
* the stage split: each stage alone (benchmarks/stages.py), as a share of the run;

and prints the ratios to the floor, the real-time factor (processing time over clip
length) and, on a 60 s clip, the peak memory (PSS) of the whole process tree: main
process and workers. With ``--all-screens`` the end-to-end run is repeated with every
screen's protocol on the same clip. The load average is printed before and after:
other programs on the machine slow every figure.

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
from stages import print_split, stage_seconds

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "tests" / "data" / "clips" / "pose2sim_single_person_cam01.mp4"
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


def one_core() -> None:
    """Hold the calling process (and its threads) to a single core."""
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


def floor_seconds(path: Path) -> float:
    """Decode at the model's input size and run the model, frame by frame, on one core (a subprocess)."""
    done = subprocess.run([sys.executable, __file__, "--floor-of", str(path)], capture_output=True, text=True,
                          preexec_fn=one_core, check=True)
    return float(done.stdout.split()[-1])


def decode_and_model_seconds(path: Path) -> float:
    """Wall time of decoding each frame at the model's size and running the (loaded) model on it."""
    with BlazePoseEstimator() as est:
        est.estimate(next(VideoSource(path, max_side=ANALYSIS_MAX_SIDE).frames()).rgb)  # loaded before the clock
        t0 = time.perf_counter()
        for frame in VideoSource(path, max_side=ANALYSIS_MAX_SIDE).frames():
            est.estimate(frame.rgb)
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


def end_to_end(path: Path, out: Path, sample_memory: bool, movement: str | None = "arms-down-squat",
               workers: int | None = None, pinned: bool = False) -> tuple[float, int]:
    """Wall time of `groundup assess` and, when sampled, the peak memory of its process tree.

    Reading /proc/*/smaps_rollup costs CPU, so timed runs do not sample memory.
    ``pinned`` holds the command to one core.
    """
    named = ["--movement", movement] if movement else []  # None: the movement is recognised
    limit = ["--workers", str(workers)] if workers else []
    cmd = [sys.executable, "-m", "groundup", "assess", str(path), *named, *limit, "--out", str(out)]
    peak = 0
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            preexec_fn=one_core if pinned else None)
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


def speed_report(clip: Path, tmp: Path, n: int, all_screens: bool) -> None:
    """Time the floor, pose-only and `groundup assess` three ways on ``clip``; print figures and split."""
    duration, cores = n / FPS, len(os.sched_getaffinity(0))
    print(f"load average before: {os.getloadavg()[0]:.2f}")
    floor = floor_seconds(clip)
    pose = pose_only_seconds(clip)
    e2e, _ = end_to_end(clip, tmp / "out", sample_memory=False)
    one, _ = end_to_end(clip, tmp / "out1", sample_memory=False, workers=1)
    pinned, _ = end_to_end(clip, tmp / "out1p", sample_memory=False, workers=1, pinned=True)
    split = stage_seconds(clip)
    print(f"clip: real footage, 1080x1920, {FPS} fps, {duration:.0f} s, {n} frames; {cores} cores")
    print(f"floor: decode + model, one core:      {floor:6.1f} s  {n / floor:5.1f} frames/s")
    print(f"pose-only (inference alone):          {pose:6.1f} s  {n / pose:5.1f} frames/s")
    print(f"`groundup assess` (all outputs):      {e2e:6.1f} s  / floor {e2e / floor:5.2f} (target <= 0.80)  "
          f"real-time factor {e2e / duration:5.2f} (target <= 0.50)")
    print(f"`groundup assess --workers 1`:        {one:6.1f} s  / floor {one / floor:5.2f} (target <= 1.05)")
    print(f"`--workers 1` held to one core:       {pinned:6.1f} s  / floor {pinned / floor:5.2f}")
    over = print_split(split, e2e, cores)
    print("stages other than the model above 15 %: " + (", ".join(over) if over else "none"))
    if all_screens:
        from groundup.screens import MOVEMENTS

        for movement in (*MOVEMENTS, None):
            t, _ = end_to_end(clip, tmp / f"out-{movement}", sample_memory=False, movement=movement)
            print(f"  {movement or '(recognised)':20s} end-to-end {t:6.1f} s  / floor {t / floor:5.2f}  "
                  f"real-time factor {t / duration:5.2f}")
    print(f"load average after: {os.getloadavg()[0]:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20.0, help="length of the speed clip (0: skip)")
    parser.add_argument("--memory-seconds", type=float, default=60.0, help="length of the memory clip (0: skip)")
    parser.add_argument("--all-screens", action="store_true", help="also time every screen's protocol end to end")
    parser.add_argument("--floor-of", type=Path, help=argparse.SUPPRESS)  # the floor's own subprocess
    args = parser.parse_args()
    if args.floor_of:
        print(decode_and_model_seconds(args.floor_of))
        return
    if not SOURCE.exists():
        raise SystemExit(f"missing {SOURCE}: the benchmark reads the clips in tests/data/clips")
    with tempfile.TemporaryDirectory() as tmp:
        if args.seconds:
            clip = Path(tmp) / "clip_1080p30.mp4"
            speed_report(clip, Path(tmp), make_clip(clip, args.seconds), args.all_screens)
        if args.memory_seconds:
            long_clip = Path(tmp) / "clip_long.mp4"
            make_clip(long_clip, args.memory_seconds)
            _, peak_long = end_to_end(long_clip, Path(tmp) / "out_long", sample_memory=True)
            print(f"{args.memory_seconds:.0f} s clip: peak memory (PSS) of the process tree {peak_long / 2**20:.0f} MiB"
                  f" (target < 1024 MiB)")


if __name__ == "__main__":
    main()
