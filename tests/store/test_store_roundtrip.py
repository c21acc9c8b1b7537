"""Every table written and read back, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from store_data import a_set, entries, result_doc

from groundup.store import (
    Store,
    add_assessment,
    add_person,
    add_session,
    add_set_log,
    current_program,
    export_rows,
    get_person_by_name,
    latest_assessments,
    list_people,
    logs_for,
    repo,
    save_program,
)
from groundup.store.errors import StoreError


def test_people(store: Store) -> None:
    with store.session() as s:
        made = add_person(s, "  Ana ")
        add_person(s, "Ben")
    with store.session() as s:
        found = get_person_by_name(s, "Ana")
        assert found == made and found.name == "Ana"
        assert found.created_at.tzinfo is not None
        assert abs((datetime.now(UTC) - found.created_at).total_seconds()) < 60
        assert [p.name for p in list_people(s)] == ["Ana", "Ben"]


def test_assessments(store: Store) -> None:
    with store.session() as s:
        ana = add_person(s, "Ana")
        add_assessment(s, ana, result_doc(created="2025-11-01T09:00:00+00:00"), "out/first")
        second = add_assessment(s, ana, result_doc(right="valgus", created="2025-11-29T09:00:00+00:00"), "out/2")
    with store.session() as s:
        latest = latest_assessments(s, ana, 5)
    assert [a.folder for a in latest] == ["out/2", "out/first"]
    got = latest[0]
    assert got == second
    assert got.created_at == datetime(2025, 11, 29, 9, tzinfo=UTC)
    assert (got.video_path, got.movement, got.symmetry_pattern) == ("clips/squat.mp4", "overhead-squat", "none")
    assert (got.left.verdict, got.left.severity, got.left.value, got.left.confidence) == ("valgus", "mild", 0.21, 0.8)
    assert (got.right.verdict, got.right.ankle_verdict) == ("valgus", "neutral")
    assert got.summary == result_doc(right="valgus", created="2025-11-29T09:00:00+00:00")


def test_get_assessment_by_id_only_for_its_person(store: Store) -> None:
    with store.session() as s:
        ana, ben = add_person(s, "Ana"), add_person(s, "Ben")
        mine = add_assessment(s, ana, result_doc(), "out/a")
    with store.session() as s:
        assert repo.get_assessment(s, ana, mine.id) == mine
        for who, which in ((ben, mine.id), (ana, mine.id + 1000), (ana, None)):
            with pytest.raises(StoreError, match="is not in this database"):
                repo.get_assessment(s, who, which)


def test_programs_keep_entries_in_order(store: Store) -> None:
    with store.session() as s:
        ana = add_person(s, "Ana")
        assert current_program(s, ana) is None
        source = add_assessment(s, ana, result_doc(), "out/a")
        save_program(s, ana, entries()[:1], status="none")
        saved = save_program(s, ana, entries(), status="corrective", retest_due=date(2026, 1, 5),
                             from_assessment=source)
    with store.session() as s:
        current = current_program(s, ana)
    assert current == saved
    assert (current.status, current.retest_due) == ("corrective", date(2026, 1, 5))
    assert current.from_assessment_id == source.id
    assert [e.exercise_id for e in current.entries] == ["balance-1", "band-squat-1", "side-band-1"]
    assert [e.order for e in current.entries] == [0, 1, 2]
    third = current.entries[2]
    assert (third.track, third.level, third.side, third.target_kind) == ("single-side", 1, "left", "reps")
    assert (third.target_low, third.target_high, third.reason, third.active) == (10, 15, "left only", False)
    assert all(e.id is not None and e.program_id == current.id for e in current.entries)


def test_sessions_and_set_logs(store: Store) -> None:
    with store.session() as s:
        ana = add_person(s, "Ana")
        program = save_program(s, ana, entries(), status="corrective")
        monday = add_session(s, ana, date(2025, 12, 1), notes="before squats")
        add_set_log(s, monday, a_set(actual_value=9, target_value=12, collapse=True, notes="knee dipped"))
        add_set_log(s, monday, a_set("balance-1", side="left", target_kind="seconds", actual_value=25, pain=2,
                                      band=None, discomfort=True))
        later = add_session(s, ana, date(2025, 12, 8))
        add_set_log(s, later, a_set())
    with store.session() as s:
        logs = logs_for(s, ana)
        recent = logs_for(s, ana, since=date(2025, 12, 2))
    assert [(log.date, log.exercise_id) for log in logs] == [
        (date(2025, 12, 1), "band-squat-1"), (date(2025, 12, 1), "balance-1"), (date(2025, 12, 8), "band-squat-1")]
    first = logs[0]
    assert (first.target_kind, first.target_value, first.actual_value) == ("reps", 12, 9)
    assert (first.band, first.difficulty, first.pain) == ("light", 6, 0)
    assert (first.collapse, first.notes) == (True, "knee dipped")
    assert first.program_entry_id == program.entries[1].id and first.session_id == monday.id
    assert (logs[1].side, logs[1].target_value, logs[1].pain) == ("left", 30, 2)  # target defaults to the top
    assert (first.discomfort, logs[1].discomfort) == (False, True)
    assert [log.id for log in recent] == [logs[2].id]


def test_export_rows(store: Store) -> None:
    with store.session() as s:
        ana = add_person(s, "Ana")
        add_assessment(s, ana, result_doc(), "out/a")
        save_program(s, ana, entries(), status="corrective")
        add_set_log(s, add_session(s, ana, date(2025, 12, 1), "gym"), a_set())
        rows = export_rows(s, ana)
    (assessment,) = rows["assessments"]
    assert assessment["person"] == "Ana" and assessment["folder"] == "out/a"
    assert assessment["created_at"].startswith("2025-11-20T10:00:00")
    (logged,) = rows["set_logs"]
    assert logged | {"id": 0, "session_id": 0, "program_entry_id": 0} == {
        "person": "Ana", "date": "2025-12-01", "session_notes": "gym", "id": 0, "session_id": 0,
        "program_entry_id": 0, "exercise_id": "band-squat-1", "side": "both", "band": "light",
        "target_kind": "reps", "target_value": 12, "actual_value": 10, "difficulty": 6, "pain": 0,
        "collapse": False, "notes": None, "discomfort": False, "hands_free": None}
