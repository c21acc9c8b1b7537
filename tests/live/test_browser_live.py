"""The Live page in Debian's Chromium with a fake camera playing the sample: a coach signs in, opens Live,
starts the camera, and sees the joints drawn and the rep counter move (a real ``groundup serve`` running
the pose model). Screenshot: test-artifacts/live-page.png."""

from __future__ import annotations

import time
from fractions import Fraction
from pathlib import Path

import av
import pytest
from live_clips import SAMPLE
from server import groundup, running_server

from browser import ARGS, ARTIFACTS, CHROMIUM
from groundup.video.reader import VideoSource

EMAIL, PASSWORD = "coach@example.org", "coach password 1"
CAMERA_S, CAMERA_FPS, CAMERA_SIDE = 5.2, 15, 400  # two reps of the sample, small: a cheap fake camera


def write_y4m(path: Path) -> None:
    """The first seconds of the sample as a Y4M file, Chromium's fake camera format."""
    source = VideoSource(SAMPLE, max_side=CAMERA_SIDE)
    step = round(source.info.nominal_fps / CAMERA_FPS)
    with av.open(str(path), "w", format="yuv4mpegpipe") as out:
        stream = out.add_stream("rawvideo", rate=CAMERA_FPS)
        stream.width, stream.height = source.output_size
        stream.pix_fmt = "yuv420p"
        for frame in source.frames(0.0, CAMERA_S):
            if frame.index % step == 0:
                vf = av.VideoFrame.from_ndarray(frame.rgb, format="rgb24")
                vf.pts, vf.time_base = frame.index // step, Fraction(1, CAMERA_FPS)
                for packet in stream.encode(vf):
                    out.mux(packet)
        for packet in stream.encode():
            out.mux(packet)


def wait_until(page, expression: str, timeout_s: float) -> None:
    """Poll a page expression until true (the page's CSP forbids wait_for_function's eval)."""
    deadline = time.monotonic() + timeout_s
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            page.screenshot(path=str(ARTIFACTS / "live-page-failed.png"))
            raise AssertionError(f"not true within {timeout_s} s: {expression}")
        page.wait_for_timeout(200)


@pytest.mark.slow
def test_live_page_draws_joints_and_counts_reps_from_a_fake_camera(tmp_path: Path) -> None:
    if not CHROMIUM.exists():
        pytest.fail(f"Chromium is needed for the Live page browser test and was not found at {CHROMIUM}.")
    from playwright.sync_api import sync_playwright

    camera = tmp_path / "camera.y4m"
    write_y4m(camera)
    groundup("user", "add", "--role", "coach", EMAIL, "--db", str(tmp_path / "web.sqlite3"), password=PASSWORD)
    args = [*ARGS, "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
            f"--use-file-for-fake-video-capture={camera}"]
    ARTIFACTS.mkdir(exist_ok=True)
    with running_server(tmp_path) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=args)
        try:
            page = browser.new_page(viewport={"width": 1100, "height": 900})
            page.goto(f"{base}/live")
            page.fill("#email", EMAIL)
            page.fill("#password", PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_url(f"{base}/live")
            page.click("#live-start")
            wait_until(page, "Number(document.getElementById('live-canvas').dataset.joints) >= 25", 90)
            wait_until(page, "Number(document.getElementById('rep-count').textContent) >= 1", 180)
            page.screenshot(path=str(ARTIFACTS / "live-page.png"))
            page.click("#live-stop")
            wait_until(page, "document.getElementById('live-start').disabled === false", 10)
        finally:
            browser.close()
