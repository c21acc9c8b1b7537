"""The overhead-to-arms-down handover, in a session or days apart, through the CLI and the web, on both databases.

An overhead squat whose compensations call for the arms-down squat builds no program from its knees;
the arms-down squat, when it comes, does, and the plan names the clip it rests on.
"""

from __future__ import annotations

from datetime import date

import pytest
from typer.testing import CliRunner

from groundup import coach
from groundup.cli import app
from groundup.program.prescribe import prescribe
from groundup.render.plan_page import friendly_dates
from groundup.store import repo
from groundup.store.db import Store
from groundup.store.errors import StoreError
from program.program_results import NEUTRAL, VALGUS, knee, result
from web.webapp import Web, signed_in

ADVICE = ("Retest with the arms down (hands on the hips or at the sides): the overhead squat brought trunk leans "
          "forward past the shin, which changes how the knees move. Judge the knees on the arms-down squat.")


def overhead(compensated: bool, created: str = "2024-01-01T09:00:00+00:00") -> dict:
    doc = result(knee("valgus", VALGUS), knee("valgus", VALGUS), created=created)
    doc["movement"] = {"requested": "overhead-squat"}
    doc["screen"] = {"screen": "overhead-squat", "figures": {"arms_down_retest": 1.0 if compensated else 0.0},
                     "notes": [ADVICE] if compensated else [], "criteria": [], "events": []}
    return doc


def arms_down(left: tuple[float, ...], created: str = "2024-01-02T09:00:00+00:00") -> dict:
    doc = result(knee("valgus" if left == VALGUS else "neutral", left), knee("neutral", NEUTRAL), created=created)
    doc["movement"] = {"requested": "arms-down-squat"}
    return doc


def cli(db: str, *args: str) -> str:
    outcome = CliRunner().invoke(app, [*args, "--person", "Ana", "--db", db], env={"COLUMNS": "400"})
    assert outcome.exit_code == 0, outcome.output
    return " ".join(outcome.output.split())


def test_a_compensated_overhead_squat_prescribes_nothing_but_the_arms_down_squat() -> None:
    p = prescribe(overhead(True), today=date(2024, 1, 1))
    assert (p.status, p.entries, p.retest_due) == ("arms_down", (), None)
    assert "Film the arms-down squat" in p.message and "trunk leans forward" in p.message
    clean = prescribe(overhead(False), today=date(2024, 1, 1))
    assert clean.status == "program" and clean.based_on == "the overhead squat filmed on 2024-01-01"


def test_cli_the_arms_down_squat_days_later_builds_the_program(any_store: Store, db_url: str) -> None:
    with any_store.session() as s:
        repo.add_person(s, "Ana")
    first = coach.store_assessment(any_store, "Ana", overhead(True), "/tmp/oh")
    assert first.prescription.status == "arms_down" and "Film the arms-down squat" in first.message
    with pytest.raises(StoreError, match="no program yet"):
        coach.plan_for_week(any_store, "Ana", week=1)
    later = coach.store_assessment(any_store, "Ana", arms_down(VALGUS, "2024-01-05T09:00:00+00:00"), "/tmp/ad")
    assert later.prescription.status == "program"
    week1 = cli(db_url, "plan", "--week", "1")
    assert "This program rests on the arms-down squat filmed on 2024-01-05." in week1
    assert "single-side" not in week1 or "single-half-kneeling" in week1


def test_cli_an_arms_down_squat_with_no_collapse_replaces_a_program_from_a_compensated_overhead(
        any_store: Store, db_url: str) -> None:
    with any_store.session() as s:
        person = repo.add_person(s, "Ana")
        base = repo.add_assessment(s, person, overhead(True), "/tmp/oh")  # stored before the handover existed
        p = prescribe(overhead(False), today=date(2024, 1, 1))
        repo.save_program(s, person, coach._entries(p), status="corrective", retest_due=p.retest_due,
                          from_assessment=base)
    update = coach.store_assessment(any_store, "Ana", arms_down(NEUTRAL), "/tmp/ad")
    assert update.prescription is not None and update.prescription.status == "none_found"
    week1 = cli(db_url, "plan", "--week", "1")
    assert "Nothing to correct" in week1 and "rests on the arms-down squat filmed on 2024-01-02" in week1


def test_cli_a_compensated_overhead_retest_is_not_compared(any_store: Store, db_url: str) -> None:
    with any_store.session() as s:
        repo.add_person(s, "Ana")
    coach.store_assessment(any_store, "Ana", overhead(False), "/tmp/oh1")
    update = coach.store_assessment(any_store, "Ana", overhead(True, "2024-01-29T09:00:00+00:00"), "/tmp/oh2")
    assert update.retest is None and "program goes on" in update.message and "arms-down squat" in update.message
    assert "rests on the overhead squat filmed on 2024-01-01" in cli(db_url, "plan", "--week", "1")


def test_web_the_plan_waits_for_the_arms_down_clip_and_then_names_it(any_web: Web) -> None:
    person = any_web.person(any_web.coach("c@example.org"), "Ana")
    today = date.today().isoformat()
    first = any_web.assessment(person, created=f"{today}T08:00:00+00:00",
                               extra={k: v for k, v in overhead(True).items() if k in ("movement", "screen")})
    client, _ = signed_in(any_web, "c@example.org")
    assert client.get(f"/api/people/{person.id}/plan").json() is None
    shown = client.get(f"/assessments/{first}").text
    assert "No program from this clip&#39;s knees" in shown and "Film the arms-down squat" in shown
    any_web.assessment(person, created=f"{today}T09:00:00+00:00")  # the arms-down squat
    page = client.get(f"/people/{person.id}/plan").text
    assert friendly_dates(f"This program rests on the arms-down squat filmed on {today}.") in page
    assert 'id="exercise-balance-bodyweight"' in page
