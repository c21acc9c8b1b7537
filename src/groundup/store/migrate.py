"""Alembic, driven from code: the package's own migrations, no alembic.ini needed."""

from __future__ import annotations

import threading
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection

from groundup.store.errors import StoreError

MIGRATIONS = Path(__file__).with_name("migrations")
_ALEMBIC = threading.Lock()  # Alembic's ``context`` proxy is module-global, so one run at a time


def alembic_config(connection: Connection | None = None) -> Config:
    """A config pointing at the packaged migrations, optionally bound to an open connection."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def known_revisions() -> set[str]:
    """Every schema revision this version of groundup knows."""
    script = ScriptDirectory.from_config(alembic_config())
    return {rev.revision for rev in script.walk_revisions()}


def head_revision() -> str:
    """The newest schema revision this version writes."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:
        raise RuntimeError("groundup ships no schema migration")  # a packaging bug, not a user error
    return head


def current_revision(connection: Connection) -> str | None:
    """The revision the database is stamped with (``None`` when it is empty)."""
    return MigrationContext.configure(connection).get_current_revision()


def upgrade(connection: Connection, where: str, revision: str = "head") -> None:
    """Bring the schema to ``revision`` inside the connection's transaction; refuse unknown ones."""
    current = current_revision(connection)
    if current is not None and current not in known_revisions():
        raise StoreError(f"The database at {where} has schema revision {current!r}, which this version of "
                         f"groundup does not know (newest known: {head_revision()!r}); "
                         "it was probably written by a newer groundup, so upgrade groundup to use it.")
    if revision == "head" and current == head_revision():
        return
    with _ALEMBIC:
        command.upgrade(alembic_config(connection), revision)
