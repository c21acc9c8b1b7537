"""``groundup user add``: accounts from the command line, one clear sentence when refused."""

from __future__ import annotations

from pathlib import Path

from server import groundup

from groundup.store import accounts
from groundup.store.db import open_store
from groundup.web.auth import password_matches


def test_user_add_creates_a_coach_and_an_athlete_and_refuses_bad_input(tmp_path: Path) -> None:
    db = str(tmp_path / "g.sqlite3")
    added = groundup("user", "add", "--role", "coach", "Coach@Example.org", "--db", db, password="a good password")
    assert added.returncode == 0 and "coach@example.org" in added.stdout
    athlete = groundup("user", "add", "--role", "athlete", "--coach", "coach@example.org", "--name", "Ana",
                       "ana@example.org", "--db", db, password="another password")
    assert athlete.returncode == 0
    with open_store(f"sqlite:///{db}") as store, store.session() as s:
        coach = accounts.get_user_by_email(s, "coach@example.org")
        assert coach.role == "coach" and password_matches(coach.password_hash, "a good password")
        ana = accounts.get_user_by_email(s, "ana@example.org")
        assert (ana.role, ana.coach_id) == ("athlete", coach.id)
        assert [p.id for p in accounts.visible_people(s, coach)] == [ana.person_id]
    for args, password, code, words in (
            (("coach@example.org",), "a good password", 3, "already exists"),
            (("x@example.org",), "short", 2, "10 to 1024"),
            (("x@example.org",), None, 2, "GROUNDUP_PASSWORD"),  # no terminal to ask at
            (("--role", "admin", "x@example.org"), "a good password", 2, "coach or athlete"),
            (("--role", "athlete", "x@example.org"), "a good password", 2, "--coach")):
        refused = groundup("user", "add", *args, "--db", db, password=password, check=False)
        assert refused.returncode == code and words in refused.stderr, refused.stderr
        assert refused.stderr.count("\n") == 1 and "Traceback" not in refused.stderr
