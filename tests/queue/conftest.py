"""Job-queue fixtures: real Redis (database 11 of 127.0.0.1:6379, or a private server), PostgreSQL.

Only Redis database 11 is flushed (before and after each use); other databases on the server are
never touched. PostgreSQL tests get a schema of their own, dropped afterwards.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from queue_helpers import REDIS_URL, PrivateRedis, flush
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from groundup.store import Store, open_store

PG_URL = os.environ.get("GROUNDUP_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


@pytest.fixture
def redis_url() -> Iterator[str]:
    flush(REDIS_URL)
    yield REDIS_URL
    flush(REDIS_URL)


@pytest.fixture
def pg_url() -> Iterator[str]:
    """An empty PostgreSQL schema of its own."""
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 5})
    schema = f"gu_queue_{uuid.uuid4().hex[:12]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    yield make_url(PG_URL).update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(
        hide_password=False)
    with admin.connect() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


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
