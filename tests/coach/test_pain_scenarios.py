"""Pain, as a person logs it at the terminal and in the web form, on both databases.

Rolling discomfort is not pain; pain one level up steps back; pain at a first level pauses for a
week; pain again within two weeks (or 5/10 or more) stops the exercise with the advice to see a
professional. The plan changes at once, in the words the person reads.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import date, timedelta

from typer.testing import CliRunner

from groundup import coach
from groundup.cli import app
from groundup.store import repo
from groundup.store.db import Store
from program.program_results import VALGUS, knee, result
from web.webapp import Web, signed_in

START = date(2024, 1, 1)  # a Monday


def assessed(store: Store, created: date = START) -> None:
    with store.session() as s:
        repo.add_person(s, "Ana")
    doc = result(knee("valgus", VALGUS), knee("valgus", VALGUS), created=f"{created.isoformat()}T09:00:00+00:00")
    coach.store_assessment(store, "Ana", doc, "/tmp/ana")


def cli(db: str, *args: str) -> str:
    outcome = CliRunner().invoke(app, [*args, "--person", "Ana", "--db", db], env={"COLUMNS": "400"})
    assert outcome.exit_code == 0, outcome.output
    return " ".join(outcome.output.split())  # rich wraps long lines


def log(db: str, exercise: str, day: date, pain: int, *extra: str, amount: str = "12") -> str:
    unit = "--reps" if "squat" in exercise else "--seconds"
    return cli(db, "log", "--exercise", exercise, unit, amount, "--side", "both", "--difficulty", "5",
               "--pain", str(pain), "--date", day.isoformat(), *extra)


def test_cli_discomfort_pause_and_stop(any_store: Store, db_url: str) -> None:
    assessed(any_store)
    said = log(db_url, "roll-adductors", START + timedelta(days=1), 3, "--discomfort", amount="45")
    assert "discomfort 3" in said and "Paused" not in said
    said = log(db_url, "band-box-squat-parallel", START + timedelta(days=1), 3)
    assert "Paused: pain 3/10" in said and "Back on 2024-01-09" in said
    week1 = cli(db_url, "plan", "--week", "1")
    assert "left out: Band squat to a parallel box: Paused" in week1 and "back 09 Jan" in week1
    assert "roll-adductors" in week1
    assert "Back after a pause: pain 3/10" in cli(db_url, "plan", "--week", "3")
    said = log(db_url, "band-box-squat-parallel", START + timedelta(days=9), 2)
    assert "Stopped: pain came back" in said and "physiotherapist or doctor" in said
    assert "left out: Band squat to a parallel box: Stopped" in cli(db_url, "plan", "--week", "6")


def test_cli_pain_one_level_up_steps_back(any_store: Store, db_url: str) -> None:
    assessed(any_store)
    for side in ("left", "right"):
        cli(db_url, "log", "--exercise", "balance-bodyweight", "--seconds", "20", "--side", side, "--difficulty", "5",
            "--pain", "0", "--hands-free", "--date", (START + timedelta(days=2)).isoformat())
    assert "balance-foam-pad" in cli(db_url, "plan", "--week", "2")
    said = log(db_url, "balance-foam-pad", START + timedelta(days=8), 1)
    assert "Stepped back to level 1 of 4: level 2 caused pain 1/10" in said
    week2 = cli(db_url, "plan", "--week", "2")
    assert "balance-bodyweight" in week2 and "20 seconds" in week2


def test_cli_refuses_discomfort_for_activation_work(any_store: Store, db_url: str) -> None:
    assessed(any_store)
    args = ["log", "--exercise", "band-box-squat-parallel", "--reps", "12", "--side", "both", "--difficulty", "5",
            "--pain", "2", "--discomfort", "--person", "Ana", "--db", db_url, "--date", START.isoformat()]
    proc = subprocess.run([sys.executable, "-m", "groundup", *args], capture_output=True, text=True, timeout=120,
                          stdin=subprocess.DEVNULL)
    assert proc.returncode != 0 and "activation work" in proc.stderr and "Traceback" not in proc.stderr
    assert coach.logged_sets(any_store, "Ana") == []


def _form(csrf: str, exercise: str, unit: str, pain: int, **extra: object) -> dict:
    return {"csrf_token": csrf, "exercise_id": exercise, "unit": unit, "side": "both", "target": 12, "actual": 12,
            "difficulty": 5, "pain": pain, "day": date.today().isoformat(), **extra}


def test_web_discomfort_box_pain_pauses_at_once_and_high_pain_stops(any_web: Web) -> None:
    person = any_web.person(any_web.coach("c@example.org"), "Ana")
    any_web.assessment(person, created=f"{date.today().isoformat()}T08:00:00+00:00")
    client, csrf = signed_in(any_web, "c@example.org")
    page = client.get(f"/people/{person.id}/plan").text
    assert page.count('name="discomfort"') == 4 and page.count('name="collapse"') == 3  # rolls and stretches only
    sore = client.post(f"/people/{person.id}/log", data=_form(csrf, "roll-adductors", "seconds", 4, discomfort="true"),
                       follow_redirects=False)
    assert sore.headers["location"].endswith("done=logged")
    hurt = client.post(f"/people/{person.id}/log", data=_form(csrf, "band-box-squat-parallel", "reps", 2),
                       follow_redirects=False)
    assert hurt.headers["location"].endswith("done=pain")
    after = client.get(hurt.headers["location"]).text
    assert "the plan below already changed" in after and "Paused for pain" in after
    assert 'id="exercise-band-box-squat-parallel"' not in after and 'id="exercise-roll-adductors"' in after
    api = client.post(f"/api/people/{person.id}/logs", headers={"x-csrf-token": csrf},
                      json={"exercise_id": "balance-bodyweight", "day": date.today().isoformat(), "side": "both",
                            "unit": "seconds", "target": 20, "actual": 8, "difficulty": 5, "pain": 6})
    assert api.status_code == 201 and "Stopped: pain 6/10" in api.json()["detail"]
    left = {x["exercise_id"]: x["kind"] for x in client.get(f"/api/people/{person.id}/plan").json()["left_out"]}
    assert left == {"band-box-squat-parallel": "pause", "balance-bodyweight": "pain"}
    stored = {(s.exercise_id, s.discomfort) for s in coach.logged_sets(any_web.store, person.name)}
    assert ("roll-adductors", True) in stored
