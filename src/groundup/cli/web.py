"""``groundup serve`` and ``groundup user add|list``: run the web app, create accounts."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from groundup.cli.common import DbOption, err, open_store
from groundup.errors import OutputError, UsageError

PASSWORD_ENV = "GROUNDUP_PASSWORD"
serve_app = typer.Typer(help="Run the web app.", invoke_without_command=True, no_args_is_help=False)
user_app = typer.Typer(help="Web accounts.", no_args_is_help=True)


@serve_app.callback()
def serve(host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
          port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
          db: DbOption = None,
          data: Annotated[Path | None, typer.Option(help="Folder for uploads and analyses (default: "
                                                    "$GROUNDUP_WEB_DATA, else web/ in the user data "
                                                    "folder).")] = None,
          max_upload_mb: Annotated[float | None, typer.Option(min=0.001, help="Largest video accepted, MB "
                                                             "(default: $GROUNDUP_MAX_UPLOAD_MB, else "
                                                             "200).")] = None,
          secure_cookies: Annotated[bool, typer.Option("--secure-cookies", help="Send cookies over HTTPS only "
                                                       "(behind a TLS proxy).")] = False,
          broker: Annotated[str | None, typer.Option(help="Run analyses on `groundup worker` processes through "
                                                     "this Redis broker (default: $GROUNDUP_BROKER_URL, else "
                                                     "on this machine).")] = None,
          forwarded_allow_ips: Annotated[str | None, typer.Option(help="Addresses of your reverse proxy (comma-"
                                                                  "separated): only then is X-Forwarded-For "
                                                                  "believed. Default: never.")] = None,
          ssl_certfile: Annotated[Path | None, typer.Option(help="Serve HTTPS with this certificate (PEM): a "
                                                         "phone's browser opens its camera only over "
                                                         "HTTPS.")] = None,
          ssl_keyfile: Annotated[Path | None, typer.Option(help="The certificate's private key "
                                                        "(PEM).")] = None) -> None:
    """Start the web app (FastAPI) on the same store and engine as the command line."""
    tls = tls_options(ssl_certfile, ssl_keyfile)
    import uvicorn

    from groundup.store.db import open_store as open_url
    from groundup.store.db import resolve_url
    from groundup.web.app import create_app
    from groundup.web.settings import WebSettings, default_data_dir, upload_limit_mb

    try:
        limit = upload_limit_mb(max_upload_mb)
        folder = (data or default_data_dir()).expanduser().absolute()
        folder.mkdir(parents=True, exist_ok=True)
        url = resolve_url(db)
        store = open_url(url)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    except OSError as exc:
        raise OutputError(f"Cannot create the data folder: {exc.strerror}.") from None
    from groundup.jobs.types import broker_url

    settings = WebSettings(db_url=url, data_dir=folder, max_upload_bytes=int(limit * 2**20),
                           secure_cookies=secure_cookies or ssl_certfile is not None,
                           broker_url=broker_url(broker))
    app = create_app(settings, store)
    scheme = "https" if ssl_certfile else "http"
    err.print(f"groundup web app on {scheme}://{host}:{port}/ (database {store.url}, data {folder})")
    try:
        uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False, server_header=False,
                    **tls, **proxy_options(forwarded_allow_ips))
    finally:
        store.close()


def tls_options(certfile: Path | None, keyfile: Path | None) -> dict:
    """uvicorn's HTTPS settings: both files or neither, each one present."""
    if (certfile is None) != (keyfile is None):
        raise UsageError("Give both --ssl-certfile and --ssl-keyfile, or neither.")
    for tls_file in (certfile, keyfile):
        if tls_file is not None and not tls_file.is_file():
            raise UsageError(f"No file at '{tls_file}'.")
    return {"ssl_certfile": str(certfile) if certfile else None, "ssl_keyfile": str(keyfile) if keyfile else None}


def proxy_options(forwarded_allow_ips: str | None) -> dict:
    """uvicorn's proxy settings: X-Forwarded-* headers are read only from the proxies named.

    uvicorn trusts them from 127.0.0.1 by default, which would let anyone on the machine (or any
    client, behind a proxy that passes the header on) pick the address the sign-in limit counts.
    """
    allowed = (forwarded_allow_ips or "").strip()
    return {"proxy_headers": bool(allowed), "forwarded_allow_ips": allowed or None}


def _password(given: str | None) -> str:
    """The option, else $GROUNDUP_PASSWORD, else asked twice at a terminal."""
    if given is None:
        given = os.environ.get(PASSWORD_ENV)
    if given is None:
        if not sys.stdin.isatty():
            raise UsageError(f"Give the password with --password or ${PASSWORD_ENV} (no terminal to ask at).")
        given = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    return given


@user_app.command("add")
def user_add(email: Annotated[str, typer.Argument(help="The account's e-mail address (its sign-in name).")],
             role: Annotated[str, typer.Option(help="coach, or athlete (then --coach and --name).")] = "coach",
             coach: Annotated[str | None, typer.Option(help="An athlete's coach (their e-mail).")] = None,
             name: Annotated[str | None, typer.Option(help="An athlete's name, as their coach sees it.")] = None,
             password: Annotated[str | None, typer.Option(help=f"The password (default: ${PASSWORD_ENV}, "
                                                            "else asked).")] = None,
             db: DbOption = None) -> None:
    """Create a web account: the first coach, or an athlete of a coach."""
    from groundup.store import accounts
    from groundup.web.auth import hash_password

    if role not in accounts.ROLES:
        raise UsageError(f"--role must be coach or athlete, not {role!r}.")
    if role == "athlete" and not (coach and name):
        raise UsageError("An athlete account needs --coach COACH_EMAIL and --name NAME.")
    if role == "coach" and (coach or name):
        raise UsageError("--coach and --name are for athlete accounts.")
    try:
        hashed = hash_password(_password(password))
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    with open_store(db) as store, store.session() as s:
        if role == "coach":
            accounts.add_user(s, email, hashed, "coach")
        else:
            owner = accounts.get_user_by_email(s, coach or "")
            if owner is None or owner.role != "coach":
                raise UsageError(f"No coach account {coach!r}.")
            person = accounts.add_coached_person(s, owner, name or "")
            accounts.add_user(s, email, hashed, "athlete", coach=owner, person=person)
    Console().print(f"Added the {role} account {accounts.normal_email(email)}.")


@user_app.command("list")
def user_list(db: DbOption = None) -> None:
    """List the web accounts."""
    from sqlalchemy import select

    from groundup.store import models as m

    with open_store(db) as store, store.session() as s:
        rows = s.execute(select(m.UserRow.email, m.UserRow.role).order_by(m.UserRow.email)).all()
    for email, role in rows:
        Console().print(f"{email}  {role}")
