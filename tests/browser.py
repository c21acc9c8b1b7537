"""Debian's Chromium driven by Playwright for the page tests (no browser download, ever)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"


@contextmanager
def chromium(what: str) -> Iterator[object]:
    """A launched headless browser; fails (not skips) when Chromium is missing."""
    if not CHROMIUM.exists():
        pytest.fail(f"Chromium is needed for the {what} browser test and was not found at {CHROMIUM} "
                    "(install the Debian 'chromium' package).")
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield browser
        finally:
            browser.close()
