"""Web app fixtures: an app on a fresh SQLite store with a recording job queue; a tiny real MP4."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from webapp import RecordingQueue, Web

from groundup.store.db import open_store
from groundup.web.app import create_app
from groundup.web.settings import WebSettings
from videos import write_mp4


@pytest.fixture
def web(tmp_path: Path) -> Iterator[Web]:
    url = f"sqlite:///{tmp_path / 'web.sqlite3'}"
    settings = WebSettings(db_url=url, data_dir=tmp_path / "data", max_upload_bytes=2**20, max_failed_logins=3,
                           lock_minutes=10)
    store = open_store(url)
    queue = RecordingQueue()
    yield Web(settings, store, queue, create_app(settings, store, queue))
    store.close()



@pytest.fixture(scope="session")
def small_mp4(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real, tiny H.264 MP4 (grey frames)."""
    path = tmp_path_factory.mktemp("video") / "clip.mp4"
    write_mp4(path, (np.full((64, 48, 3), 40 + 4 * i, np.uint8) for i in range(15)), fps=15)
    return path
