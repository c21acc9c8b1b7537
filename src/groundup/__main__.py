"""``python -m groundup`` runs the command line."""

from groundup.cli import run

run()
