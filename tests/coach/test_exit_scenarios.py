"""Exits that fit the finding: maintenance only once the finding is gone, ankles re-tested too, an ankle
rolling out never given the roll-in cues. Through the CLI and the web, on both databases."""

from __future__ import annotations

from datetime import date

from typer.testing import CliRunner

from groundup import coach
from groundup.cli import app
from groundup.store import repo
from groundup.store.db import Store
from program.program_results import NEUTRAL, VALGUS, ankle, knee, result
from web.webapp import Web, signed_in

STILL_CAVES = (0.17, 0.18, 0.18, 0.19, 0.18)  # 0.34 -> 0.18: a real change, still past the 0.15 cut-off


def cli(db: str, *args: str) -> str:
    outcome = CliRunner().invoke(app, [*args, "--person", "Ana", "--db", db], env={"COLUMNS": "400"})
    assert outcome.exit_code == 0, outcome.output
    return " ".join(outcome.output.split())


def person(store: Store, name: str = "Ana") -> str:
    with store.session() as s:
        return repo.add_person(s, name).name


def on(day: str) -> str:
    return f"{day}T09:00:00+00:00"


def test_cli_a_smaller_collapse_that_still_caves_in_is_not_maintenance(any_store: Store, db_url: str) -> None:
    person(any_store)
    coach.store_assessment(any_store, "Ana", result(knee("valgus", VALGUS), knee("neutral", NEUTRAL),
                                                    created=on("2024-01-01")), "/tmp/a")
    smaller = coach.store_assessment(any_store, "Ana", result(knee("valgus", STILL_CAVES), knee("neutral", NEUTRAL),
                                                              created=on("2024-02-12")), "/tmp/b")
    assert smaller.retest.side("left").verdict == "improved" and not smaller.retest.real_improvement
    week7 = cli(db_url, "plan", "--week", "7")
    assert "Corrective warm-up" in week7 and "still caves in past the cut-off" in week7
    gone = coach.store_assessment(any_store, "Ana", result(knee("neutral", NEUTRAL), knee("neutral", NEUTRAL),
                                                           created=on("2024-03-25")), "/tmp/c")
    assert gone.retest.real_improvement
    assert "Maintenance" in cli(db_url, "plan", "--week", "13")


def test_cli_an_ankle_only_program_is_retested_and_reaches_maintenance(any_store: Store, db_url: str) -> None:
    person(any_store)
    rolled = result(knee("neutral", NEUTRAL), knee("neutral", NEUTRAL), ankle("eversion", 0.08),
                    created=on("2024-01-01"))
    coach.store_assessment(any_store, "Ana", rolled, "/tmp/a")
    still = coach.store_assessment(any_store, "Ana", {**rolled, "created_utc": on("2024-02-12")}, "/tmp/b")
    assert not still.retest.real_improvement and "left ankle: eversion before, eversion now" in still.retest.ankles[0]
    level = result(knee("neutral", NEUTRAL), knee("neutral", NEUTRAL), created=on("2024-03-25"))
    assert coach.store_assessment(any_store, "Ana", level, "/tmp/c").retest.real_improvement
    week13 = cli(db_url, "plan", "--week", "13")
    assert "Maintenance" in week13 and "left ankle: eversion before, neutral now: it no longer rolls." in week13


def test_cli_an_ankle_rolling_out_gets_no_roll_in_program(any_store: Store, db_url: str) -> None:
    person(any_store)
    out = result(knee("neutral", NEUTRAL), knee("neutral", NEUTRAL), None, ankle("inversion", -0.08),
                 created=on("2024-01-01"))
    update = coach.store_assessment(any_store, "Ana", out, "/tmp/a")
    assert update.prescription.status == "ankle_out" and "right ankle rolls outward" in update.message
    outcome = CliRunner().invoke(app, ["plan", "--person", "Ana", "--db", db_url])
    assert outcome.exit_code != 0  # nothing was prescribed


def test_web_knee_valgus_with_an_ankle_rolling_out_leaves_out_the_roll_in_cues(any_web: Web) -> None:
    coach_user = any_web.coach("c@example.org")
    ana = any_web.person(coach_user, "Ana")
    doc = result(knee("valgus", VALGUS), knee("valgus", VALGUS), None, ankle("inversion", -0.08),
                 created=on(date.today().isoformat()))
    coach.store_assessment(any_web.store, ana.name, doc, "/tmp/a")
    client, _ = signed_in(any_web, "c@example.org")
    for url in (f"/people/{ana.id}/plan", f"/people/{ana.id}/plan/print"):
        page = client.get(url).text
        assert "Keep the arch up" not in page and "arches stay lifted" not in page
        assert "right ankle rolls outward" in page and "big toe, little toe and heel" in page
    bo = any_web.person(coach_user, "Bo")
    coach.store_assessment(any_web.store, bo.name, result(knee("valgus", VALGUS), knee("valgus", VALGUS),
                                                          created=on(date.today().isoformat())), "/tmp/b")
    assert "Keep the arch up" in client.get(f"/people/{bo.id}/plan/print").text
