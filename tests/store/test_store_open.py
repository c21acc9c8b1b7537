"""Which database is used, and the one-sentence errors when it cannot be."""

from __future__ import annotations

from pathlib import Path

import pytest

from groundup.store import StoreError, default_path, open_store, resolve_url


def test_default_is_a_sqlite_file_in_the_xdg_data_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("GROUNDUP_DB", raising=False)
    expected = tmp_path / "xdg" / "groundup" / "groundup.sqlite3"
    assert default_path() == expected and expected.parent.is_dir()
    assert resolve_url() == f"sqlite:///{expected}"
    with open_store(resolve_url()) as store, store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
    assert expected.is_file()


def test_env_overrides_the_default_and_the_flag_overrides_both(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GROUNDUP_DB", "postgresql+psycopg://coach@db.example/groundup")
    assert resolve_url() == "postgresql+psycopg://coach@db.example/groundup"
    assert resolve_url("sqlite:////srv/g.sqlite3") == "sqlite:////srv/g.sqlite3"


def test_a_plain_path_means_a_sqlite_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert resolve_url("mine.db") == f"sqlite:///{tmp_path / 'mine.db'}"


def _one_sentence(url: str, *parts: str) -> None:
    with pytest.raises(StoreError) as caught:
        open_store(url)
    message = str(caught.value)
    assert "\n" not in message and message.endswith(".")
    assert caught.value.__cause__ is None
    for part in parts:
        assert part in message


def test_unreachable_postgresql() -> None:
    _one_sentence("postgresql+psycopg://postgres:secret@127.0.0.1:1/test",
                  "Cannot use the database at postgresql+psycopg://postgres:***@127.0.0.1:1/test")


def test_plain_postgresql_url_uses_psycopg3() -> None:
    _one_sentence("postgresql://postgres@127.0.0.1:1/test", "postgresql+psycopg://")


def test_sqlite_in_a_missing_folder(tmp_path: Path) -> None:
    _one_sentence(f"sqlite:///{tmp_path}/no/such/dir/g.sqlite3", "unable to open database file")


def test_not_a_url_and_unknown_backend() -> None:
    _one_sentence("::nonsense://", "Not a database URL")
    _one_sentence("oracle2000://x/y", "Unsupported database URL")


def test_not_a_database_file(tmp_path: Path) -> None:
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"this is not sqlite" * 100)
    _one_sentence(f"sqlite:///{junk}", "Cannot use the database at")
