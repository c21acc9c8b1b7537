"""Errors raised by the coaching programme logic."""

from __future__ import annotations

from groundup.errors import GroundupError


class LogError(GroundupError):
    """A logged set holds an impossible value or names an exercise that cannot be logged."""
