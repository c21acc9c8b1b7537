"""Where the real clips live: tests/data/clips (their origins and licences in SOURCES.md there)."""

from __future__ import annotations

from pathlib import Path

import pytest

CLIPS = Path(__file__).resolve().parent / "data" / "clips"


def clip(name: str) -> Path:
    """Path of a real clip; fails (not skips) when it is missing from the repository."""
    path = CLIPS / name
    if not path.exists():
        pytest.fail(f"real clip {path} is missing from the repository (see tests/data/clips/SOURCES.md)")
    return path
