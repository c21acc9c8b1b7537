"""Deleting an athlete (rows and files), a screen or a logged set; editing an athlete and resetting
their password; the comparison page. Another coach's object is always a 404."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from stored import stored_screen
from webapp import PASSWORD, Web, sign_in, signed_in

from groundup.store import models as m

NEW_PASSWORD = "a brand new password"


def _rows(web: Web, person_id: int) -> dict[str, int]:
    """How many rows of each table belong to the person."""
    def count(query) -> int:
        with web.store.session() as s:
            return int(s.scalar(query) or 0)

    sessions = select(m.SessionRow.id).where(m.SessionRow.person_id == person_id)
    users = select(m.UserRow.id).where(m.UserRow.person_id == person_id)
    return {
        "people": count(select(func.count()).select_from(m.PersonRow).where(m.PersonRow.id == person_id)),
        "assessments": count(select(func.count()).select_from(m.AssessmentRow)
                             .where(m.AssessmentRow.person_id == person_id)),
        "programs": count(select(func.count()).select_from(m.ProgramRow).where(m.ProgramRow.person_id == person_id)),
        "sessions": count(select(func.count()).select_from(m.SessionRow).where(m.SessionRow.person_id == person_id)),
        "set_logs": count(select(func.count()).select_from(m.SetLogRow).where(m.SetLogRow.session_id.in_(sessions))),
        "users": count(select(func.count()).select_from(m.UserRow).where(m.UserRow.person_id == person_id)),
        "web_sessions": count(select(func.count()).select_from(m.WebSessionRow)
                              .where(m.WebSessionRow.user_id.in_(users))),
    }


def _log(client, csrf: str, person_id: int) -> int:
    log = {"exercise_id": "balance-bodyweight", "day": date.today().isoformat(), "side": "left", "unit": "seconds",
           "target": 20, "actual": 20, "difficulty": 5, "pain": 0, "hands_free": True}
    assert client.post(f"/api/people/{person_id}/logs", json=log, headers={"x-csrf-token": csrf}).status_code == 201
    page = client.get(f"/people/{person_id}/plan").text
    return max(int(part.split("/")[0]) for part in page.split(f"/people/{person_id}/logs/")[1:])  # the newest


def test_deleting_an_athlete_removes_their_rows_and_files_and_only_theirs(web: Web, small_mp4) -> None:
    coach, other = web.coach("c@example.org"), web.coach("o@example.org")
    _, ana = web.athlete(coach, "ana@example.org", "Ana")
    ben = web.person(coach, "Ben")
    theirs = web.person(other, "Cy")
    screens = [stored_screen(web, ana, small_mp4), stored_screen(web, ben, small_mp4)]
    signed_in(web, "ana@example.org")  # the athlete has an open session
    client, csrf = signed_in(web, "c@example.org")
    _log(client, csrf, ana.id)
    before = _rows(web, ana.id)
    assert all(before[t] >= 1 for t in before), before
    folders = {p.name for p in web.settings.analyses.iterdir()}
    uploads = {p.name for p in web.settings.uploads.iterdir()}
    assert len(folders) == len(uploads) == 2

    intruder, intruder_csrf = signed_in(web, "o@example.org")
    for url in (f"/people/{ana.id}/delete",):
        assert intruder.post(url, data={"csrf_token": intruder_csrf, "confirm": "yes"}).status_code == 404
    assert intruder.delete(f"/api/people/{ana.id}", headers={"x-csrf-token": intruder_csrf}).status_code == 404
    assert _rows(web, ana.id) == before

    unconfirmed = client.post(f"/people/{ana.id}/delete", data={"csrf_token": csrf})
    assert unconfirmed.status_code == 400 and _rows(web, ana.id) == before
    done = client.post(f"/people/{ana.id}/delete", data={"csrf_token": csrf, "confirm": "yes"},
                       follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == "/people?done=deleted"
    assert set(_rows(web, ana.id).values()) == {0}
    ben_screen = client.get(f"/api/assessments/{screens[1]}").json()
    left = {p.name for p in web.settings.analyses.iterdir()}
    assert len(left) == 1 and ben_screen["id"] == screens[1]  # Ben's screen and folder are untouched
    assert {p.name for p in web.settings.uploads.iterdir()} == {f"{name}.mp4" for name in left}
    assert sign_in(web.client(), "ana@example.org").status_code == 401  # the athlete's sign-in went too
    assert [p["name"] for p in client.get("/api/people").json()] == ["Ben"]
    assert _rows(web, theirs.id)["people"] == 1


def test_the_api_deletes_an_athlete_too(web: Web) -> None:
    coach = web.coach("c@example.org")
    ana = web.person(coach, "Ana")
    web.assessment(ana)
    client, csrf = signed_in(web, "c@example.org")
    assert client.delete(f"/api/people/{ana.id}").status_code == 403  # no CSRF token
    assert client.delete(f"/api/people/{ana.id}", headers={"x-csrf-token": csrf}).status_code == 204
    assert set(_rows(web, ana.id).values()) == {0} and not any(web.settings.analyses.iterdir())


def test_deleting_a_screen_removes_its_row_folder_and_upload(web: Web, small_mp4) -> None:
    coach, _other = web.coach("c@example.org"), web.coach("o@example.org")
    ana = web.person(coach, "Ana")
    keep, gone = stored_screen(web, ana, small_mp4), stored_screen(web, ana, small_mp4, "2026-02-05T09:00:00+00:00")
    intruder, intruder_csrf = signed_in(web, "o@example.org")
    assert intruder.post(f"/assessments/{gone}/delete", data={"csrf_token": intruder_csrf}).status_code == 404
    assert intruder.delete(f"/api/assessments/{gone}", headers={"x-csrf-token": intruder_csrf}).status_code == 404
    client, csrf = signed_in(web, "c@example.org")
    folder = client.get(f"/api/assessments/{gone}").json()
    assert folder["id"] == gone and len(list(web.settings.analyses.iterdir())) == 2
    done = client.post(f"/assessments/{gone}/delete", data={"csrf_token": csrf}, follow_redirects=False)
    assert done.headers["location"] == f"/people/{ana.id}?done=screen-deleted"
    assert client.get(f"/api/assessments/{gone}").status_code == 404
    assert [a["id"] for a in client.get(f"/api/people/{ana.id}/assessments").json()] == [keep]
    assert len(list(web.settings.analyses.iterdir())) == len(list(web.settings.uploads.iterdir())) == 1
    assert client.delete(f"/api/assessments/{keep}", headers={"x-csrf-token": csrf}).status_code == 204
    assert not any(web.settings.analyses.iterdir()) and not any(web.settings.uploads.iterdir())


def test_a_logged_set_is_deleted_by_its_coach_or_athlete_only(web: Web) -> None:
    coach, _other = web.coach("c@example.org"), web.coach("o@example.org")
    _, ana = web.athlete(coach, "ana@example.org", "Ana")
    web.assessment(ana)
    client, csrf = signed_in(web, "c@example.org")
    first = _log(client, csrf, ana.id)
    intruder, intruder_csrf = signed_in(web, "o@example.org")
    url = f"/people/{ana.id}/logs/{first}/delete"
    assert intruder.post(url, data={"csrf_token": intruder_csrf}).status_code == 404
    athlete, athlete_csrf = signed_in(web, "ana@example.org")
    second = _log(athlete, athlete_csrf, ana.id)
    assert _rows(web, ana.id)["set_logs"] == 2
    done = athlete.post(f"/people/{ana.id}/logs/{second}/delete", data={"csrf_token": athlete_csrf},
                        follow_redirects=False)
    assert done.headers["location"] == f"/people/{ana.id}/plan?done=set-deleted"
    assert client.delete(f"/api/people/{ana.id}/logs/{first}", headers={"x-csrf-token": csrf}).status_code == 204
    assert _rows(web, ana.id)["set_logs"] == 0 and _rows(web, ana.id)["sessions"] == 0


def test_a_coach_renames_an_athlete_changes_the_sign_in_and_resets_the_password(web: Web) -> None:
    coach = web.coach("c@example.org")
    web.coach("taken@example.org")
    _, ana = web.athlete(coach, "ana@example.org", "Ana")
    athlete, _ = signed_in(web, "ana@example.org")
    client, csrf = signed_in(web, "c@example.org")
    page = client.get(f"/people/{ana.id}/edit")
    assert page.status_code == 200 and 'value="ana@example.org"' in page.text
    taken = client.post(f"/people/{ana.id}/edit", data={"csrf_token": csrf, "name": "Ana", "athlete_email":
                                                          "taken@example.org"})
    assert taken.status_code == 400 and "cannot be used" in taken.text
    short = client.post(f"/people/{ana.id}/edit", data={"csrf_token": csrf, "name": "Ana", "new_password": "short"})
    assert short.status_code == 400 and "10 to 1024" in short.text
    done = client.post(f"/people/{ana.id}/edit", follow_redirects=False, data={
        "csrf_token": csrf, "name": "Ana Maria", "athlete_email": "ana.m@example.org", "new_password": NEW_PASSWORD})
    assert done.status_code == 303 and done.headers["location"] == f"/people/{ana.id}?done=saved"
    assert client.get(f"/api/people/{ana.id}").json()["name"] == "Ana Maria"
    assert athlete.get("/api/me").status_code == 401  # the new password ended the athlete's session
    assert sign_in(web.client(), "ana@example.org").status_code == 401
    assert sign_in(web.client(), "ana.m@example.org", PASSWORD).status_code == 401
    assert sign_in(web.client(), "ana.m@example.org", NEW_PASSWORD).status_code == 303
    intruder_coach = web.coach("o@example.org")
    assert intruder_coach.role == "coach"
    intruder, intruder_csrf = signed_in(web, "o@example.org")
    assert intruder.get(f"/people/{ana.id}/edit").status_code == 404
    assert intruder.post(f"/people/{ana.id}/edit", data={"csrf_token": intruder_csrf, "name": "X"}).status_code == 404


def test_an_athlete_cannot_edit_or_delete_themselves(web: Web) -> None:
    coach = web.coach("c@example.org")
    _, ana = web.athlete(coach, "ana@example.org", "Ana")
    athlete, csrf = signed_in(web, "ana@example.org")
    assert athlete.get(f"/people/{ana.id}/edit").status_code == 404
    assert athlete.post(f"/people/{ana.id}/delete", data={"csrf_token": csrf, "confirm": "yes"}).status_code == 404
    assert _rows(web, ana.id)["people"] == 1


def test_the_comparison_page_sets_two_screens_side_by_side_with_the_real_change(web: Web, small_mp4) -> None:
    coach = web.coach("c@example.org")
    ana = web.person(coach, "Ana")
    first = stored_screen(web, ana, small_mp4, "2026-01-05T09:00:00+00:00", left_valgus=0.45)
    second = stored_screen(web, ana, small_mp4, "2026-02-05T09:00:00+00:00", left_valgus=0.0)
    client, _ = signed_in(web, "c@example.org")
    page = client.get(f"/people/{ana.id}/compare")
    assert page.status_code == 200
    text = page.text
    assert f"/assessments/{first}/files/worst_rep_left.png" in text and f"/assessments/{second}" in text
    table = text.split('id="compare-table"')[1].split("</table>")[0]
    rows = table.split("<tr>")[2:]
    left = next(r for r in rows if r.startswith("<td>left</td>"))
    assert "improved" in left  # 0.45 shin lengths of caving in gone: beyond the smallest real change
    assert "MDC95" in text
    assert client.get(f"/people/{ana.id}/compare?first={first}&second={first}").status_code == 200
