"""Schema revisions: an old database is upgraded in place, an unknown one is refused."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text
from store_data import entries, result_doc

from groundup.store import (
    Store,
    StoreError,
    add_assessment,
    add_person,
    current_program,
    get_person_by_name,
    latest_assessments,
    logs_for,
    open_store,
    save_program,
)
from groundup.store.engine import make_engine, parse_url
from groundup.store.migrate import current_revision, head_revision, upgrade
from groundup.store.models import Base

TABLES = {"people", "assessments", "programs", "program_entries", "sessions", "set_logs"}


def _migrate_to(url: str, revision: str) -> None:
    engine = make_engine(parse_url(url))
    with engine.begin() as conn:
        upgrade(conn, url, revision)
    engine.dispose()


def _fill_first_revision(url: str) -> None:
    """Rows written the way a groundup at revision 0001 would have: plain SQL, no ORM."""
    engine = create_engine(url)
    stamp = datetime(2025, 10, 1, 8, tzinfo=UTC)
    with engine.begin() as conn:
        for name in ("Ana", "Ben"):
            conn.execute(text("INSERT INTO people (name, created_at) VALUES (:n, :t)"), {"n": name, "t": stamp})
        ana = conn.execute(text("SELECT id FROM people WHERE name = 'Ana'")).scalar_one()
        conn.execute(text(
            "INSERT INTO assessments (person_id, created_at, folder, movement, left_knee_verdict, "
            "left_knee_value, right_knee_verdict, symmetry_pattern, summary_json) "
            "VALUES (:p, :t, 'out/old', 'overhead-squat', 'valgus', 0.25, 'neutral', 'left only', :j)"),
            {"p": ana, "t": stamp, "j": json.dumps(result_doc())})
    engine.dispose()


def test_first_revision_is_upgraded_without_losing_rows(db_url: str) -> None:
    _migrate_to(db_url, "0001")
    engine = create_engine(db_url)
    assert set(inspect(engine).get_table_names()) & TABLES == {"people", "assessments"}
    engine.dispose()
    _fill_first_revision(db_url)

    with open_store(db_url) as store:
        with store.engine.connect() as conn:
            assert current_revision(conn) == head_revision()
        _check_old_rows_and_new_tables(store)


def _check_old_rows_and_new_tables(store: Store) -> None:
    with store.session() as s:
        ana = get_person_by_name(s, "Ana")
        assert get_person_by_name(s, "Ben").id != ana.id
        (old,) = latest_assessments(s, ana, 5)
        assert (old.folder, old.left.verdict, old.left.value, old.symmetry_pattern) == (
            "out/old", "valgus", 0.25, "left only")
        assert old.created_at == datetime(2025, 10, 1, 8, tzinfo=UTC)
        save_program(s, ana, entries(), status="corrective", from_assessment=old)  # the new tables work
        assert current_program(s, ana).from_assessment_id == old.id
        assert add_person(s, "Cleo").id not in (ana.id, get_person_by_name(s, "Ben").id)


def test_opening_twice_changes_nothing(db_url: str, store: Store) -> None:
    with store.session() as s:
        add_assessment(s, add_person(s, "Ana"), result_doc(), "out/a")
    with open_store(db_url) as again, again.session() as s:
        assert len(latest_assessments(s, get_person_by_name(s, "Ana"))) == 1


def test_models_match_the_migrations(store: Store) -> None:
    with store.engine.connect() as conn:
        differences = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert differences == []


def test_unknown_newer_revision_is_refused(db_url: str) -> None:
    _migrate_to(db_url, "head")
    engine = create_engine(db_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0099_future'"))
    engine.dispose()
    with pytest.raises(StoreError) as caught:
        open_store(db_url)
    message = str(caught.value)
    assert "schema revision '0099_future'" in message and "newer groundup" in message
    assert "\n" not in message and caught.value.__cause__ is None


def test_head_is_the_fifth_revision() -> None:
    assert head_revision() == "0005"


def test_sets_logged_before_discomfort_existed_read_as_pain(db_url: str) -> None:
    _migrate_to(db_url, "0003")
    engine = create_engine(db_url)
    with engine.begin() as conn:
        person = conn.execute(text("INSERT INTO people (name, created_at) VALUES ('Ana', :t) RETURNING id"),
                              {"t": datetime(2025, 10, 1, tzinfo=UTC)}).scalar_one()
        day = conn.execute(text("INSERT INTO sessions (person_id, date) VALUES (:p, '2025-10-02') RETURNING id"),
                           {"p": person}).scalar_one()
        conn.execute(text("INSERT INTO set_logs (session_id, exercise_id, side, target_kind, actual_value, "
                          "difficulty, pain, collapse) VALUES (:s, 'roll-adductors', 'left', 'seconds', 30, 3, 2, "
                          ":no)"), {"s": day, "no": False})
    engine.dispose()
    with open_store(db_url) as store, store.session() as s:
        (old,) = logs_for(s, get_person_by_name(s, "Ana"))
        assert (old.pain, old.discomfort) == (2, False)
