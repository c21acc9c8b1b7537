"""``python -m groundup`` runs the command line."""

from groundup.cli import run

if __name__ == "__main__":  # guarded: worker processes re-import this module
    run()
