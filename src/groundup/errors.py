"""User-facing errors and the CLI exit codes they map to."""

from __future__ import annotations

EXIT_OK = 0
EXIT_USAGE = 2
EXIT_BAD_INPUT = 3
EXIT_NOT_ASSESSABLE = 4
EXIT_OUTPUT = 5
EXIT_INTERNAL = 70  # a bug: not the user's doing


class GroundupError(Exception):
    """An error caused by the user's input or environment, shown as one sentence."""

    exit_code = EXIT_BAD_INPUT


class BadVideoError(GroundupError):
    """The file is missing, empty, not a video, or cannot be decoded."""

    exit_code = EXIT_BAD_INPUT


class NotAssessableError(GroundupError):
    """The video decodes but cannot support any assessment (no person, cut off, ...)."""

    exit_code = EXIT_NOT_ASSESSABLE


class UsageError(GroundupError):
    """A command was called with missing or contradictory options."""

    exit_code = EXIT_USAGE


class ConfigError(GroundupError):
    """The configuration file is unreadable or holds an invalid value."""

    exit_code = EXIT_USAGE


class OutputError(GroundupError):
    """The output folder cannot be written."""

    exit_code = EXIT_OUTPUT


class Interrupted(BaseException):
    """Ctrl-C or a request to stop (SIGTERM): not an ``Exception``, so nothing on the way swallows it.

    The exit code is the shell's convention, 128 + the signal number (130 for Ctrl-C).
    """

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum
        self.exit_code = 128 + signum
