"""What the command groups share: the error console, the --db and --person options, the store."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

if TYPE_CHECKING:
    from groundup.store.db import Store

err = Console(stderr=True, soft_wrap=True)  # ``run`` points it at the real standard error
DbOption = Annotated[str | None, typer.Option("--db", help="Database URL or SQLite file (default: $GROUNDUP_DB, "
                                                 "else groundup.sqlite3 in the user data folder).")]
PersonOption = Annotated[str, typer.Option("--person", help="Whose program.")]


def open_store(db: str | None) -> Store:
    """The store ``--db`` names (or the default one), migrated to this version."""
    from groundup.store.db import open_store as open_url
    from groundup.store.db import resolve_url

    return open_url(resolve_url(db))


def known_person_store(name: str, db: str | None) -> Store:
    """The opened store, after checking ``name`` is in it (before any long work)."""
    from groundup.store import repo

    store = open_store(db)
    with store.session() as s:
        repo.get_person_by_name(s, name)
    return store
