"""``groundup worker``: analyse clips sent through the broker (by ``groundup batch`` or the web app)."""

from __future__ import annotations

import os
import socket
from pathlib import Path
from typing import Annotated

import typer

from groundup.cli.common import DbOption, err
from groundup.errors import OutputError, UsageError


def worker(
    broker: Annotated[str | None, typer.Option(help="The Redis broker, e.g. redis://host:6379/0 (default: "
                                               "$GROUNDUP_BROKER_URL).")] = None,
    db: DbOption = None,
    data: Annotated[Path | None, typer.Option(help="The shared data folder (the web app's --data) where uploads "
                                              "and analyses are (default: $GROUNDUP_WEB_DATA, else web/ in the "
                                              "user data folder).")] = None,
    concurrency: Annotated[int, typer.Option(min=1, max=64, help="Clips analysed at once (one process each; "
                                             "one per core is the most that helps).")] = 1,
) -> None:
    """Start a worker: it takes clips from the broker one at a time per process, until stopped (Ctrl-C)."""
    from groundup.jobs.celery_queue import WORKER_DATA_ENV, celery_app
    from groundup.jobs.types import broker_url
    from groundup.store.db import ENV_VAR, open_store, resolve_url
    from groundup.web.settings import default_data_dir

    chosen = broker_url(broker)
    if not chosen:
        raise UsageError("Give the broker with --broker redis://HOST:6379/N or $GROUNDUP_BROKER_URL.")
    if not chosen.startswith(("redis://", "rediss://")):
        raise UsageError(f"The broker must be a Redis URL (redis://HOST:PORT/DB), not {chosen!r}.")
    url = resolve_url(db)
    with open_store(url) as store:  # reachable, and migrated, before any clip is taken
        shown = store.url
    folder = (data or default_data_dir()).expanduser().absolute()
    if not folder.is_dir():
        raise OutputError(f"The data folder '{folder}' does not exist (mount the shared folder, or give --data).")
    os.environ[ENV_VAR], os.environ[WORKER_DATA_ENV] = url, str(folder)
    err.print(f"groundup worker: {concurrency} process(es), database {shown}, data {folder}")
    celery_app(chosen).worker_main(["worker", f"--concurrency={concurrency}", "--pool=prefork", "--loglevel=WARNING",
                                    "--without-gossip", "--without-mingle", "--without-heartbeat",
                                    f"--hostname=groundup-{os.getpid()}@{socket.gethostname()}"])
