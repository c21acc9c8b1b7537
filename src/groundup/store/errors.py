"""The one error the storage layer raises to the user."""

from __future__ import annotations

from groundup.errors import GroundupError


class StoreError(GroundupError):
    """The database cannot be opened or upgraded, or a value cannot be stored (one sentence)."""
