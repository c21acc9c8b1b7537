"""Engines for SQLite (the embedded default) and PostgreSQL, set up for several writers."""

from __future__ import annotations

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError

from groundup.store.errors import StoreError

BUSY_TIMEOUT_MS = 30_000
PG_CONNECT_TIMEOUT_S = 5


def parse_url(url: str) -> URL:
    """The SQLAlchemy URL; plain ``postgresql://`` means the psycopg 3 driver."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise StoreError(f"Not a database URL: {url!r} (expected e.g. sqlite:///path or "
                         "postgresql+psycopg://user@host/db).") from None
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def shown(url: URL) -> str:
    """The URL as it may be printed: without the password."""
    return url.render_as_string(hide_password=True)


def make_engine(url: URL) -> Engine:
    """An engine for ``url``; SQLite gets WAL, a busy timeout, foreign keys and write-locking transactions."""
    is_pg = url.get_backend_name() == "postgresql"
    args = {"connect_timeout": PG_CONNECT_TIMEOUT_S} if is_pg else {}
    try:
        engine = create_engine(url, connect_args=args)
    except (ArgumentError, NoSuchModuleError, ImportError):
        raise StoreError(f"Unsupported database URL {shown(url)}: use sqlite:/// or postgresql+psycopg://.") from None
    if url.get_backend_name() == "sqlite":
        _configure_sqlite(engine)
    return engine


def _configure_sqlite(engine: Engine) -> None:
    """Let concurrent writers wait for each other instead of failing.

    Every transaction starts with ``BEGIN IMMEDIATE``: it takes the write lock up front (waiting up
    to the busy timeout), so a read-then-write transaction never fails on a stale snapshot.
    """

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record) -> None:
        dbapi_conn.isolation_level = None  # SQLAlchemy's "begin" event issues BEGIN, not pysqlite
        cursor = dbapi_conn.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")
