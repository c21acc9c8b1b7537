"""Impossible values and unknown names: one clear StoreError, nothing half-stored."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy.exc import IntegrityError
from store_data import a_set, entries, result_doc

from groundup.errors import GroundupError
from groundup.store import (
    PersonRecord,
    ProgramEntryRecord,
    SessionRecord,
    Store,
    StoreError,
    add_assessment,
    add_person,
    add_session,
    add_set_log,
    get_person_by_name,
    logs_for,
    save_program,
)
from groundup.store import models as m


@pytest.fixture
def ana_session(store: Store):
    """Ana with a program and a session on 1 December."""
    with store.session() as s:
        ana = add_person(s, "Ana")
        save_program(s, ana, entries(), status="corrective")
        return ana, add_session(s, ana, date(2025, 12, 1))


def _refused(store: Store, session, log, message: str) -> None:
    with pytest.raises(StoreError, match=message), store.session() as s:
        add_set_log(s, session, log)


@pytest.mark.parametrize(("change", "message"), [
    ({"pain": 11}, r"^Pain must be from 0 to 10, not 11\.$"),
    ({"pain": -1}, "Pain must be from 0 to 10"),
    ({"difficulty": 0}, r"^Difficulty must be from 1 to 10, not 0\.$"),
    ({"difficulty": 11}, "Difficulty must be from 1 to 10"),
    ({"actual_value": -3}, r"^The number of reps done must be at least 0, not -3\.$"),
    ({"target_value": -1}, "The target number of reps must be at least 0"),
    ({"actual_value": 2.5}, "must be a whole number"),
    ({"side": "middle"}, "Side must be one of left, right, both"),
    ({"target_kind": "metres"}, "kind of target must be one of seconds, reps"),
    ({"target_kind": "seconds"}, "'band-squat-1' is prescribed in reps, not seconds"),
    ({"discomfort": "a bit"}, r"^Discomfort must be true or false, not 'a bit'\.$"),
])
def test_impossible_sets_are_refused(store: Store, ana_session, change, message) -> None:
    ana, monday = ana_session
    _refused(store, monday, a_set(**change), message)
    with store.session() as s:
        assert logs_for(s, ana) == []


def test_exercise_not_in_the_program(store: Store, ana_session) -> None:
    _ana, monday = ana_session
    message = r"^'pistol-squat' is not in Ana's current program \(balance-1, band-squat-1, side-band-1\)\.$"
    _refused(store, monday, a_set("pistol-squat"), message)


def test_no_program_yet(store: Store) -> None:
    with store.session() as s:
        ben = add_person(s, "Ben")
        day = add_session(s, ben, date(2025, 12, 1))
    _refused(store, day, a_set(), "Ben has no program yet")


def test_unknown_person(store: Store) -> None:
    with store.session() as s:
        add_person(s, "Ana")
    with pytest.raises(StoreError, match=r"^No person named 'Zoe' \(known: Ana\)\.$"), store.session() as s:
        get_person_by_name(s, "Zoe")


def test_duplicate_and_blank_names(store: Store) -> None:
    with store.session() as s:
        add_person(s, "Ana")
    with pytest.raises(StoreError, match="A person named 'Ana' already exists"), store.session() as s:
        add_person(s, "Ana ")
    with pytest.raises(StoreError, match="name must be 1 to 200 characters"), store.session() as s:
        add_person(s, "   ")


def test_store_error_is_a_groundup_error() -> None:
    assert issubclass(StoreError, GroundupError)


def test_bad_program_and_assessment(store: Store) -> None:
    with store.session() as s:
        ana = add_person(s, "Ana")
    bad_entry = ProgramEntryRecord("band-squat-1", "band-squat", 1, "both", "reps", 12, 8)
    with pytest.raises(StoreError, match="target high must be at least 12, not 8"), store.session() as s:
        save_program(s, ana, [bad_entry], status="corrective")
    with pytest.raises(StoreError, match="status must be one of corrective, maintenance"), store.session() as s:
        save_program(s, ana, entries(), status="paused")
    with pytest.raises(StoreError, match="Not a groundup assessment result"), store.session() as s:
        add_assessment(s, ana, {"schema": "other/1"}, "out")


def test_refusal_keeps_the_transaction_usable(store: Store) -> None:
    with store.session() as s:
        add_person(s, "Ana")
        with pytest.raises(StoreError):
            add_person(s, "Ana")
        add_person(s, "Ben")
    with store.session() as s:
        assert get_person_by_name(s, "Ben").name == "Ben"


@pytest.mark.parametrize(("column", "value"), [
    ("pain", 11), ("difficulty", 0), ("actual_value", -1), ("target_value", -5), ("side", "up")])
def test_database_checks_back_up_the_validation(store: Store, ana_session, column, value) -> None:
    _, monday = ana_session
    fields = {"session_id": monday.id, "exercise_id": "x", "side": "both", "target_kind": "reps", "target_value": 1,
                  "actual_value": 1, "difficulty": 5, "pain": 0, "collapse": False}
    fields[column] = value
    with pytest.raises(IntegrityError), store.engine.begin() as conn:
        conn.execute(m.SetLogRow.__table__.insert().values(**fields))


def test_database_refuses_rows_of_unknown_people(store: Store) -> None:
    with pytest.raises(IntegrityError), store.engine.begin() as conn:
        conn.execute(m.SessionRow.__table__.insert().values(person_id=999, date=date(2025, 12, 1)))


def test_records_of_people_not_in_this_database(store: Store) -> None:
    ghost = PersonRecord(4242, "Ghost", datetime.now(UTC))
    with pytest.raises(StoreError, match=r"^Person 'Ghost' is not in this database\.$"), store.session() as s:
        add_assessment(s, ghost, result_doc(), "out")
    with pytest.raises(StoreError, match="No person with id 4242"), store.session() as s:
        add_set_log(s, SessionRecord(1, 4242, date(2025, 12, 1), None), a_set())
