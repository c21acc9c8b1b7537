"""The ``groundup`` command and ``run``, the one place where a failure becomes an exit code.

Exit codes: 0 verdict given; 2 usage or config error; 3 bad input (the video cannot be
read, or a refused person, value or database); 4 the clip cannot support a verdict (no
person, or the capture gate refused: an analysis folder explaining why is still written
when the pose could be tracked); 5 the output cannot be written; 70 an internal error (a
bug); 130 stopped by Ctrl-C (143 by SIGTERM).
"""

from __future__ import annotations

import os
import signal
import sys
from types import FrameType

import typer
from rich.markup import escape
from typer._click import exceptions as click_errors  # typer 0.29 carries its own click

from groundup.cli.assess import assess
from groundup.cli.batch import batch
from groundup.cli.coach import log, plan, progress
from groundup.cli.common import err
from groundup.cli.export import export
from groundup.cli.live import live
from groundup.cli.people import person_app
from groundup.cli.web import serve_app, user_app
from groundup.cli.worker import worker
from groundup.errors import EXIT_INTERNAL, GroundupError, Interrupted
from groundup.quiet import hide_numeric_warnings

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="Find knee and ankle valgus in front-view videos of a squat, single-leg squat, landing, "
                       "walk or balance.")


@app.callback()
def main() -> None:
    """groundup: film, measure, explain."""


for command in (assess, plan, log, progress, export, batch, worker, live):
    app.command()(command)
app.add_typer(person_app, name="person")
app.add_typer(serve_app, name="serve")
app.add_typer(user_app, name="user")

STOP_REASONS: dict[int, str] = {signal.SIGINT: "stopped by Ctrl-C", signal.SIGTERM: "stopped (asked to terminate)"}


def run() -> None:
    """Entry point: every failure is one line on standard error and a documented exit code.

    Set GROUNDUP_DEBUG=1 for the traceback of an internal error (and the libraries' own logs).
    """
    debug = bool(os.environ.get("GROUNDUP_DEBUG"))
    if not debug:
        _silence_native_logs()
        hide_numeric_warnings()
    for signum in STOP_REASONS:
        signal.signal(signum, _stop)
    try:
        code = app(standalone_mode=False)
    except click_errors.NoArgsIsHelpError as exc:
        _fail(escape(exc.ctx.get_help()) if exc.ctx else "groundup --help shows the commands.", 2)
    except click_errors.UsageError as exc:
        _fail(usage_line(exc), exc.exit_code)
    except typer.Abort:  # a prompt met the end of its input
        _fail("[red]error:[/] the input ended before an answer was given; nothing was changed.", 2)
    except GroundupError as exc:
        _fail(f"[red]error:[/] {escape(str(exc))}", exc.exit_code)
    except Interrupted as exc:
        _fail(f"{STOP_REASONS.get(exc.signum, 'stopped')}; nothing half-written was kept.", exc.exit_code)
    except Exception as exc:  # a bug, not a user error: still no traceback unless asked for
        if debug:
            raise
        _fail(f"[red]internal error:[/] {escape(f'{type(exc).__name__}: {exc}')}. Please report it "
              "(GROUNDUP_DEBUG=1 shows details).", EXIT_INTERNAL)
    sys.exit(code if isinstance(code, int) else 0)


def usage_line(exc: click_errors.UsageError) -> str:
    """A usage mistake as one line: what was wrong and where the help is."""
    message = exc.format_message().rstrip(".")
    where = f" (see '{exc.ctx.command_path} --help')" if exc.ctx else ""
    return f"[red]error:[/] {escape(message)}{escape(where)}."


def _fail(line: str, code: int) -> None:
    err.print(line)
    sys.exit(code)


def _stop(signum: int, frame: FrameType | None) -> None:
    """First Ctrl-C or SIGTERM: unwind (temporary output removed, workers killed) and exit."""
    for other in STOP_REASONS:
        signal.signal(other, _stop_now)
    raise Interrupted(signum)


def _stop_now(signum: int, frame: FrameType | None) -> None:
    """A second signal while unwinding: leave at once (workers die with this process)."""
    os._exit(128 + signum)


def _silence_native_logs() -> None:
    """Send file descriptor 2 to /dev/null and keep our own messages on the real stderr.

    MediaPipe and TFLite write C++ log lines straight to descriptor 2 from their own
    threads; a user should see only groundup's sentences.
    """
    try:
        real = os.fdopen(os.dup(2), "w", buffering=1)
        devnull = os.open(os.devnull, os.O_WRONLY)
    except OSError:
        return
    os.dup2(devnull, 2)
    os.close(devnull)
    err.file = real
    sys.stderr = real
