"""Live mirror mode: does one stream keep up in real time on this machine?

1. File as camera: the sample re-encoded at 30 fps is played in real time through the pose
   model and the streaming engine (``groundup live --video`` without the window): frames
   processed against the source rate, the share dropped, and the processing latency (frame
   available -> engine done) median and p95. Goal: <= 5 % dropped, median < 100 ms.
2. Through the WebSocket on loopback: a real ``groundup serve`` and a client that sends the same
   clip's frames as JPEG the way the Live page does (the next frame leaves when the answer to
   the last is in; the frame sent is the clip's frame due at that moment): time from frame
   sent to answer received, median and p95. Goal: median < 150 ms.

    PYTHONPATH=src .venv/bin/python benchmarks/live.py [--clip samples/ucsd_front_squat.mp4] [--fps 30]
"""

from __future__ import annotations

import argparse
import os
import re
import struct
import tempfile
import time
from fractions import Fraction
from pathlib import Path

import av
import httpx
import numpy as np

from groundup.live.engine import LiveEngine
from groundup.live.events import EventLog
from groundup.live.session import run_session, warm_up
from groundup.live.source import LIVE_MAX_SIDE, FileCamera
from groundup.pose.estimator import BlazePoseEstimator
from groundup.thresholds import load_thresholds
from groundup.video.reader import VideoSource
from web_latency import EMAIL, PASSWORD, start_server  # the same server start as the latency benchmark

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "ucsd_front_squat.mp4"
WS_MAX_SIDE = 480  # the Live page sends frames of at most this side


def reencode(source: Path, target: Path, fps: int) -> None:
    """``source`` at ``fps`` (every n-th frame) and at most ``LIVE_MAX_SIDE`` pixels, H.264."""
    video = VideoSource(source, max_side=LIVE_MAX_SIDE)
    step = max(1, round(video.info.nominal_fps / fps))
    with av.open(str(target), "w") as out:
        stream = out.add_stream("libx264", rate=fps)
        stream.width, stream.height = video.output_size
        stream.pix_fmt, stream.options = "yuv420p", {"preset": "ultrafast", "crf": "18"}
        for frame in video.frames():
            if frame.index % step == 0:
                vf = av.VideoFrame.from_ndarray(frame.rgb, format="rgb24")
                vf.pts, vf.time_base = frame.index // step, Fraction(1, fps)
                for packet in stream.encode(vf):
                    out.mux(packet)
        for packet in stream.encode():
            out.mux(packet)


def file_as_camera(clip: Path) -> None:
    camera = FileCamera(clip)
    engine = LiveEngine(*camera.size, load_thresholds())
    with BlazePoseEstimator() as estimator:
        warm_up(estimator, camera.size)
        started = time.perf_counter()
        stats = run_session(camera.frames(), estimator, engine, EventLog(None))
        wall = time.perf_counter() - started
    total = camera.counts.delivered + camera.counts.dropped
    print(f"file as camera: {clip.name} {camera.size[0]}x{camera.size[1]} at {camera.fps:.0f} fps, {total} frames "
          f"in {wall:.1f} s")
    print(f"  processed {stats.processed} ({stats.processed / wall:.1f} fps against {camera.fps:.0f} fps source), "
          f"dropped {camera.counts.dropped} ({100 * camera.counts.dropped_share:.1f} %; goal <= 5 %)")
    print(f"  latency median {stats.latency_ms(50):.0f} ms (goal < 100), p95 {stats.latency_ms(95):.0f} ms; "
          f"reps {len(engine.reps)}")


def session_cookie(base: str) -> str:
    with httpx.Client(base_url=base) as client:
        token = re.search(r'name="csrf_token" value="([0-9a-f]+)"', client.get("/login").text)
        assert token, "no sign-in form"
        client.post("/login", data={"email": EMAIL, "password": PASSWORD, "csrf_token": token.group(1), "next": "/"})
        return "; ".join(f"{k}={v}" for k, v in client.cookies.items())


def jpeg_frames(clip: Path) -> tuple[list[float], list[bytes]]:
    import cv2

    times, jpegs = [], []
    for frame in VideoSource(clip, max_side=WS_MAX_SIDE).frames():
        times.append(frame.time_s)
        jpegs.append(cv2.imencode(".jpg", cv2.cvtColor(frame.rgb, cv2.COLOR_RGB2BGR),
                                  [cv2.IMWRITE_JPEG_QUALITY, 75])[1].tobytes())
    return times, jpegs


def websocket(clip: Path) -> None:
    from websockets.sync.client import connect

    times, jpegs = jpeg_frames(clip)
    with tempfile.TemporaryDirectory(prefix="groundup-live-bench-") as folder:
        proc, base = start_server(Path(folder))
        try:
            cookie = session_cookie(base)
            url = base.replace("http://", "ws://") + "/live/ws"
            latencies, reps = [], 0
            with connect(url, additional_headers={"Cookie": cookie}, origin=base, max_size=2**22) as ws:
                ws.send(struct.pack("<d", 0.0) + jpegs[0])  # the server loads the model on the first frame
                ws.recv()
                started = time.perf_counter()
                while (now := time.perf_counter() - started) < times[-1]:
                    i = int(np.searchsorted(times, now, side="right")) - 1
                    sent = time.perf_counter()
                    ws.send(struct.pack("<d", times[i]) + jpegs[i])
                    reply = ws.recv()
                    latencies.append(time.perf_counter() - sent)
                    reps = max(reps, int(re.search(r'"reps": (\d+)', str(reply)).group(1)))
        finally:
            proc.terminate()
            proc.wait(timeout=20)
    ms = np.array(latencies) * 1000
    print(f"websocket on loopback: {len(ms)} frames answered in {times[-1]:.1f} s "
          f"({len(ms) / times[-1]:.1f} fps of a {len(times) / times[-1]:.0f} fps clip), frames of at most "
          f"{WS_MAX_SIDE} px")
    print(f"  sent -> answer median {np.median(ms):.0f} ms (goal < 150), p95 {np.percentile(ms, 95):.0f} ms; "
          f"reps {reps}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clip", type=Path, default=SAMPLE)
    parser.add_argument("--fps", type=int, default=30)
    args = parser.parse_args()
    print(f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the start")
    with tempfile.TemporaryDirectory(prefix="groundup-live-") as folder:
        clip = Path(folder) / f"clip{args.fps}.mp4"
        reencode(args.clip, clip, args.fps)
        file_as_camera(clip)
        websocket(clip)
    print(f"load average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
