"""Open the real report in headless Chromium: verdicts shown, images decoded, screenshot kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from browser import ARTIFACTS, chromium
from groundup.render import write_outputs
from groundup.result import build_result
from synthetic import stick_frames, video_info


@pytest.fixture()
def report(tmp_path, valgus_left) -> Path:
    result = build_result(valgus_left, video_info(valgus_left), "blazepose-full", {})
    write_outputs(tmp_path, valgus_left, result, stick_frames(valgus_left))
    return tmp_path / "report.html"


def test_report_in_chromium(report):
    with chromium("report") as browser:
        page = browser.new_page(viewport={"width": 1000, "height": 900})
        page.goto(report.as_uri(), wait_until="load")
        assert "left knee caves in" in page.inner_text("#verdict-left")
        assert "right knee stayed in line" in page.inner_text("#verdict-right")
        assert "not a diagnosis" in page.inner_text("#disclaimer")
        sizes = page.eval_on_selector_all("img", "imgs => imgs.map(i => i.complete ? i.naturalWidth : 0)")
        assert len(sizes) == 3 and all(w > 0 for w in sizes)
        assert page.eval_on_selector("#annotated-video", "v => v.getAttribute('src')") == "annotated.mp4"
        page.wait_for_function("document.querySelector('#annotated-video').readyState >= 2", timeout=10_000)
        assert page.eval_on_selector("#annotated-video", "v => v.videoWidth") > 0  # the browser decodes it
        page.screenshot(path=str(ARTIFACTS / "report.png"), full_page=True)
    assert (ARTIFACTS / "report.png").stat().st_size > 10_000
