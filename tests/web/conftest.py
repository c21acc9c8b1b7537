"""Web app fixtures: an app on a fresh SQLite store with a recording job queue; a tiny real MP4."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from webapp import Web, web_on

from videos import write_mp4


@pytest.fixture
def web(tmp_path: Path) -> Iterator[Web]:
    with web_on(f"sqlite:///{tmp_path / 'web.sqlite3'}", tmp_path / "data") as app:
        yield app



@pytest.fixture(scope="session")
def small_mp4(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real, tiny H.264 MP4 (grey frames)."""
    path = tmp_path_factory.mktemp("video") / "clip.mp4"
    write_mp4(path, (np.full((64, 48, 3), 40 + 4 * i, np.uint8) for i in range(15)), fps=15)
    return path
