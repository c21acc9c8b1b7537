"""Which screen a clip shows, when the user did not say: rules on the pose sequence.

Checked in order, each with the figure behind it so the report can say what was assumed:
the body growing or shrinking steadily in the picture -> gait (walking toward or away
from the camera); both feet leaving the floor and landing together -> drop-jump; one foot
held off the floor for a good share of the clip -> single-leg squat when the hips drop while
on one leg, else single-leg balance; hips dropping and rising with both feet down -> a squat,
overhead or arms-down from where the hands are. The cut-offs are the ``recognise.*`` entries
of thresholds.toml; events come from the screens' own detectors.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np

from groundup.findings.thresholds import Thresholds
from groundup.screens.base import Prepared, rep_settings
from groundup.signals.reps import detect_reps


@dataclass(frozen=True)
class Recognition:
    """The screen assumed, why, and the figures that decided it."""

    movement: str | None  # None: not recognised
    reason: str
    figures: dict[str, float]


def body_growth(p: Prepared) -> float:
    """Body height in the picture over the clip's last second against its first (1 = steady)."""
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # frames without a pose are all-NaN
        h = np.nanmax(p.xy[..., 1], axis=1) - np.nanmin(p.xy[..., 1], axis=1)
    t = p.track.times_s
    first, last = h[t <= t[0] + 1.0], h[t >= t[-1] - 1.0]
    with np.errstate(all="ignore"):
        ratio = float(np.nanmedian(last) / np.nanmedian(first))
    return ratio if np.isfinite(ratio) else 1.0


def two_footed(contact: dict[str, int], times_s: np.ndarray, max_gap_s: float) -> bool:
    """Both feet came down together (a landing), not one after the other (a step or a lunge)."""
    if len(contact) < 2:
        return False
    return abs(float(times_s[contact["left"]] - times_s[contact["right"]])) <= max_gap_s


def recognise(p: Prepared, th: Thresholds) -> Recognition:
    """The screen this pose sequence most likely shows."""
    from groundup.screens.landing import find_landings
    from groundup.screens.single_leg_squat import find_prepared_stances, stance_depth
    from groundup.screens.stance import stance_mask

    times = p.track.times_s
    gap = th.value("recognise.two_foot_gap_s")
    flights = [f for f in find_landings(p, th)[0].landings if two_footed(f.contact, times, gap)]
    flight_s = max((times[f.initial] - times[f.takeoff] for f in flights if f.takeoff is not None), default=0.0)
    stances = find_prepared_stances(p, th)
    one_leg_share = float(stance_mask(len(times), stances).mean())
    growth = body_growth(p)
    reps = detect_reps(times, p.depth, rep_settings(th))
    drops = stance_depth(p.depth, stances)
    drop_one_leg = float(np.nanmax(drops)) if np.isfinite(drops).any() else 0.0
    figures = {"flight_s": flight_s, "one_leg_share": one_leg_share, "body_growth": growth, "reps": float(len(reps)),
               "hip_drop_on_one_leg": drop_one_leg}
    growth_cut = th.value("recognise.body_growth")
    if growth >= growth_cut or growth <= 1 / growth_cut:
        way = "toward" if growth > 1 else "away from"
        return Recognition("gait", f"the body grew {growth:.2f}x in the picture (walking {way} the camera)", figures)
    if flights:
        return Recognition("drop-jump", f"both feet left the floor and landed together ({len(flights)} landing"
                           f"{'s' if len(flights) > 1 else ''}, longest flight {flight_s:.2f} s)", figures)
    if one_leg_share >= th.value("recognise.one_leg_share"):
        if drop_one_leg >= th.value("single_leg.min_depth"):
            return Recognition("single-leg-squat", f"one foot was off the floor in {one_leg_share:.0%} of the clip "
                               f"and the hips dropped {drop_one_leg:.2f} leg lengths on one leg", figures)
        return Recognition("single-leg-balance", f"one foot was off the floor in {one_leg_share:.0%} of the clip "
                           "while the hips stayed level", figures)
    if reps:
        from groundup.analysis import classify_arms
        from groundup.metrics.rep_summary import baseline, standing_frames

        base = baseline(p.measures, standing_frames(p.depth, p.valid))
        arms = classify_arms(base["wrist_over_nose"] if base else float(np.nanmedian(p.measures["wrist_over_nose"])))
        name = "overhead-squat" if arms == "overhead" else "arms-down-squat"
        return Recognition(name, f"{len(reps)} squat rep(s) with both feet down, arms {arms}", figures)
    return Recognition(None, "no jump, walk, single-leg stance or squat rep was found", figures)
