"""The whole web flow in Debian's Chromium against a real ``groundup serve``: a coach signs in, adds an
athlete, uploads the real front squat, waits for the analysis, sees the verdict and the program,
logs a set and sees progress. Screenshots go to test-artifacts/web-*.png."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from server import groundup, running_server

from browser import ARTIFACTS, chromium
from clips import clip

EMAIL, PASSWORD = "coach@example.org", "coach password 1"
ANALYSIS_TIMEOUT_MS = 240_000  # one worker, lowered priority, on a shared 2-core machine


def shot(page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"web-{name}.png"), full_page=True)


def wait_until(page, expression: str, timeout_ms: int) -> None:
    """Poll a page expression until it is true (the pages' CSP forbids wait_for_function's eval)."""
    deadline = time.monotonic() + timeout_ms / 1000
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise AssertionError(f"not true within {timeout_ms} ms: {expression}")
        page.wait_for_timeout(100)


@pytest.mark.slow
def test_coach_flow_in_chromium(tmp_path: Path) -> None:
    video = clip("ucsd_front_squat.mp4")
    added = groundup("user", "add", "--role", "coach", EMAIL, "--db", str(tmp_path / "web.sqlite3"), password=PASSWORD)
    assert "Added the coach account" in added.stdout
    with running_server(tmp_path) as base, chromium("web app") as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(f"{base}/people")
        assert page.url.startswith(f"{base}/login")
        page.fill("#email", EMAIL)
        page.fill("#password", PASSWORD)
        shot(page, "1-login")
        page.click("button[type=submit]")
        page.wait_for_url(f"{base}/people")

        page.fill("#person-name", "Ana")
        page.click("#add-person-form button[type=submit]")
        page.wait_for_url(re.compile(r".*/people/\d+\?done=added$"))
        assert page.inner_text("#person-name") == "Ana"
        person_url = page.url.split("?")[0]

        page.set_input_files("#video", str(video))
        page.select_option("#movement", "arms-down-squat")
        shot(page, "2-athlete")
        page.click("#upload-button")
        page.wait_for_url(re.compile(r".*/jobs/[0-9a-f]{32}$"))
        wait_until(page, "document.getElementById('job-progress').value >= 10", 120_000)
        shot(page, "3-analysing")
        page.wait_for_url(re.compile(r".*/assessments/\d+$"), timeout=ANALYSIS_TIMEOUT_MS)

        assessment = page.url.rsplit("/", 1)[1]
        stored = page.request.get(f"{base}/api/assessments/{assessment}").json()
        for side in ("left", "right"):
            verdict = page.inner_text(f"#verdict-{side}")
            assert side in verdict and "How sure" in verdict
            words = {"neutral": "stayed in line", "valgus": "caves in", "varus": "pushes out"}
            assert words.get(stored[side]["verdict"], "could not judge") in verdict
        assert page.inner_text("#program-mode")  # the prescribed program is on the result page
        assert page.locator("#program-table tbody tr").count() > 0
        wait_until(page, "document.querySelector('#annotated-video').readyState >= 2", 20_000)
        assert page.eval_on_selector("#annotated-video", "v => v.videoWidth") > 0
        widths = page.eval_on_selector_all("img", "imgs => imgs.map(i => i.complete ? i.naturalWidth : 0)")
        assert len(widths) >= 2 and all(w > 0 for w in widths)
        shot(page, "4-result")

        page.click("#log-link")
        page.wait_for_url(f"{person_url}/plan")
        form = page.locator("form.log-form").first
        target = form.locator("input[name=target]").input_value()
        form.locator("input[name=actual]").fill(target)
        form.locator("input[name=difficulty]").fill("6")
        # the sample's first exercise is the balance level: mastery needs these two answers
        form.locator("select[name=collapse]").select_option("false")
        form.locator("select[name=hands_free]").select_option("true")
        form.locator("button[type=submit]").click()
        page.wait_for_url(f"{person_url}/plan?done=logged")
        assert "Set logged" in page.inner_text("#flash")
        logged = page.locator("table.logged tbody tr").first.inner_text()
        assert f"{target} " in logged and "6/10" in logged
        shot(page, "5-plan")
        logs = page.request.get(f"{base}/api/people/{person_url.rsplit('/', 1)[1]}/plan").json()
        assert logs["week"] == 1

        page.click("#progress-link")
        page.wait_for_url(f"{person_url}/progress")
        rows = page.locator("#progress-table tbody tr")
        assert rows.count() == 2 and "baseline" in rows.first.inner_text()
        assert page.inner_text("#retest-due")
        wait_until(page, "document.getElementById('progress-plot').naturalWidth > 0", 20_000)
        shot(page, "6-progress")
    for name in ("1-login", "3-analysing", "4-result", "5-plan", "6-progress"):
        assert (ARTIFACTS / f"web-{name}.png").stat().st_size > 10_000
