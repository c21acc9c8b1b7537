"""The downloaded report opened from disk in Debian's Chromium: it names the athlete, plays its
video, fits a phone, and prints to PDF cleanly (Chromium's print-to-PDF; the video gives way to a
note in print). The PDF goes to test-artifacts/report.pdf."""

from __future__ import annotations

import re
import time
from pathlib import Path

from stored import stored_screen
from webapp import Web, signed_in

from browser import ARTIFACTS, chromium


def _wait(page, expression: str, timeout_s: float = 20) -> None:
    deadline = time.monotonic() + timeout_s
    while not page.evaluate(expression):
        assert time.monotonic() < deadline, f"not true within {timeout_s} s: {expression}"
        page.wait_for_timeout(100)


def test_the_downloaded_report_plays_its_video_and_prints_to_pdf(web: Web, small_mp4: Path, tmp_path: Path) -> None:
    coach = web.coach("c@example.org")
    ana = web.person(coach, "Ana")
    screen = stored_screen(web, ana, small_mp4)
    client, _ = signed_in(web, "c@example.org")
    report = tmp_path / "downloads" / "report.html"  # opened far from the analysis folder
    report.parent.mkdir()
    report.write_bytes(client.get(f"/assessments/{screen}/files/report.html").content)
    with chromium("downloaded report") as browser:
        page = browser.new_page(viewport={"width": 390, "height": 844})
        page.goto(report.as_uri())
        assert page.title().startswith("Ana: ") and page.inner_text("#athlete").startswith("Ana: ")
        _wait(page, "document.querySelector('#annotated-video').readyState >= 2")
        assert page.eval_on_selector("#annotated-video", "v => [v.videoWidth, v.videoHeight]") == [48, 64]
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        page.emulate_media(media="print")
        assert page.eval_on_selector("#annotated-video", "v => getComputedStyle(v).display") == "none"
        assert page.eval_on_selector(".print-only", "p => getComputedStyle(p).display") == "block"
        pdf = page.pdf(format="A4", print_background=True)
    (ARTIFACTS / "report.pdf").write_bytes(pdf)
    assert pdf.startswith(b"%PDF-")
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert 2 <= pages <= 12, pages  # the whole report on a handful of A4 pages
