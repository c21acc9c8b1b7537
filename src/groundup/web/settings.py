"""What a running web app is configured with (command-line options and environment)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

MAX_UPLOAD_ENV = "GROUNDUP_MAX_UPLOAD_MB"
DATA_ENV = "GROUNDUP_WEB_DATA"
DEFAULT_MAX_UPLOAD_MB = 200.0


@dataclass(frozen=True)
class WebSettings:
    """The web app's settings; ``data_dir`` holds uploads and analysis folders, never served as such."""

    db_url: str
    data_dir: Path
    max_upload_bytes: int = int(DEFAULT_MAX_UPLOAD_MB * 2**20)
    max_clip_s: float = 300.0  # longer clips are refused: a squat screen is under a minute
    session_hours: float = 12.0
    secure_cookies: bool = False  # set when served over HTTPS (behind a proxy)
    max_failed_logins: int = 5  # wrong passwords in a row before the account is locked
    lock_minutes: float = 15.0
    ip_failures: int = 20  # wrong sign-ins from one address within ip_window_s before it is slowed down
    ip_window_s: float = 600.0
    worker_nice: int = 10  # the analysis process runs at this lower priority
    broker_url: str | None = None  # analyses go to ``groundup worker`` processes through this broker

    @property
    def uploads(self) -> Path:
        return self.data_dir / "uploads"

    @property
    def analyses(self) -> Path:
        return self.data_dir / "analyses"


def default_data_dir() -> Path:
    """``$GROUNDUP_WEB_DATA``, else ``web`` in the user data folder."""
    chosen = os.environ.get(DATA_ENV)
    return Path(chosen) if chosen else Path(platformdirs.user_data_dir("groundup")) / "web"


def upload_limit_mb(option: float | None) -> float:
    """The upload limit in MB: the option, else ``$GROUNDUP_MAX_UPLOAD_MB``, else 200."""
    if option is not None:
        return option
    text = os.environ.get(MAX_UPLOAD_ENV)
    if not text:
        return DEFAULT_MAX_UPLOAD_MB
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if value <= 0:
        raise ValueError(f"{MAX_UPLOAD_ENV} must be a positive number of megabytes, not {text!r}.")
    return value
