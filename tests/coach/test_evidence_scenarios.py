"""Mastery needs its evidence (hands-free balance, no caving in, the band), asked at the terminal, on the
printed sheet and in the web form, on both databases."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from typer.testing import CliRunner

from groundup import coach
from groundup.cli import app
from groundup.store import repo
from groundup.store.db import Store
from program.program_results import VALGUS, knee, result
from web.webapp import Web, signed_in

START = date(2024, 1, 1)  # a Monday


def assessed(store: Store) -> None:
    with store.session() as s:
        repo.add_person(s, "Ana")
    doc = result(knee("valgus", VALGUS), knee("valgus", VALGUS), created="2024-01-01T09:00:00+00:00")
    coach.store_assessment(store, "Ana", doc, "/tmp/a")


def cli(db: str, *args: str, answers: str | None = None) -> str:
    outcome = CliRunner().invoke(app, [*args, "--person", "Ana", "--db", db], input=answers, env={"COLUMNS": "400"})
    assert outcome.exit_code == 0, outcome.output
    return " ".join(outcome.output.split())


def balance_top(db: str, day: date, *extra: str) -> None:
    for side in ("left", "right"):
        cli(db, "log", "--exercise", "balance-bodyweight", "--seconds", "20", "--side", side, "--difficulty", "5",
            "--pain", "0", "--date", day.isoformat(), *extra)


def test_cli_balance_moves_up_only_with_a_hands_free_hold(any_store: Store, db_url: str) -> None:
    assessed(any_store)
    balance_top(db_url, START + timedelta(days=1), "--held-on")
    week2 = cli(db_url, "plan", "--week", "2")
    assert "Hold at level 1 of 4" in week2 and "no hands-free hold logged" in week2
    balance_top(db_url, START + timedelta(days=8), "--hands-free")
    assert "balance-foam-pad" in cli(db_url, "plan", "--week", "3")


def test_cli_at_a_terminal_asks_for_caving_in_and_the_band(any_store: Store, db_url: str,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    assessed(any_store)
    monkeypatch.setattr("groundup.cli.coach.at_terminal", lambda: True)
    said = cli(db_url, "log", "--exercise", "band-box-squat-parallel", "--reps", "20", "--side", "both",
               "--difficulty", "5", "--pain", "0", "--date", START.isoformat(), answers="y\nred\n")
    assert "Did the knee or ankle cave in" in said and "Band used" in said
    (logged,) = coach.logged_sets(any_store, "Ana")
    assert (logged.collapse, logged.band) == (True, "red")
    assert "collapse seen" in cli(db_url, "plan", "--week", "2")
    cli(db_url, "log", "--exercise", "balance-bodyweight", "--seconds", "20", "--side", "both", "--difficulty", "5",
        "--pain", "0", "--date", START.isoformat(), answers="n\ny\n")
    assert coach.logged_sets(any_store, "Ana")[-1].hands_free is True


def test_cli_band_work_without_a_band_logged_is_not_mastered(any_store: Store, db_url: str) -> None:
    assessed(any_store)
    cli(db_url, "log", "--exercise", "band-box-squat-parallel", "--reps", "20", "--side", "both", "--difficulty", "5",
        "--pain", "0", "--no-collapse", "--date", START.isoformat())
    assert "no band logged" in cli(db_url, "plan", "--week", "2")


def test_web_form_and_printed_sheet_ask_for_the_evidence(any_web: Web) -> None:
    person = any_web.person(any_web.coach("c@example.org"), "Ana")
    any_web.assessment(person, created=f"{date.today().isoformat()}T08:00:00+00:00")
    client, csrf = signed_in(any_web, "c@example.org")
    page = client.get(f"/people/{person.id}/plan").text
    balance = page.split('id="exercise-balance-bodyweight"')[1].split("</article>")[0]
    squat = page.split('id="exercise-band-box-squat-parallel"')[1].split("</article>")[0]
    assert 'name="hands_free" required' in balance and 'name="collapse" required' in balance
    assert 'name="band"' not in balance and 'name="band" maxlength="40" placeholder="colour" required' in squat
    printed = client.get(f"/people/{person.id}/plan/print").text
    assert "Log as: <code>roll-adductors</code>" in printed and "Hands-free? y / n" in printed
    assert "Ache or pain?" in printed and "Band: ______" in printed
    form = {"csrf_token": csrf, "exercise_id": "balance-bodyweight", "unit": "seconds", "target": 20, "actual": 20,
            "difficulty": 5, "pain": 0, "collapse": "false", "day": date.today().isoformat()}
    for side in ("left", "right"):
        client.post(f"/people/{person.id}/log", data={**form, "side": side, "hands_free": "false"})
    week2 = client.get(f"/api/people/{person.id}/plan?week=2").json()
    held = next(e for e in week2["entries"] if e["track"] == "balance")
    assert held["exercise_id"] == "balance-bodyweight" and "no hands-free hold logged" in held["why"]
    response = client.post(f"/api/people/{person.id}/logs", headers={"x-csrf-token": csrf},
                           json={"exercise_id": "balance-bodyweight", "day": date.today().isoformat(), "side": "both",
                                 "unit": "seconds", "target": 20, "actual": 20, "difficulty": 5, "pain": 0,
                                 "hands_free": True})
    assert response.status_code == 201
    week2 = client.get(f"/api/people/{person.id}/plan?week=2").json()
    assert next(e for e in week2["entries"] if e["track"] == "balance")["exercise_id"] == "balance-foam-pad"
