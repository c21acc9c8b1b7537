"""The ``groundup`` command line: one module per command group, one error path (``main.run``)."""

from groundup.cli.main import app, run

__all__ = ["app", "run"]
