"""What the live mirror says: one short line per situation, spoken to the person in front of the camera."""

from __future__ import annotations

from dataclasses import dataclass

STATUS_TEXT = {
    "no_person": "Step into view, facing the camera",
    "feet_out": "Step back: feet out of view",
    "calibrating": "Stand still to start",
    "ready": "Ready: go when you like",
}


@dataclass(frozen=True)
class Cue:
    """One thing to tell the person: a status change or a knee to push out, and when."""

    time_s: float
    kind: str  # "status" or "knee_out"
    text: str
    side: str | None = None
    rep: int | None = None  # the rep it belongs to (1-based), for knee cues
    value: float | None = None  # the knee's reading behind a knee cue, shank lengths


def status_cue(time_s: float, status: str) -> Cue:
    return Cue(time_s, "status", STATUS_TEXT[status])


def knee_cue(time_s: float, side: str, rep: int, value: float) -> Cue:
    """'Left knee out': the person's own left, whichever side of the mirror it shows on."""
    return Cue(time_s, "knee_out", f"{side.capitalize()} knee out", side, rep, value)


def rep_line(number: int, caved: dict[str, bool]) -> str:
    """One line of the end-of-set summary."""
    sides = [s for s, c in caved.items() if c]
    return f"Rep {number}: " + (" and ".join(sides) + " knee caved in" if sides else "knees stayed over the feet")


def balance_line(side: str, held_s: float, collapses: int) -> str:
    """One line for a single-leg balance hold."""
    knee = "no knee collapse" if not collapses else f"{collapses} knee collapse{'s' if collapses > 1 else ''}"
    return f"Balance on the {side} leg: {held_s:.1f} s held, {knee}"
