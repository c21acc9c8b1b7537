"""Web accounts and isolation at the store level, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from store_data import result_doc

from groundup.store import Store, StoreError, add_assessment, repo
from groundup.store import accounts as acc

NOW = datetime(2026, 1, 5, 9, tzinfo=UTC)


def _coach(s, email: str) -> acc.UserRecord:
    return acc.add_user(s, email, "hash-" + email, "coach", now=NOW)


def test_accounts_roles_and_unique_emails(store: Store) -> None:
    with store.session() as s:
        coach = _coach(s, " Coach@Example.org ")
        person = acc.add_coached_person(s, coach, "Ana")
        athlete = acc.add_user(s, "ana@example.org", "h", "athlete", coach=coach, person=person)
        assert (coach.email, coach.role, athlete.coach_id, athlete.person_id) == (
            "coach@example.org", "coach", coach.id, person.id)
        assert acc.get_user_by_email(s, "COACH@example.org").id == coach.id
        assert acc.get_user_by_email(s, "nobody@example.org") is None
        for bad in (lambda: _coach(s, "coach@example.org"),  # taken
                    lambda: acc.add_user(s, "x@example.org", "h", "admin"),
                    lambda: acc.add_user(s, "y@example.org", "h", "athlete"),  # no coach, no person
                    lambda: acc.add_user(s, "z@example.org", "h", "athlete", coach=coach, person=person),  # taken
                    lambda: acc.add_user(s, "not an address", "h", "coach")):
            with pytest.raises(StoreError):
                bad()
    with store.session() as s:  # the refusals left the transaction usable and stored nothing
        assert acc.get_user_by_email(s, "z@example.org") is None and acc.athlete_account(s, person).id == athlete.id


def test_isolation_is_in_the_queries(store: Store) -> None:
    with store.session() as s:
        a, b = _coach(s, "a@example.org"), _coach(s, "b@example.org")
        ana_a, ana_b = acc.add_coached_person(s, a, "Ana"), acc.add_coached_person(s, b, "Ana")
        cli_person = repo.add_person(s, "Walk-in")  # added on the command line: no coach sees it
        mine = add_assessment(s, ana_a, result_doc(), "out/a")
        theirs = add_assessment(s, ana_b, result_doc(), "out/b")
        athlete = acc.add_user(s, "ana@example.org", "h", "athlete", coach=a, person=ana_a)
    with store.session() as s:
        assert [p.id for p in acc.visible_people(s, a)] == [ana_a.id]
        assert acc.display_name(acc.visible_person(s, a, ana_a.id), a.id) == "Ana"
        assert acc.visible_assessment(s, a, mine.id)[0].id == mine.id
        assert [x.id for x in acc.visible_assessments(s, athlete, ana_a.id)] == [mine.id]
        for who, wrong in ((a, lambda u: acc.visible_person(s, u, ana_b.id)),
                           (a, lambda u: acc.visible_assessment(s, u, theirs.id)),
                           (a, lambda u: acc.visible_person(s, u, cli_person.id)),
                           (athlete, lambda u: acc.visible_assessment(s, u, theirs.id)),
                           (athlete, lambda u: acc.visible_assessments(s, u, ana_b.id)),
                           (a, lambda u: acc.visible_assessment(s, u, 10**6))):
            with pytest.raises(acc.NotVisible):
                wrong(who)
        with pytest.raises(StoreError, match="already coach someone called 'Ana'"):
            acc.add_coached_person(s, a, "Ana")


def test_failed_logins_lock_then_a_fresh_count_after_the_lock(store: Store) -> None:
    with store.session() as s:
        user = _coach(s, "c@example.org")
    lock = timedelta(minutes=15)
    for n in range(1, 4):
        with store.session() as s:
            locked = acc.record_failed_login(s, acc.get_user(s, user.id), NOW, 3, lock)
        assert (locked is None) == (n < 3)
    with store.session() as s:
        user = acc.get_user(s, user.id)
        assert (user.failed_logins, user.locked_until) == (3, NOW + lock)
        assert acc.record_failed_login(s, user, NOW + lock + timedelta(seconds=1), 3, lock) is None  # count restarts
        acc.clear_failed_logins(s, user)
        assert acc.get_user(s, user.id).failed_logins == 0


def test_web_sessions_expire_and_end(store: Store) -> None:
    with store.session() as s:
        user = _coach(s, "c@example.org")
        acc.add_web_session(s, user, "t" * 64, "csrf", NOW, timedelta(hours=1))
    with store.session() as s:
        found = acc.session_user(s, "t" * 64, NOW + timedelta(minutes=59))
        assert (found.user.id, found.csrf_token) == (user.id, "csrf")
        assert acc.session_user(s, "t" * 64, NOW + timedelta(hours=1)) is None
        assert acc.session_user(s, "u" * 64, NOW) is None
        acc.end_web_session(s, "t" * 64)
        assert acc.session_user(s, "t" * 64, NOW) is None
