"""Where the shared real clips live."""

from __future__ import annotations

from pathlib import Path

import pytest

CLIPS = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "clips"


def clip(name: str) -> Path:
    """Path of a shared real clip; fails (not skips) when the shared data is missing."""
    path = CLIPS / name
    if not path.exists():
        pytest.fail(f"shared clip {path} is missing: the tests need ../shared/data beside the repository")
    return path
