"""``groundup person add|list``: the people groundup coaches."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console

from groundup.cli.common import DbOption, open_store

person_app = typer.Typer(help="Add and list the people groundup coaches.", no_args_is_help=True)


@person_app.command("add")
def person_add(name: Annotated[str, typer.Argument(help="The person's name, unique.")], db: DbOption = None) -> None:
    """Add a person."""
    from groundup.store import repo

    with open_store(db).session() as s:
        added = repo.add_person(s, name)
    Console().print(f"Added {added.name}.")


@person_app.command("list")
def person_list(db: DbOption = None) -> None:
    """List the people in the database."""
    from groundup.store import repo

    with open_store(db).session() as s:
        people = repo.list_people(s)
    for p in people:
        Console().print(p.name)
