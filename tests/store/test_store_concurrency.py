"""Two writers at once wait for each other: no error, nothing lost."""

from __future__ import annotations

import multiprocessing
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from pathlib import Path

import pytest
from store_data import a_set, entries

from groundup.store import add_person, add_session, add_set_log, get_person_by_name, logs_for, open_store, save_program

ROUNDS = 25


def _write_sets(url: str, writer: int) -> int:
    """One writer: its own connection pool, one transaction per session of two sets."""
    with open_store(url) as store:
        for i in range(ROUNDS):
            with store.session() as s:
                ana = get_person_by_name(s, "Ana")
                time.sleep(0.002)  # read, pause, then write: the transactions overlap
                day = add_session(s, ana, date(2025, 12, 1) + timedelta(days=i), notes=f"writer {writer}")
                add_set_log(s, day, a_set(actual_value=writer))
                add_set_log(s, day, a_set("balance-1", target_kind="seconds", actual_value=i, band=None))
    return writer


def _prepare(url: str) -> None:
    with open_store(url) as store, store.session() as s:
        save_program(s, add_person(s, "Ana"), entries(), status="corrective")


def _count(url: str) -> list[str]:
    with open_store(url) as store, store.session() as s:
        return [log.exercise_id for log in logs_for(s, get_person_by_name(s, "Ana"))]


def test_two_threads_write_at_once(db_url: str) -> None:
    _prepare(db_url)
    with ThreadPoolExecutor(2) as pool:
        assert sorted(pool.map(_write_sets, [db_url, db_url], [1, 2])) == [1, 2]
    logged = _count(db_url)
    assert len(logged) == 2 * 2 * ROUNDS
    assert logged.count("band-squat-1") == logged.count("balance-1") == 2 * ROUNDS


def _open_prepare_write(url: str, writer: int) -> int:
    with open_store(url) as store, store.session() as s:  # both may create the schema at once
        if writer == 1:
            save_program(s, add_person(s, "Ana"), entries(), status="corrective")
    return writer


def test_two_processes_on_a_new_sqlite_file(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'shared.sqlite3'}"
    with multiprocessing.get_context("spawn").Pool(2) as pool:  # fork copies the state of threads other tests started
        pool.starmap(_open_prepare_write, [(url, 1), (url, 2)])
        assert sorted(pool.starmap(_write_sets, [(url, 1), (url, 2)])) == [1, 2]
    assert len(_count(url)) == 2 * 2 * ROUNDS


def test_opening_retries_while_a_new_file_reports_locked(tmp_path: Path, monkeypatch) -> None:
    """SQLite can answer 'database is locked' at once (no busy wait) while another process sets up a new
    file; opening waits and tries again instead of failing, and still gives up on other errors."""
    import sqlite3

    from sqlalchemy.exc import OperationalError

    from groundup.store import db
    from groundup.store.errors import StoreError

    real, calls = db.upgrade, []

    def flaky(connection, where, revision="head"):
        calls.append(1)
        if len(calls) < 3:
            raise OperationalError("PRAGMA journal_mode = WAL", {}, sqlite3.OperationalError("database is locked"))
        return real(connection, where, revision)

    monkeypatch.setattr(db, "upgrade", flaky)
    with db.open_store(f"sqlite:///{tmp_path / 'new.sqlite3'}") as store, store.session() as s:
        assert add_person(s, "Ana").name == "Ana"
    assert len(calls) == 3

    def broken(connection, where, revision="head"):
        raise OperationalError("x", {}, sqlite3.OperationalError("disk I/O error"))

    monkeypatch.setattr(db, "upgrade", broken)
    with pytest.raises(StoreError, match="disk I/O error"):
        db.open_store(f"sqlite:///{tmp_path / 'other.sqlite3'}")
