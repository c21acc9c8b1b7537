"""Sessions, isolation between coaches and athletes, CSRF, upload limits and sign-in lock-out."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from webapp import PASSWORD, Web, sign_in, signed_in

from groundup.web import auth

PAGES = ["/", "/people", "/people/1", "/people/1/plan", "/people/1/plan/print", "/people/1/progress",
         "/people/1/progress.png", "/assessments/1", "/assessments/1/files/annotated.mp4",
         f"/jobs/{'0' * 32}"]
API = ["/api/me", "/api/people", "/api/people/1", "/api/people/1/assessments", "/api/assessments/1",
       "/api/people/1/plan", "/api/people/1/progress", f"/api/jobs/{'0' * 32}", "/api/openapi.json"]


def test_no_page_or_endpoint_without_a_session(web: Web) -> None:
    client = web.client()
    for path in PAGES:
        response = client.get(path, follow_redirects=False)
        assert response.status_code == 303, path
        assert response.headers["location"].startswith("/login?next=%2F"), path
    for path in API:
        response = client.get(path)
        assert (response.status_code, response.json()) == (401, {"detail": "Sign in first."}), path
    assert client.post("/api/people", json={"name": "X"}).status_code == 401
    assert client.post("/people", data={"name": "X"}, follow_redirects=False).status_code == 303
    assert client.get("/login").status_code == 200  # the only page open to everyone


def test_a_forged_or_expired_cookie_is_no_session(web: Web) -> None:
    coach = web.coach("c@example.org")
    client = web.client()
    client.cookies.set(auth.SESSION_COOKIE, "forged")
    assert client.get("/api/me").status_code == 401
    signed = auth.open_session(web.store, web.settings, coach, None, datetime.now(UTC) - timedelta(days=2))
    client.cookies.set(auth.SESSION_COOKIE, signed.token)
    assert client.get("/api/me").status_code == 401  # 12 h sessions: this one expired a day ago


def test_session_cookie_is_httponly_and_samesite_and_ends_on_sign_out(web: Web) -> None:
    web.coach("c@example.org")
    client = web.client()
    response = sign_in(client, "c@example.org")
    cookie = response.headers["set-cookie"].lower()
    assert response.status_code == 303 and "httponly" in cookie and "samesite=lax" in cookie
    csrf = client.get("/api/me").json()["csrf_token"]
    assert client.post("/logout", data={"csrf_token": csrf}, follow_redirects=False).status_code == 303
    client.cookies.clear()
    client.cookies.set(auth.SESSION_COOKIE, cookie.split(";")[0].split("=", 1)[1])  # the old token, replayed
    assert client.get("/api/me").status_code == 401


def _two_coaches(web: Web):
    a, b = web.coach("a@example.org"), web.coach("b@example.org")
    mine, theirs = web.person(a, "Ana"), web.person(b, "Ana")  # the same name under two coaches is fine
    return a, b, mine, theirs, web.assessment(mine), web.assessment(theirs)


def test_a_coach_sees_only_their_own_athletes(web: Web) -> None:
    _, _, mine, theirs, my_assessment, their_assessment = _two_coaches(web)
    client, csrf = signed_in(web, "a@example.org")
    assert [p["id"] for p in client.get("/api/people").json()] == [mine.id]
    assert client.get(f"/api/people/{mine.id}").json()["name"] == "Ana"
    for path in (f"/people/{theirs.id}", f"/people/{theirs.id}/plan", f"/people/{theirs.id}/progress",
                 f"/people/{theirs.id}/progress.png", f"/assessments/{their_assessment}",
                 f"/assessments/{their_assessment}/files/result.json", f"/api/people/{theirs.id}",
                 f"/api/people/{theirs.id}/assessments", f"/api/assessments/{their_assessment}",
                 f"/api/people/{theirs.id}/plan", f"/api/people/{theirs.id}/progress"):
        assert client.get(path).status_code == 404, path
    assert client.get(f"/assessments/{my_assessment}").status_code == 200
    log = {"exercise_id": "balance-bodyweight", "day": "2026-01-06", "side": "left", "unit": "seconds", "target": 20,
           "actual": 20, "difficulty": 5, "pain": 0}
    response = client.post(f"/api/people/{theirs.id}/logs", json=log, headers={"x-csrf-token": csrf})
    assert response.status_code == 404
    with web.store.session() as s:
        from groundup.store import repo
        assert repo.logs_for(s, theirs) == []


def test_athlete_a_cannot_open_athlete_b_by_url_or_api(web: Web) -> None:
    coach = web.coach("coach@example.org")
    _, person_a = web.athlete(coach, "a@example.org", "Ana")
    _, person_b = web.athlete(coach, "b@example.org", "Ben")
    own, other = web.assessment(person_a), web.assessment(person_b)
    client, _ = signed_in(web, "a@example.org")
    assert client.get("/", follow_redirects=False).headers["location"] == f"/people/{person_a.id}"
    assert client.get(f"/assessments/{own}").status_code == 200
    assert client.get(f"/api/assessments/{own}").json()["id"] == own
    page = client.get(f"/assessments/{other}")
    assert page.status_code == 404 and "not yours to see" in page.text
    assert client.get(f"/api/assessments/{other}").status_code == 404
    assert client.get(f"/assessments/{other}/files/frames.csv").status_code == 404
    assert client.get(f"/people/{person_b.id}").status_code == 404
    assert [p["id"] for p in client.get("/api/people").json()] == [person_a.id]


def test_an_athlete_cannot_add_people(web: Web) -> None:
    coach = web.coach("coach@example.org")
    web.athlete(coach, "a@example.org", "Ana")
    client, csrf = signed_in(web, "a@example.org")
    response = client.post("/api/people", json={"name": "Eve"}, headers={"x-csrf-token": csrf})
    assert response.status_code == 403


def test_a_form_without_its_csrf_token_is_refused(web: Web) -> None:
    web.coach("c@example.org")
    client, csrf = signed_in(web, "c@example.org")
    for data in ({"name": "Eve"}, {"name": "Eve", "csrf_token": "0" * 64}):
        response = client.post("/people", data=data)
        assert response.status_code == 403 and "security token" in response.text
    assert client.post("/api/people", json={"name": "Eve"}).status_code == 403
    assert client.get("/api/people").json() == []
    assert client.post("/people", data={"name": "Eve", "csrf_token": csrf}, follow_redirects=False).status_code == 303
    assert [p["name"] for p in client.get("/api/people").json()] == ["Eve"]


def test_the_sign_in_form_needs_its_token_too(web: Web) -> None:
    web.coach("c@example.org")
    client = web.client()
    response = client.post("/login", data={"email": "c@example.org", "password": PASSWORD}, follow_redirects=False)
    assert response.status_code == 403 and auth.SESSION_COOKIE not in response.headers.get("set-cookie", "")


def test_sign_in_goes_only_to_a_page_of_this_site(web: Web) -> None:
    web.coach("c@example.org")
    for target, expected in (("/people", "/people"), ("//evil.example/x", "/"), ("https://evil.example", "/")):
        response = sign_in(web.client(), "c@example.org", next_url=target)
        assert response.headers["location"] == expected


def test_repeated_wrong_passwords_lock_the_account(web: Web) -> None:
    web.coach("c@example.org")
    client = web.client()
    statuses = [sign_in(client, "c@example.org", "wrong password!").status_code for _ in range(3)]
    assert statuses == [401, 401, 401]  # max_failed_logins = 3 in the fixture
    with web.store.session() as s:
        from groundup.store import accounts
        assert accounts.get_user_by_email(s, "c@example.org").locked_until is not None
    locked = sign_in(client, "c@example.org")  # even the right password waits now
    assert locked.status_code == 401 and "locked for 10 minutes" in locked.text
    later = datetime.now(UTC) + timedelta(minutes=11)
    signed = auth.sign_in(web.store, web.settings, auth.AddressThrottle(100, 60), "c@example.org", PASSWORD,
                          "127.0.0.1", now=later)
    assert signed.session.user.email == "c@example.org" and signed.session.user.failed_logins == 0


def test_wrong_sign_ins_from_one_address_are_slowed_down() -> None:
    throttle = auth.AddressThrottle(limit=3, window_s=60)
    for t in (0.0, 1.0, 2.0):
        assert throttle.wait_s("10.0.0.1", now=t) == 0
        throttle.failed("10.0.0.1", now=t)
    assert throttle.wait_s("10.0.0.1", now=3.0) == pytest.approx(57.0)
    assert throttle.wait_s("10.0.0.2", now=3.0) == 0  # another address is not affected
    assert throttle.wait_s("10.0.0.1", now=60.5) == 0  # the first failure left the window


def test_unknown_email_gets_the_same_answer(web: Web) -> None:
    web.coach("c@example.org")
    unknown = sign_in(web.client(), "nobody@example.org", "whatever password")
    wrong = sign_in(web.client(), "c@example.org", "whatever password")
    assert unknown.status_code == wrong.status_code == 401
    assert "Wrong e-mail or password." in unknown.text and "Wrong e-mail or password." in wrong.text


def _upload(client, csrf: str, person_id: int, name: str, data: bytes):
    return client.post(f"/people/{person_id}/assessments", data={"csrf_token": csrf, "movement": "arms-down-squat"},
                       files={"video": (name, data, "video/mp4")}, follow_redirects=False)


def test_an_oversize_upload_is_refused_cleanly(web: Web, small_mp4) -> None:
    coach = web.coach("c@example.org")
    person = web.person(coach, "Ana")
    client, csrf = signed_in(web, "c@example.org")
    big = small_mp4.read_bytes() + bytes(3 * 2**20)  # over the fixture's 1 MB limit (+1 MB for the form)
    response = _upload(client, csrf, person.id, "squat.mp4", big)
    assert response.status_code == 413 and "limit" in response.text
    api = client.post(f"/api/people/{person.id}/assessments", data={"movement": "arms-down-squat"},
                      files={"video": ("squat.mp4", big, "video/mp4")}, headers={"x-csrf-token": csrf})
    assert api.status_code == 413 and "limit" in api.json()["detail"]
    assert web.queue.jobs == {}
    assert not web.settings.uploads.exists() or list(web.settings.uploads.iterdir()) == []


def test_a_file_between_the_form_and_the_limit_is_refused_while_saving(web: Web, small_mp4) -> None:
    coach = web.coach("c@example.org")
    person = web.person(coach, "Ana")
    client, csrf = signed_in(web, "c@example.org")
    response = _upload(client, csrf, person.id, "squat.mp4", small_mp4.read_bytes() + bytes(2**20 + 10))
    assert response.status_code == 413
    assert web.queue.jobs == {} and list(web.settings.uploads.iterdir()) == []


@pytest.mark.parametrize("content", [b"just some text, honestly\n" * 40,
                                     b"\x00\x00\x00\x18ftypmp42" + bytes(range(256)) * 8],
                         ids=["text", "mp4-header-then-garbage"])
def test_a_file_that_is_not_a_video_is_refused_whatever_its_name(web: Web, content: bytes) -> None:
    coach = web.coach("c@example.org")
    person = web.person(coach, "Ana")
    client, csrf = signed_in(web, "c@example.org")
    response = _upload(client, csrf, person.id, "squat.mp4", content)
    assert response.status_code == 415
    assert "not" in response.text and "video" in response.text and "Traceback" not in response.text
    assert web.queue.jobs == {} and list(web.settings.uploads.iterdir()) == []


def test_uploads_are_stored_under_random_names_outside_the_served_folders(web: Web, small_mp4) -> None:
    coach = web.coach("c@example.org")
    person = web.person(coach, "Ana")
    client, csrf = signed_in(web, "c@example.org")
    response = _upload(client, csrf, person.id, "../../../etc/evil.mp4", small_mp4.read_bytes())
    assert response.status_code == 303 and response.headers["location"].startswith("/jobs/")
    ((job, _),) = web.queue.jobs.values()
    assert job.video.parent == web.settings.uploads and job.video.suffix == ".mp4"
    assert "evil" not in job.video.name and len(job.video.stem) == 32
    assert job.movement == "arms-down-squat" and job.out.parent == web.settings.analyses
    assert client.get(f"/static/../uploads/{job.video.name}").status_code == 404


def test_files_of_an_assessment_are_a_fixed_list(web: Web) -> None:
    coach = web.coach("c@example.org")
    assessment = web.assessment(web.person(coach, "Ana"))
    client, _ = signed_in(web, "c@example.org")
    assert client.get(f"/assessments/{assessment}/files/frames.csv").status_code == 200
    for name in ("..%2F..%2Fweb.sqlite3", "..%2Fresult.json", "report.htm", "%2Fetc%2Fpasswd"):
        assert client.get(f"/assessments/{assessment}/files/{name}").status_code == 404, name


def test_every_response_carries_security_headers(web: Web) -> None:
    response = web.client().get("/login")
    assert "default-src 'self'" in response.headers["content-security-policy"]
    assert response.headers["x-frame-options"] == "DENY" and response.headers["x-content-type-options"] == "nosniff"
