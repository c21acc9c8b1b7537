"""Range and choice checks that turn impossible values into one clear sentence."""

from __future__ import annotations

from collections.abc import Iterable

from groundup.pose.landmarks import LOG_SIDES
from groundup.store.errors import StoreError
from groundup.store.records import PROGRAM_STATUSES, TARGET_KINDS, ProgramEntryRecord, SetLogRecord


def choice(value: object, allowed: Iterable[str], what: str) -> None:
    """``value`` must be one of ``allowed``."""
    options = tuple(allowed)
    if value not in options:
        raise StoreError(f"{what} must be one of {', '.join(options)}, not {value!r}.")


def whole(value: object, what: str, low: int, high: int | None = None) -> None:
    """``value`` must be a whole number in ``[low, high]`` (no upper bound when ``high`` is None)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise StoreError(f"{what} must be a whole number, not {value!r}.")
    if value < low or (high is not None and value > high):
        span = f"from {low} to {high}" if high is not None else f"at least {low}"
        raise StoreError(f"{what} must be {span}, not {value}.")


def name(value: str) -> str:
    """A person's name, trimmed; it cannot be empty or longer than 200 characters."""
    trimmed = value.strip() if isinstance(value, str) else ""
    if not trimmed or len(trimmed) > 200:
        raise StoreError(f"A person's name must be 1 to 200 characters, not {value!r}.")
    return trimmed


def status(value: str) -> None:
    """A program status."""
    choice(value, PROGRAM_STATUSES, "A program's status")


def entry(item: ProgramEntryRecord) -> None:
    """A program entry: known side and kind, a level from 1, a non-negative target range."""
    label = f"Entry {item.exercise_id!r}"
    if not item.exercise_id:
        raise StoreError("A program entry needs an exercise id.")
    choice(item.side, LOG_SIDES, f"{label}: side")
    choice(item.target_kind, TARGET_KINDS, f"{label}: target kind")
    whole(item.level, f"{label}: level", 1)
    whole(item.target_low, f"{label}: target low", 0)
    whole(item.target_high, f"{label}: target high", item.target_low)


def set_log(log: SetLogRecord) -> None:
    """A logged set: known side and kind, non-negative amounts, difficulty 1-10, pain 0-10."""
    unit = log.target_kind if log.target_kind in TARGET_KINDS else "amount"
    choice(log.side, LOG_SIDES, "Side")
    choice(log.target_kind, TARGET_KINDS, "The kind of target")
    whole(log.actual_value, f"The number of {unit} done", 0)
    if log.target_value is not None:
        whole(log.target_value, f"The target number of {unit}", 0)
    whole(log.difficulty, "Difficulty", 1, 10)
    whole(log.pain, "Pain", 0, 10)
    if not isinstance(log.collapse, bool):
        raise StoreError(f"Collapse must be true or false, not {log.collapse!r}.")
    if not isinstance(log.discomfort, bool):
        raise StoreError(f"Discomfort must be true or false, not {log.discomfort!r}.")
    if log.hands_free is not None and not isinstance(log.hands_free, bool):
        raise StoreError(f"Hands-free must be true, false or not given, not {log.hands_free!r}.")
