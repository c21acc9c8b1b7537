"""The pages and the JSON API end to end in-process (the job queue records instead of analysing)."""

from __future__ import annotations

import re
from datetime import date

from webapp import Web, sign_in, signed_in

from groundup import coach as coaching


def test_a_coach_adds_an_athlete_with_an_account_who_can_then_sign_in(web: Web) -> None:
    web.coach("c@example.org")
    client, csrf = signed_in(web, "c@example.org")
    empty = client.get("/people")
    assert empty.status_code == 200 and 'id="no-people"' in empty.text and 'id="add-person-form"' in empty.text
    response = client.post("/people", data={"csrf_token": csrf, "name": "  Ana ", "athlete_email": "Ana@Example.org",
                                            "athlete_password": "ana's own password"}, follow_redirects=False)
    assert response.status_code == 303
    page = client.get(response.headers["location"])
    assert "Athlete added." in page.text and '<h1 id="person-name">Ana</h1>' in page.text
    athlete, _ = signed_in(web, "c@example.org")
    athlete.cookies.clear()
    assert sign_in(athlete, "ana@example.org", "ana's own password").status_code == 303
    me = athlete.get("/api/me").json()
    assert me["role"] == "athlete" and me["person_id"] == int(response.headers["location"].split("/")[2].split("?")[0])
    listed = client.get("/people").text
    assert 'id="people-table"' in listed and ">Ana</a>" in listed and "ana@example.org" in listed


def test_bad_person_forms_get_one_clear_message(web: Web) -> None:
    web.coach("c@example.org")
    client, csrf = signed_in(web, "c@example.org")
    client.post("/people", data={"csrf_token": csrf, "name": "Ana"})
    for data, words in (({"name": "Ana"}, "already coach someone called 'Ana'"),
                        ({"name": " "}, "must be 1 to 200 characters"),
                        ({"name": "Bo", "athlete_email": "bo@example.org"}, "both an e-mail address"),
                        ({"name": "Bo", "athlete_email": "bo@example.org", "athlete_password": "short"}, "10 to 1024"),
                        ({"name": "Bo", "athlete_email": "not-an-address", "athlete_password": "long enough pw"},
                         "not an e-mail address")):
        response = client.post("/people", data={"csrf_token": csrf, **data})
        assert response.status_code == 400 and words in response.text.replace("&#39;", "'"), data
    assert [p["name"] for p in client.get("/api/people").json()] == ["Ana"]


def test_job_progress_page_and_endpoint_follow_the_queue(web: Web, small_mp4) -> None:
    coach = web.coach("c@example.org")
    person = web.person(coach, "Ana")
    client, csrf = signed_in(web, "c@example.org")
    response = client.post(f"/api/people/{person.id}/assessments", data={"movement": "arms-down-squat"},
                           files={"video": ("a.mov", small_mp4.read_bytes(), "video/quicktime")},
                           headers={"x-csrf-token": csrf})
    assert response.status_code == 202
    job = response.json()
    assert (job["state"], job["result_url"]) == ("queued", None)
    page = client.get(f"/jobs/{job['id']}")
    assert page.status_code == 200 and 'data-status-url="/api/jobs/' in page.text and "/static/progress.js" in page.text
    web.queue.finish(job["id"], web.assessment(person))
    done = client.get(f"/api/jobs/{job['id']}").json()
    assert done["state"] == "done" and done["result_url"] == f"/assessments/{done['assessment_id']}"
    assert client.get(f"/api/jobs/{'f' * 32}").status_code == 404


def test_the_result_page_shows_verdicts_evidence_program_and_downloads(web: Web) -> None:
    coach = web.coach("c@example.org")
    person = web.person(coach, "Ana")
    assessment = web.assessment(person)
    client, _ = signed_in(web, "c@example.org")
    page = client.get(f"/assessments/{assessment}").text
    assert re.search(r'id="verdict-left".*caves in', page, re.S)
    assert re.search(r'id="verdict-right".*stayed in line', page, re.S)
    assert "How sure" in page and "Evidence per rep" in page and "+0.340" in page
    assert 'id="program-table"' in page and "Corrective warm-up" in page
    for name in ("annotated.mp4", "measures.png", "report.html", "frames.csv", "result.json"):
        assert f"/assessments/{assessment}/files/{name}" in page
    download = client.get(f"/assessments/{assessment}/files/frames.csv")
    assert download.headers["content-disposition"].startswith("attachment") and download.text.startswith("time_s")
    detail = client.get(f"/api/assessments/{assessment}").json()
    assert detail["left"]["verdict"] == "valgus" and detail["result"]["schema"] == "groundup.assessment/1"


