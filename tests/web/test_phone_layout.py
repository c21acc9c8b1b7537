"""Every page on a 390x844 phone in Debian's Chromium: nothing wider than the screen (no sideways
scrolling), images that open large. Screenshots go to test-artifacts/phone-*.png."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from served import served
from stored import stored_screen
from webapp import PASSWORD, Web, signed_in

from browser import ARTIFACTS, chromium
from groundup.web.jobs import AnalysisJob

PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True,
         "has_touch": True}


def _sign_in(page, base: str, email: str) -> None:
    page.goto(f"{base}/login")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.click("#login-form button[type=submit]")
    page.wait_for_load_state()


def _width_ok(page, name: str) -> tuple[str, int]:
    """(name, widest scroll width of the page), after a screenshot."""
    page.screenshot(path=str(ARTIFACTS / f"phone-{name}.png"), full_page=True)
    return name, page.evaluate("Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)")


def test_every_page_fits_a_390_px_phone(web: Web, small_mp4: Path, tmp_path: Path) -> None:
    coach = web.coach("coach.with.a.long.address@example.org")
    _, ana = web.athlete(coach, "ana@example.org", "Ana Long-Surname-Example")
    first = stored_screen(web, ana, small_mp4, "2026-01-05T09:00:00+00:00")
    stored_screen(web, ana, small_mp4, "2026-02-05T09:00:00+00:00", left_valgus=0.1)
    client, csrf = signed_in(web, coach.email)
    log = {"exercise_id": "balance-bodyweight", "day": date.today().isoformat(), "side": "left", "unit": "seconds",
           "target": 20, "actual": 18, "difficulty": 5, "pain": 0, "hands_free": True}
    assert client.post(f"/api/people/{ana.id}/logs", json=log, headers={"x-csrf-token": csrf}).status_code == 201
    job = web.queue.submit(AnalysisJob(ana.id, ana.name, small_mp4, tmp_path / "out", None, web.settings.db_url))
    not_a_video = tmp_path / "notes.mp4"
    not_a_video.write_text("not a video at all\n" * 20)
    widths = []
    with served(web.app) as base, chromium("phone layout") as browser:
        page = browser.new_context(**PHONE).new_page()
        page.goto(f"{base}/login")
        widths.append(_width_ok(page, "login"))
        _sign_in(page, base, coach.email)
        pages = {"people": "/people", "athlete": f"/people/{ana.id}", "plan": f"/people/{ana.id}/plan",
                 "print": f"/people/{ana.id}/plan/print", "progress": f"/people/{ana.id}/progress",
                 "result": f"/assessments/{first}", "compare": f"/people/{ana.id}/compare",
                 "edit": f"/people/{ana.id}/edit", "job": f"/jobs/{job.id}", "not-found": "/people/999999"}
        for name, path in pages.items():
            page.goto(base + path)
            widths.append(_width_ok(page, name))
        page.goto(f"{base}/assessments/{first}")
        zoom = page.get_attribute("a.zoom", "href")
        assert zoom == f"/assessments/{first}/files/worst_rep_left.png"  # tap a still to open it large
        page.goto(f"{base}/people/{ana.id}")
        page.set_input_files("#video", str(not_a_video))
        page.click("#upload-button")
        page.wait_for_load_state()
        assert "not an MP4 or MOV video" in page.inner_text("#error-message")
        assert page.get_attribute("#error-back", "href") == f"/people/{ana.id}"  # a way back
        widths.append(_width_ok(page, "refused-upload"))
        page.context.clear_cookies()
        _sign_in(page, base, "ana@example.org")
        widths.append(_width_ok(page, "athlete-own-page"))
    too_wide = [(name, w) for name, w in widths if w > 390]
    assert not too_wide, too_wide
    assert len(widths) == len(pages) + 3


def test_a_long_analysis_step_says_it_is_still_working(web: Web, small_mp4: Path, tmp_path: Path) -> None:
    from dataclasses import replace

    coach = web.coach("c@example.org")
    ana = web.person(coach, "Ana")
    job = web.queue.submit(AnalysisJob(ana.id, ana.name, small_mp4, tmp_path / "out", None, web.settings.db_url))
    submitted, status = web.queue.jobs[job.id]
    web.queue.jobs[job.id] = (submitted, replace(status, state="running", stage="Drawing the annotated video",
                                                 fraction=0.95))
    with served(web.app) as base, chromium("job progress") as browser:
        page = browser.new_context(**PHONE).new_page()
        _sign_in(page, base, "c@example.org")
        page.goto(f"{base}/jobs/{job.id}")
        page.wait_for_timeout(1500)
        assert page.inner_text("#job-stage") == "Drawing the annotated video (95 %)"
        page.wait_for_timeout(10_500)
        assert "(95 %, still working: 1" in page.inner_text("#job-stage")  # 10-12 s on this step
