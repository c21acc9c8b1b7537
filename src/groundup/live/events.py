"""The live event log: one JSON object per line (time, type, side, value, text, processing latency).

Written to a temporary file beside the target and moved into place when the session ends,
so a stopped session never leaves half a log behind.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import IO

from groundup.errors import OutputError
from groundup.live.cues import Cue
from groundup.live.engine import LiveFrame


def frame_events(frame: LiveFrame, latency_s: float) -> list[dict]:
    """The events of one processed frame: its cues and the rep or balance hold it finished."""
    latency_ms = round(1000 * latency_s, 1)
    out = [cue_event(c, latency_ms) for c in frame.cues]
    if frame.rep is not None:
        rep = frame.rep.as_dict()
        out.append({"t": round(frame.time_s, 3), "type": "rep", "rep": rep["rep"], "side": None,
                    "value": rep["depth"], "text": f"Rep {rep['rep']}", "latency_ms": latency_ms, "detail": rep})
    if frame.hold is not None:
        out.append({"t": round(frame.time_s, 3), "type": "hold", "rep": None, "side": frame.hold.side,
                    "value": round(frame.hold.held_s, 2), "text": f"Held {frame.hold.held_s:.1f} s",
                    "latency_ms": latency_ms, "detail": frame.hold.as_dict()})
    return out


def cue_event(cue: Cue, latency_ms: float) -> dict:
    kind = "status" if cue.kind == "status" else "cue"
    return {"t": round(cue.time_s, 3), "type": kind, "rep": cue.rep, "side": cue.side,
            "value": None if cue.value is None else round(cue.value, 4), "text": cue.text, "latency_ms": latency_ms}


class EventLog:
    """JSON lines to ``path`` (nothing when ``path`` is None)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._part = path.with_name(path.name + ".part") if path else None
        self._out: IO[str] | None = None
        if self._part is not None:
            try:
                self._out = self._part.open("w", encoding="utf-8")
            except OSError as exc:
                raise OutputError(f"Cannot write the events file '{path}': {exc.strerror}.") from None

    def write(self, events: list[dict]) -> None:
        if self._out is not None:
            for e in events:
                self._out.write(json.dumps(e) + "\n")

    def finish(self) -> None:
        """Move the complete log into place."""
        if self._out is not None and self._part is not None and self.path is not None:
            self._out.close()
            os.replace(self._part, self.path)
            self._out = None

    def discard(self) -> None:
        """Remove the partial log (the session was stopped or failed)."""
        if self._out is not None and self._part is not None:
            self._out.close()
            self._part.unlink(missing_ok=True)
            self._out = None
