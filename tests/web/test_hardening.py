"""Second-round hardening: no-store on private answers, X-Forwarded-For only from a named proxy,
one answer for unknown and locked accounts, log dates inside the program."""

from __future__ import annotations

import statistics
import time

import httpx
import pytest
import uvicorn
from webapp import PASSWORD, Web, sign_in, signed_in

from groundup.cli.web import proxy_options
from groundup.web import auth
from groundup.web.app import create_app
from groundup.web.settings import WebSettings


def test_private_pages_api_answers_and_files_are_never_cached(web: Web) -> None:
    coach = web.coach("c@example.org")
    person = web.person(coach, "Ana")
    assessment = web.assessment(person)
    client, _ = signed_in(web, "c@example.org")
    for path in ("/people", f"/people/{person.id}", f"/assessments/{assessment}", f"/people/{person.id}/plan",
                 f"/people/{person.id}/progress", f"/assessments/{assessment}/files/measures.png",
                 f"/assessments/{assessment}/files/result.json", "/api/me", "/api/people",
                 f"/api/assessments/{assessment}", "/assessments/999999", "/login"):
        response = client.get(path)
        assert response.headers.get("cache-control") == "no-store", path
    assert client.get("/static/app.css").headers.get("cache-control") != "no-store"  # shared, not private


def _failed_sign_ins(app, forwarded_for: list[str], **proxy) -> list[int]:
    """Wrong sign-ins through uvicorn's own proxy handling (as ``groundup serve`` configures it), each
    claiming another address in X-Forwarded-For; the client itself is 127.0.0.1 (a local proxy)."""
    config = uvicorn.Config(app, **proxy)
    config.load()
    transport = httpx.ASGITransport(app=config.loaded_app, client=("127.0.0.1", 40000))

    async def run() -> list[int]:
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as client:
            statuses = []
            for i, address in enumerate(forwarded_for):
                page = await client.get("/login")
                token = page.text.split('name="csrf_token" value="')[1].split('"')[0]
                response = await client.post("/login", headers={"x-forwarded-for": address},
                                             data={"email": f"nobody{i}@example.org", "password": "not it at all",
                                                   "csrf_token": token})
                statuses.append(response.status_code)
            return statuses

    import asyncio

    return asyncio.run(run())


@pytest.mark.parametrize("allow, expected", [(None, [401, 401, 429]), ("127.0.0.1", [401, 401, 401])],
                         ids=["no-proxy-configured", "proxy-named"])
def test_x_forwarded_for_counts_only_behind_a_named_proxy(web: Web, allow, expected) -> None:
    settings = WebSettings(db_url=web.settings.db_url, data_dir=web.settings.data_dir, ip_failures=2)
    app = create_app(settings, web.store, web.queue)
    spoofed = ["10.0.0.1", "10.0.0.2", "10.0.0.3"]
    assert _failed_sign_ins(app, spoofed, **proxy_options(allow)) == expected


def test_serve_trusts_no_forwarding_header_by_default() -> None:
    assert proxy_options(None) == {"proxy_headers": False, "forwarded_allow_ips": None}
    assert proxy_options(" 10.1.2.3 ") == {"proxy_headers": True, "forwarded_allow_ips": "10.1.2.3"}


def _timed(call) -> float:
    start = time.perf_counter()
    try:
        call()
    except auth.LoginRefused as refused:
        assert refused.status == 401
    return time.perf_counter() - start


def test_an_unknown_and_a_locked_account_get_the_same_answer_in_similar_time(web: Web) -> None:
    web.coach("locked@example.org")
    client = web.client()
    for _ in range(3):  # the fixture locks after 3 wrong passwords
        sign_in(client, "locked@example.org", "wrong password!")
    answers = {email: sign_in(web.client(), email, PASSWORD) for email in ("locked@example.org",
                                                                           "nobody@example.org")}
    statuses = {e: r.status_code for e, r in answers.items()}
    messages = {e: r.text.split('id="error-message" role="alert">')[1].split("<")[0] for e, r in answers.items()}
    assert set(statuses.values()) == {401}
    assert messages["locked@example.org"] == messages["nobody@example.org"]
    roomy = auth.AddressThrottle(1000, 60)

    def attempt(email: str):
        return lambda: auth.sign_in(web.store, web.settings, roomy, email, PASSWORD, "10.9.9.9")

    locked = statistics.median(_timed(attempt("locked@example.org")) for _ in range(5))
    unknown = statistics.median(_timed(attempt("nobody@example.org")) for _ in range(5))
    assert 0.5 < locked / unknown < 2.0, (locked, unknown)  # both check a password hash


def test_adding_an_athlete_with_a_taken_email_does_not_say_an_account_exists(web: Web) -> None:
    web.coach("c@example.org")
    client, csrf = signed_in(web, "c@example.org")
    response = client.post("/people", data={"name": "Eve", "athlete_email": "c@example.org",
                                            "athlete_password": "a long password", "csrf_token": csrf})
    assert response.status_code == 400
    assert "cannot be used" in response.text and "exists" not in response.text and "account for" not in response.text
    assert client.get("/api/people").json() == []  # nothing half-added


@pytest.mark.parametrize("day", ["1900-01-01", "2099-06-01", "2026-01-04"])
def test_a_set_dated_outside_the_program_is_refused(web: Web, day: str) -> None:
    coach = web.coach("c@example.org")
    person = web.person(coach, "Ana")
    web.assessment(person)  # filmed 2026-01-05: the program starts that day
    client, csrf = signed_in(web, "c@example.org")
    log = {"exercise_id": "balance-bodyweight", "day": day, "side": "left", "unit": "seconds", "target": 20,
           "actual": 20, "difficulty": 5, "pain": 0}
    response = client.post(f"/api/people/{person.id}/logs", json=log, headers={"x-csrf-token": csrf})
    assert response.status_code == 400 and "outside it" in response.json()["detail"]
    inside = {**log, "day": "2026-01-06"}
    assert client.post(f"/api/people/{person.id}/logs", json=inside, headers={"x-csrf-token": csrf}).status_code == 201
