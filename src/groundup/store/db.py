"""Which database to use, and opening it at the current schema."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import platformdirs
from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from groundup.store.engine import BUSY_TIMEOUT_MS, make_engine, parse_url, shown
from groundup.store.errors import StoreError
from groundup.store.migrate import upgrade

ENV_VAR = "GROUNDUP_DB"
DEFAULT_FILE = "groundup.sqlite3"
LOCKED_RETRY_S = 0.05


def default_path() -> Path:
    """The embedded SQLite file in the user data dir (honours XDG_DATA_HOME); its folder is created."""
    folder = Path(platformdirs.user_data_dir("groundup"))
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"Cannot create the data folder {folder}: {exc.strerror}.") from None
    return folder / DEFAULT_FILE


def resolve_url(db: str | None = None) -> str:
    """The database URL: ``db`` (``--db``) first, then ``$GROUNDUP_DB``, then the default SQLite file.

    A value without ``://`` is taken as the path of a SQLite file.
    """
    chosen = db or os.environ.get(ENV_VAR) or str(default_path())
    if "://" in chosen:
        return chosen
    return f"sqlite:///{Path(chosen).expanduser().absolute()}"


@dataclass
class Store:
    """An open, migrated database; ``session()`` gives one transaction. ``url`` hides any password."""

    url: str
    engine: Engine
    _sessions: sessionmaker[Session]

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back if it raises.

        A database failure (lost connection, a lock held too long) becomes a ``StoreError``.
        """
        try:
            with self._sessions.begin() as session:
                yield session
        except DBAPIError as exc:
            raise StoreError(f"The database at {self.url} failed: {_first_line(exc.orig)}.") from None

    def close(self) -> None:
        """Release every connection."""
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def open_store(url: str) -> Store:
    """Connect to ``url`` and migrate it to this version's schema (older schemas are upgraded in place)."""
    parsed = parse_url(url)
    where = shown(parsed)
    engine = make_engine(parsed)
    try:
        _migrate(engine, where)
    except StoreError:
        engine.dispose()
        raise
    except DBAPIError as exc:
        engine.dispose()
        raise StoreError(f"Cannot use the database at {where}: {_first_line(exc.orig)}.") from None
    except SQLAlchemyError as exc:
        engine.dispose()
        raise StoreError(f"Cannot use the database at {where}: {_first_line(exc)}.") from None
    return Store(where, engine, sessionmaker(engine, expire_on_commit=False))


def _migrate(engine: Engine, where: str) -> None:
    """Upgrade the schema in one transaction, retrying while another process holds a new SQLite file.

    SQLite answers "database is locked" at once, without waiting for the busy timeout, when two
    processes open a brand-new file together (one switching it to WAL while the other creates the
    schema); the wait here covers that window, up to the same timeout.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            with engine.begin() as connection:
                upgrade(connection, where)
            return
        except OperationalError as exc:
            if "locked" not in str(exc.orig) or time.monotonic() > deadline:
                raise
            engine.dispose()
            time.sleep(LOCKED_RETRY_S)


def _first_line(exc: BaseException | None) -> str:
    text = str(exc).strip().splitlines()
    return text[0].rstrip(".") if text else type(exc).__name__
