"""The movements live mode follows, and the offline screen that analyses a recording of each."""

from __future__ import annotations

# live movement -> the ``groundup assess --movement`` of a recording of it
LIVE_MOVEMENTS = {"squat": "arms-down-squat", "single-leg-balance": "single-leg-balance"}
