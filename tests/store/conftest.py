"""Storage fixtures: every test that takes ``db_url`` runs on SQLite and on PostgreSQL.

PostgreSQL is the server at 127.0.0.1:5432, database ``test`` (override with
``GROUNDUP_TEST_PG``). Each test gets its own schema, dropped afterwards. When the server cannot
be reached the PostgreSQL tests fail and say so; they never skip.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import OperationalError

from groundup.store import Store, open_store

PG_URL = os.environ.get("GROUNDUP_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
BACKENDS = ["sqlite", "postgresql"]


def _pg_admin() -> Engine:
    engine = create_engine(PG_URL, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 5})
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        return engine
    except OperationalError as exc:
        reason = str(exc.orig).strip().splitlines()[0]
    engine.dispose()
    pytest.fail(f"PostgreSQL at {PG_URL} is unreachable, and the storage tests must run on it "
                f"(start the server or set GROUNDUP_TEST_PG): {reason}", pytrace=False)


@pytest.fixture(scope="session")
def pg_admin() -> Iterator[Engine]:
    """An autocommit connection pool to the PostgreSQL test database."""
    engine = _pg_admin()
    yield engine
    engine.dispose()


def pg_schema_url(schema: str) -> str:
    """The test URL with ``schema`` as the only search path, so its tables stay apart."""
    return make_url(PG_URL).update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(
        hide_password=False)


@pytest.fixture
def fresh_pg_url(request: pytest.FixtureRequest) -> Iterator[str]:
    """A URL to an empty PostgreSQL schema of its own, dropped after the test."""
    admin = request.getfixturevalue("pg_admin")
    schema = f"gu_test_{uuid.uuid4().hex[:12]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    yield pg_schema_url(schema)
    with admin.connect() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database on each backend: a SQLite file, then a PostgreSQL schema."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'groundup.sqlite3'}"
    return request.getfixturevalue("fresh_pg_url")


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    """The database opened (and so migrated to head)."""
    opened = open_store(db_url)
    yield opened
    opened.close()
