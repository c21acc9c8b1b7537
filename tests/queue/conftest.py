"""Job-queue fixtures: real Redis (database 11 of 127.0.0.1:6379, or a private server), PostgreSQL.

Only Redis database 11 is flushed (before and after each use); other databases on the server are
never touched. PostgreSQL tests get a schema of their own, dropped afterwards.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from queue_helpers import REDIS_URL, PrivateRedis, flush

from groundup.store import Store, open_store
from store.conftest import fresh_pg_url, pg_admin

__all__ = ["fresh_pg_url", "pg_admin"]


@pytest.fixture
def redis_url() -> Iterator[str]:
    flush(REDIS_URL)
    yield REDIS_URL
    flush(REDIS_URL)


@pytest.fixture
def pg_url(fresh_pg_url: str) -> str:
    """An empty PostgreSQL schema of its own (the storage tests' fixture)."""
    return fresh_pg_url


@pytest.fixture(params=["sqlite", "postgresql"])
def any_db(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'jobs.sqlite3'}"
    return request.getfixturevalue("pg_url")


@pytest.fixture
def store(any_db: str) -> Iterator[Store]:
    opened = open_store(any_db)
    yield opened
    opened.close()


@pytest.fixture
def private_redis(tmp_path: Path) -> Iterator[PrivateRedis]:
    server = PrivateRedis(tmp_path)
    server.start()
    yield server
    server.stop()