def test_logging_a_set_on_the_plan_page_is_stored_through_the_coaching_loop(web: Web) -> None:
    coach = web.coach("c@example.org")
    person = web.person(coach, "Ana")
    web.assessment(person, created=f"{date.today().isoformat()}T08:00:00+00:00")
    client, csrf = signed_in(web, "c@example.org")
    plan = client.get(f"/api/people/{person.id}/plan").json()
    entry = next(e for e in plan["entries"] if e["phase"] == "activate")
    page = client.get(f"/people/{person.id}/plan").text
    assert f'id="exercise-{entry["exercise_id"]}"' in page and 'name="actual"' in page and 'name="pain"' in page
    form = {"csrf_token": csrf, "exercise_id": entry["exercise_id"], "unit": entry["unit"], "side": entry["sides"][0],
            "target": entry["aim"], "actual": entry["aim"], "difficulty": 6, "pain": 0, "day": date.today().isoformat()}
    response = client.post(f"/people/{person.id}/log", data=form, follow_redirects=False)
    assert response.status_code == 303
    after = client.get(response.headers["location"]).text
    assert "Set logged" in after and "Logged this week" in after  # the set shows, target beside actual
    (stored,) = coaching.logged_sets(web.store, person.name)
    assert (stored.exercise_id, stored.target, stored.actual, stored.difficulty) == (
        entry["exercise_id"], entry["aim"], entry["aim"], 6)
    bad = client.post(f"/people/{person.id}/log", data={**form, "exercise_id": "no-such-exercise"})
    assert bad.status_code == 400 and "not an exercise in the catalogue" in bad.text.replace("&#39;", "'")
    worse = client.post(f"/people/{person.id}/log", data={**form, "pain": 11})
    assert worse.status_code == 400 and "Traceback" not in worse.text


def test_progress_shows_each_side_across_retests_with_the_real_change_verdict(web: Web) -> None:
    coach = web.coach("c@example.org")
    person = web.person(coach, "Ana")
    web.assessment(person, created="2026-01-05T09:00:00+00:00")
    web.assessment(person, per_rep=(0.02, 0.03, 0.01, 0.02, 0.03), created="2026-02-05T09:00:00+00:00")
    client, _ = signed_in(web, "c@example.org")
    page = client.get(f"/people/{person.id}/progress").text
    assert page.count("<tr><td>2026-") == 4 and "improved" in page and "baseline" in page
    assert 'id="retest-due"' in page and "2026" in page.split('id="retest-due">')[1][:60]
    png = client.get(f"/people/{person.id}/progress.png")
    assert png.headers["content-type"] == "image/png" and png.content.startswith(b"\x89PNG")
    data = client.get(f"/api/people/{person.id}/progress").json()
    left = [p for p in data["points"] if p["side"] == "left"]
    assert [p["verdict"] for p in left] == ["baseline", "improved"] and left[1]["mdc"] > 0


def test_the_printable_plan_is_the_plan_page_renderer(web: Web) -> None:
    coach = web.coach("c@example.org")
    person = web.person(coach, "Ana")
    web.assessment(person)
    client, _ = signed_in(web, "c@example.org")
    page = client.get(f"/people/{person.id}/plan/print?week=2")
    assert page.status_code == 200 and 'id="plan-table"' in page.text
    assert "Ana" in page.text and f"Ana #c{coach.id}" not in page.text
    assert "unsafe-inline" in page.headers["content-security-policy"]


def test_bad_query_values_are_refused_not_crashed(web: Web) -> None:
    coach = web.coach("c@example.org")
    person = web.person(coach, "Ana")
    client, _ = signed_in(web, "c@example.org")
    assert client.get(f"/people/{person.id}/plan?week=0").status_code == 400
    assert client.get(f"/people/{person.id}/plan?week=99999999999999").status_code == 400
    assert client.get("/people/99999999999999999999").status_code == 400
    assert client.get(f"/api/people/{person.id}/plan?week=abc").status_code == 422
    assert client.get(f"/api/people/{person.id}/plan").json() is None  # no program yet
    assert client.get("/no/such/page").status_code == 404


def test_a_screen_result_page_lists_its_rated_items(web: Web) -> None:
    coach = web.coach("c@example.org")
    person = web.person(coach, "Ana")
    screen = {"screen": "drop-jump", "notes": ["3 landings found."],
              "events": [{"kind": "contact", "side": "left", "frame": 348, "time_s": 5.8}],
              "criteria": [{"name": "less_knee_valgus_contact", "label": "LESS: knee valgus at initial contact",
                            "side": None, "rating": "present", "value": 0.21, "unit": "shank lengths",
                            "threshold": {"key": "knee.valgus_mild", "value": 0.15, "unit": "shank lengths",
                                          "source": "groundup"}, "frames": [348], "confidence": 0.7, "note": ""}],
              "figures": {}}
    assessment = web.assessment(person, extra={"movement": {"requested": "drop-jump"}, "screen": screen})
    client, _ = signed_in(web, "c@example.org")
    page = client.get(f"/assessments/{assessment}").text
    assert 'id="screen-items"' in page and "LESS: knee valgus at initial contact" in page
    assert "contact (left) at 5.80 s" in page and "3 landings found." in page
