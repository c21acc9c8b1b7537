"""Criteria rated on per-trial values: the median against a cut-off, most trials agreeing.

The gait and landing screens rate their items this way (each trial: a stance phase, a
landing); an item without a cut-off is reported as 'measured'.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from groundup.analysis import Criterion
from groundup.findings.verdicts import MAX_CONFIDENCE, agreement_confidence
from groundup.thresholds import Thresholds


@dataclass(frozen=True)
class Item:
    """One rated item: what it is called, its unit and noise, and how its cut-off applies."""

    name: str
    label: str
    unit: str
    noise: float  # the measure's noise: the confidence's floor for the spread between trials
    threshold: str | None = None  # threshold key; None: reported, not rated
    bad_when: str = "above"  # "above" or "below" the cut-off, or "never" (reported beside its threshold)
    side: str | None = None


@dataclass(frozen=True)
class Rating:
    """What rating needs besides the values: the thresholds, the confidence factor, the gate's verdict
    and the screen's words for one trial and for an item no trial showed."""

    th: Thresholds
    factor: float  # capture quality x baseline
    can_judge: bool
    trial: str  # "landing", "stance phase"
    unseen: str  # note when no trial showed the item; may name the ``{side}``


def rate(item: Item, values: np.ndarray, frames: list[int], r: Rating, labels: tuple[str, str] = ("poor", "good"),
         note: str = "") -> Criterion:
    """``labels[0]`` when most trials pass the cut-off, else ``labels[1]``; 'measured' without a cut-off;
    'unknown' when the gate refused the clip or no trial showed the item."""
    t = r.th[item.threshold] if item.threshold else None
    finite = values[np.isfinite(values)]
    value = float(np.median(finite)) if finite.size else None
    if not r.can_judge or value is None:
        why = "The capture check refused the clip." if not r.can_judge else r.unseen.format(side=item.side or "")
        return Criterion(item.name, item.label, item.side, "unknown", value, item.unit, t, frames, 0.0,
                         " ".join(f"{why} {note}".split()))
    if t is None or item.bad_when == "never":
        return Criterion(item.name, item.label, item.side, "measured", value, item.unit, t, frames,
                         float(np.clip(r.factor, 0.0, MAX_CONFIDENCE)), note)
    signed, cut = (finite, t.value) if item.bad_when == "above" else (-finite, -t.value)
    bad = int(np.sum(signed >= cut))
    seen = f"{bad} of {signed.size} {r.trial}{'s' if signed.size > 1 else ''} past the cut-off."
    return Criterion(item.name, item.label, item.side, labels[0] if bad * 2 > signed.size else labels[1], value,
                     item.unit, t, frames, agreement_confidence(signed, cut, item.noise, r.factor),
                     f"{seen} {note}".strip())
