"""Write outputs atomically: a folder's files appear together or none do, a file whole or not at all.

``check_target`` proves, before any long work, that the target can be written and an earlier
one replaced, so a run never computes for minutes and then fails to save.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import socket
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np

from groundup.errors import OutputError

MARKER = "result.json"


def check_target(target: Path, marker: str = MARKER) -> None:
    """Refuse a target that cannot be written, or that exists and is not an earlier groundup
    folder of the same kind (``marker`` file), or that cannot be moved aside to be replaced."""
    target = Path(target)
    if target.exists() and not target.is_dir():
        raise OutputError(f"'{target}' exists and is a file; choose another --out folder.")
    if target.is_dir() and any(target.iterdir()) and not (target / marker).exists():
        raise OutputError(f"'{target}' already holds other files; choose an empty or new --out folder.")
    check_can_create_in(target.parent)
    if target.exists():
        check_can_move_aside(target)


def check_can_create_in(folder: Path) -> None:
    """Prove that ``folder`` (or, when it does not exist yet, its nearest existing ancestor) takes
    new entries, by making and removing an empty folder there: permission bits alone do not say
    (root ignores them; a read-only mount or an immutable folder refuses even root)."""
    existing = Path(folder).absolute()
    while not existing.exists() and existing.parent != existing:
        existing = existing.parent
    if not existing.is_dir():
        raise OutputError(f"Cannot write to '{folder}': '{existing}' is a file, not a folder.")
    try:
        os.rmdir(tempfile.mkdtemp(prefix=".groundup-check-", dir=existing))
    except OSError as exc:
        raise OutputError(f"Cannot write to '{folder}': {exc.strerror}.") from None


def check_can_move_aside(target: Path) -> None:
    """Prove that the existing ``target`` can be replaced: rename it aside and straight back."""
    aside = target.with_name(f".{target.name}.check-{os.getpid()}")
    try:
        os.rename(target, aside)
    except OSError as exc:
        raise OutputError(f"'{target}' cannot be replaced ({exc.strerror}); choose another --out folder.") from None
    try:
        os.rename(aside, target)
    except OSError as exc:
        raise OutputError(f"'{target}' was moved to '{aside}' for a check and could not be moved back "
                          f"({exc.strerror}); rename it back by hand.") from None


@contextmanager
def atomic_folder(target: Path, marker: str = MARKER) -> Iterator[Path]:
    """Yield a temporary folder beside ``target``; on success it replaces ``target``.

    On any error the temporary folder is removed and an earlier ``target`` is left
    untouched, so no half-written analysis is ever visible.
    """
    target = Path(target)
    check_target(target, marker)
    remove_abandoned(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-{_owner()}-", dir=target.parent))
    except OSError as exc:
        raise OutputError(f"Cannot write to '{target.parent}': {exc.strerror}.") from None
    try:
        yield tmp
        _replace_folder(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def _owner() -> str:
    """This process as it appears in temporary names: host and process id."""
    host = re.sub(r"[^A-Za-z0-9_-]", "_", socket.gethostname()) or "host"
    return f"{host}-{os.getpid()}"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's live process
        return True
    return True


def remove_abandoned(target: Path) -> list[Path]:
    """Remove temporary folders beside ``target`` left by a run of this host that was killed
    (SIGKILL, power loss) before it could clean up; a live run's folder, or another host's on a
    shared disk, is left alone. Returns what was removed."""
    host = _owner().rsplit("-", 1)[0]
    pattern = re.compile(rf"^\.{re.escape(target.name)}\.(?:tmp|old)-{re.escape(host)}-(\d+)(?:-|$)")
    removed = []
    with contextlib.suppress(OSError):
        for entry in Path(target).parent.iterdir():
            found = pattern.match(entry.name)
            if found and entry.is_dir() and not _alive(int(found.group(1))):
                shutil.rmtree(entry, ignore_errors=True)
                removed.append(entry)
    return removed


def _replace_folder(new: Path, target: Path) -> None:
    """Put ``new`` in the place of ``target``; an earlier ``target`` survives any failure."""
    old = target.with_name(f".{target.name}.old-{_owner()}") if target.exists() else None
    try:
        if old is not None:
            os.rename(target, old)
        os.rename(new, target)
    except OSError as exc:
        if old is not None and old.exists() and not target.exists():
            os.rename(old, target)
        raise OutputError(f"Cannot write '{target}': {exc.strerror}.") from None
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


@contextmanager
def atomic_file(path: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path`` (same suffix); on success it replaces ``path``."""
    path = Path(path)
    if path.is_dir():
        raise OutputError(f"'{path}' is a folder; give a file name.")
    check_can_create_in(path.parent)
    tmp = path.with_name(f".{path.stem}-tmp{os.getpid()}{path.suffix}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        yield tmp
        os.replace(tmp, path)
    except OSError as exc:
        raise OutputError(f"Cannot write '{path}': {exc.strerror}.") from None
    finally:
        tmp.unlink(missing_ok=True)


def write_text_atomic(path: Path, text: str) -> None:
    """Write a text file whole or not at all."""
    with atomic_file(path) as tmp:
        tmp.write_text(text, encoding="utf-8")


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
