"""The end-of-session summary: one line per rep (or balance hold), then how the stream kept up."""

from __future__ import annotations

from dataclasses import dataclass

from groundup.live.balance import Hold
from groundup.live.cues import balance_line, rep_line
from groundup.live.engine import LiveEngine
from groundup.live.session import SessionStats
from groundup.live.source import SourceCounts


def session_summary(engine: LiveEngine, stats: SessionStats, counts: SourceCounts, movement: str) -> list[str]:
    """Lines for the terminal at the end of a live session."""
    holds = engine.balance.holds if engine.balance else []
    lines = [rep_line(r.number, r.caved) for r in engine.reps] + [balance_line(h.side, h.held_s, h.collapses)
                                                                  for h in holds]
    caved = sum(any(r.caved.values()) for r in engine.reps)
    if engine.standing is None:
        lines.append("No standing baseline was taken: stand still, facing the camera, feet in view, to start.")
    elif engine.balance is None:
        lines.append(f"{len(engine.reps)} reps, {caved} with a knee caving in.")
    elif not holds:
        lines.append("No hold on one leg was seen: lift one foot clear of the floor.")
    lines.append(f"Processed {stats.processed} frames, dropped {counts.dropped} ({100 * counts.dropped_share:.0f} %); "
                 f"latency median {stats.latency_ms(50):.0f} ms, p95 {stats.latency_ms(95):.0f} ms.")
    return lines


@dataclass(frozen=True)
class SetCount:
    """What the session counted, as one set to log: side, unit (reps or seconds), amount, whether a knee caved in."""

    side: str
    unit: str
    actual: int
    collapse: bool

    def log_args(self) -> list[str]:
        """The ``groundup log`` options that carry it."""
        return [f"--{self.unit}", str(self.actual), "--side", self.side,
                "--collapse" if self.collapse else "--no-collapse"]


def set_counts(engine: LiveEngine) -> list[SetCount]:
    """The squat reps as one set on both legs, or each leg's longest balance hold (whole seconds)."""
    if engine.balance is None:
        reps = engine.reps
        return [SetCount("both", "reps", len(reps), any(any(r.caved.values()) for r in reps))] if reps else []
    best: dict[str, Hold] = {}
    for h in engine.balance.holds:
        if h.side not in best or h.held_s > best[h.side].held_s:
            best[h.side] = h
    return [SetCount(side, "seconds", int(h.held_s), any(x.collapses for x in engine.balance.holds if x.side == side))
            for side, h in sorted(best.items()) if int(h.held_s) >= 1]
