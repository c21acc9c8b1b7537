"""What a coach reads names the athlete; one name per screen and per program state on every page;
units on the values; the band only where an exercise has one, and the band logged shown."""

from __future__ import annotations

import html
from datetime import date

from stored import stored_screen
from webapp import Web, signed_in


def test_a_coach_reads_the_athletes_name_the_athlete_reads_your(web: Web, small_mp4) -> None:
    coach = web.coach("c@example.org")
    _, ana = web.athlete(coach, "ana@example.org", "Ana")
    screen = stored_screen(web, ana, small_mp4)
    coach_view = signed_in(web, "c@example.org")[0].get(f"/assessments/{screen}").text
    own_view = signed_in(web, "ana@example.org")[0].get(f"/assessments/{screen}").text
    verdict = html.unescape(coach_view.split('id="verdict-left"')[1].split("</article>")[0])
    assert "Ana's left knee caves in" in verdict and "Your" not in verdict and "your" not in verdict
    assert "Your left knee caves in" in own_view.split('id="verdict-left"')[1].split("</article>")[0]
    assert "Analysed Mon 5 Jan 2026" in coach_view and "Filmed" not in coach_view
    assert "(shin lengths)" in verdict and "+0.15 shin lengths" in verdict  # values and cut-offs with units
    assert "knee.valgus_mild" not in coach_view and "Issue 2" not in coach_view and "probe" not in coach_view


def test_one_name_for_a_screen_and_for_a_program_state_on_every_page(web: Web, small_mp4) -> None:
    coach = web.coach("c@example.org")
    ana = web.person(coach, "Ana")
    screen = stored_screen(web, ana, small_mp4, left_valgus=0.0)  # nothing to correct: an optional routine
    client, _ = signed_in(web, "c@example.org")
    pages = [client.get(url).text for url in ("/people", f"/people/{ana.id}", f"/assessments/{screen}")]
    assert "Arms-down squat" in pages[1] and "Arms-down squat" in pages[2]
    assert not any("arms-down-squat<" in p or "arms down squat" in p for p in pages)
    assert "Optional activation routine" in pages[0] and "Optional activation routine" in pages[1]
    assert ">none<" not in pages[0]


def test_the_band_shows_only_where_an_exercise_has_one_and_the_band_logged_is_listed(web: Web) -> None:
    coach = web.coach("c@example.org")
    ana = web.person(coach, "Ana")
    web.assessment(ana, created=f"{date.today().isoformat()}T08:00:00+00:00")
    client, csrf = signed_in(web, "c@example.org")
    page = client.get(f"/people/{ana.id}/plan").text
    balance = page.split('id="exercise-balance-bodyweight"')[1].split("</article>")[0]
    assert "No band" not in page and "band" not in balance.split('class="log-form"')[0].lower()
    squat = {"exercise_id": "band-box-squat-parallel", "day": date.today().isoformat(), "side": "both",
             "unit": "reps", "target": 10, "actual": 10, "difficulty": 5, "pain": 0, "band": "green"}
    assert client.post(f"/api/people/{ana.id}/logs", json=squat, headers={"x-csrf-token": csrf}).status_code == 201
    page = client.get(f"/people/{ana.id}/plan").text
    logged = page.split('id="exercise-band-box-squat-parallel"')[1].split("</article>")[0]
    assert "<th>Band</th>" in logged and "<td>green</td>" in logged
    printed = client.get(f"/people/{ana.id}/plan/print").text
    assert "groundup log" not in printed and "on this week's plan page in groundup" in printed
    assert "No band" not in printed
