"""The plan pages' smaller points: ids to log under, set count, a check column that fits each row, the band,
no 'release first' without release work, and a mirror to watch the knees. CLI and web, both databases."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from typer.testing import CliRunner

from groundup import coach
from groundup.cli import app
from groundup.store import repo
from groundup.store.db import Store
from program.program_results import NEUTRAL, VALGUS, knee, result
from web.webapp import Web, signed_in


def printed(db: str, out: Path) -> str:
    outcome = CliRunner().invoke(app, ["plan", "--person", "Ana", "--week", "1", "--out", str(out), "--db", db])
    assert outcome.exit_code == 0, outcome.output
    return out.read_text(encoding="utf-8")


def test_cli_printed_sheet_rows_fit_their_exercise(any_store: Store, db_url: str, tmp_path: Path) -> None:
    with any_store.session() as s:
        repo.add_person(s, "Ana")
    coach.store_assessment(any_store, "Ana", result(knee("valgus", VALGUS), knee("valgus", VALGUS),
                                                    created="2024-01-01T09:00:00+00:00"), "/tmp/a")
    page = printed(db_url, tmp_path / "plan.html")
    rows = {body.split("Log as: <code>")[1].split("</code>")[0]: body
            for body in page.split('<tbody class="exercise"')[1:]}
    assert set(rows) >= {"roll-adductors", "stretch-calf-bent-knee", "balance-bodyweight", "band-box-squat-parallel"}
    assert "Ache or pain?" in rows["roll-adductors"] and "Caved in" not in rows["roll-adductors"]
    assert "Hands-free? y / n" in rows["balance-bodyweight"] and "Band: ______" in rows["band-box-squat-parallel"]
    squat = rows["band-box-squat-parallel"]
    assert "2 sets of" in squat and "set 2 done (both legs)" in squat
    assert "in a mirror" in page and "release first, then lengthening, then activation" in page


def test_cli_optional_routine_does_not_say_release_first(any_store: Store, db_url: str, tmp_path: Path) -> None:
    with any_store.session() as s:
        repo.add_person(s, "Ana")
    coach.store_assessment(any_store, "Ana", result(knee("neutral", NEUTRAL), knee("neutral", NEUTRAL),
                                                    created="2024-01-01T09:00:00+00:00"), "/tmp/a")
    page = printed(db_url, tmp_path / "plan.html")
    assert "Optional activation routine" in page and "release first" not in page


def test_web_plan_shows_sets_and_a_placement_that_fits(any_web: Web) -> None:
    person = any_web.person(any_web.coach("c@example.org"), "Ana")
    any_web.assessment(person, per_rep=NEUTRAL, created=f"{date.today().isoformat()}T08:00:00+00:00")
    client, _ = signed_in(any_web, "c@example.org")
    page = client.get(f"/people/{person.id}/plan").text
    assert "2 sets of 10 s" in page and "release first" not in page and "Warm-up: before your main training" in page
    assert client.get(f"/api/people/{person.id}/plan").json()["placement"] == "Warm-up: before your main training."
