"""The week's aim as a person reads it at the terminal and on the web, on both databases."""

from __future__ import annotations

from datetime import date, timedelta

from typer.testing import CliRunner

from groundup import coach
from groundup.cli import app
from groundup.store import repo
from groundup.store.db import Store
from program.program_results import VALGUS, knee, result
from web.webapp import Web, signed_in

START = date(2024, 1, 1)  # a Monday


def cli(db: str, *args: str) -> str:
    outcome = CliRunner().invoke(app, [*args, "--person", "Ana", "--db", db], env={"COLUMNS": "400"})
    assert outcome.exit_code == 0, outcome.output
    return " ".join(outcome.output.split())


def test_cli_the_aim_climbs_to_the_top_and_the_retest_follows_mastery(any_store: Store, db_url: str) -> None:
    with any_store.session() as s:
        repo.add_person(s, "Ana")
    coach.store_assessment(any_store, "Ana", result(knee("valgus", VALGUS), knee("valgus", VALGUS),
                                                    created="2024-01-01T09:00:00+00:00"), "/tmp/a")
    week1 = cli(db_url, "plan", "--week", "1")
    assert "at least 10, goal 20 reps" in week1 and "mastered in about 12 weeks" in week1
    assert "next re-test: Mon 12 Feb 2024" in week1  # 6 weeks: the upper bound of the 4-6 week re-test
    cli(db_url, "log", "--exercise", "band-box-squat-parallel", "--reps", "10", "--side", "both", "--difficulty", "5",
        "--pain", "0", "--date", (START + timedelta(days=2)).isoformat())
    assert "at least 15, goal 20 reps" in cli(db_url, "plan", "--week", "2")
    cli(db_url, "log", "--exercise", "band-box-squat-parallel", "--reps", "15", "--side", "both", "--difficulty", "5",
        "--pain", "0", "--date", (START + timedelta(days=9)).isoformat())
    week3 = cli(db_url, "plan", "--week", "3")
    assert "band-box-squat-parallel" in week3 and "│ 20 reps (10-20 reps)" in week3


def test_web_the_plan_says_the_aim_is_a_floor_and_the_top_is_the_goal(any_web: Web) -> None:
    person = any_web.person(any_web.coach("c@example.org"), "Ana")
    any_web.assessment(person, created=f"{date.today().isoformat()}T08:00:00+00:00")
    client, _ = signed_in(any_web, "c@example.org")
    page = client.get(f"/people/{person.id}/plan").text
    assert "The week&#39;s aim is the least to do: go for 20, the top of the range" in page
    assert "mastered in about 14 weeks" in page and "re-test is in week 7" in page
    printed = client.get(f"/people/{person.id}/plan/print").text
    assert "go for 20, the top of the range; reaching it masters the level" in printed
