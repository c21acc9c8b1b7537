"""The end-of-session summary: one line per rep (or balance hold), then how the stream kept up."""

from __future__ import annotations

from groundup.live.cues import rep_line
from groundup.live.engine import LiveEngine
from groundup.live.session import SessionStats
from groundup.live.source import SourceCounts


def session_summary(engine: LiveEngine, stats: SessionStats, counts: SourceCounts, movement: str) -> list[str]:
    """Lines for the terminal at the end of a live session."""
    lines = [rep_line(r.number, r.caved) for r in engine.reps]
    caved = sum(any(r.caved.values()) for r in engine.reps)
    if engine.standing is None:
        lines.append("No standing baseline was taken: stand still, facing the camera, feet in view, to start.")
    else:
        lines.append(f"{len(engine.reps)} reps, {caved} with a knee caving in.")
    lines.append(f"Processed {stats.processed} frames, dropped {counts.dropped} ({100 * counts.dropped_share:.0f} %); "
                 f"latency median {stats.latency_ms(50):.0f} ms, p95 {stats.latency_ms(95):.0f} ms.")
    return lines
