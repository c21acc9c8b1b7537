"""Write an analysis folder atomically: all files appear together or none do."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np

from groundup.errors import OutputError

MARKER = "result.json"


def check_target(target: Path, marker: str = MARKER) -> None:
    """Refuse a target that exists and is not an earlier groundup folder of the same kind (``marker`` file)."""
    if target.exists() and not target.is_dir():
        raise OutputError(f"'{target}' exists and is a file; choose another --out folder.")
    if target.is_dir() and any(target.iterdir()) and not (target / marker).exists():
        raise OutputError(f"'{target}' already holds other files; choose an empty or new --out folder.")


@contextmanager
def atomic_folder(target: Path, marker: str = MARKER) -> Iterator[Path]:
    """Yield a temporary folder beside ``target``; on success it replaces ``target``.

    On any error the temporary folder is removed and an earlier ``target`` is left
    untouched, so no half-written analysis is ever visible.
    """
    target = Path(target)
    check_target(target, marker)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-", dir=target.parent))
    except OSError as exc:
        raise OutputError(f"Cannot write to '{target.parent}': {exc.strerror}.") from None
    try:
        yield tmp
        old = None
        if target.exists():
            old = target.with_name(f".{target.name}.old-{os.getpid()}")
            os.rename(target, old)
        os.rename(tmp, target)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def _plain(value: object) -> object:
    """JSON form of numpy scalars and arrays that slipped into a result."""
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        return value.tolist()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def to_json(data: dict) -> str:
    """Indented JSON; NaN is not allowed (missing values must be null)."""
    return json.dumps(data, indent=2, allow_nan=False, default=_plain) + "\n"


def write_json(path: Path, data: dict) -> None:
    path.write_text(to_json(data), encoding="utf-8")
