"""Coaching scenario fixtures: a store and a web app on each database (SQLite, then PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from groundup.store.db import Store, open_store
from store.conftest import db_url, fresh_pg_url, pg_admin
from web.webapp import Web, web_on

__all__ = ["db_url", "fresh_pg_url", "pg_admin"]


@pytest.fixture
def any_store(db_url: str) -> Iterator[Store]:
    """The database on each backend, opened (and so migrated to head)."""
    opened = open_store(db_url)
    yield opened
    opened.close()


@pytest.fixture
def any_web(db_url: str, tmp_path: Path) -> Iterator[Web]:
    """The web app on each backend, with a recording job queue."""
    with web_on(db_url, tmp_path / "data") as app:
        yield app
