"""Drop-jump landing events: flights, initial contact per foot, the deepest point and back up.

Events come from the feet's and hip's image paths: a flight is both feet clearly above the
floor level; each foot's contact is the first frame it is back on the floor; the deepest
point is the hip's lowest position after contact. Each landing is a trial ``Rep``
(start = initial contact, bottom = deepest, end = back up or the next take-off).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from groundup.analysis import Event
from groundup.pose.landmarks import SIDES
from groundup.screens.base import Prepared
from groundup.screens.contact import event_series, first_true, floor_level, foot_bottom_y, frames_for, mid, runs
from groundup.signals.reps import Rep
from groundup.thresholds import Thresholds

STILL_SPEED = 1.0  # shank lengths/s: a foot slower than this is at rest (floor level estimate)
FLOOR_BAND = 0.35  # shank lengths: still feet this far above the lowest cluster stand on something else
RISE_FRACTION = 0.25  # a landing ends when the hip is back within this share of its deepest drop
BOX_REST_S = 0.25  # s at the start of a long run above the floor that give the box's level


@dataclass(frozen=True)
class Landing:
    """One landing: frames of take-off (None if not seen), contact per foot, deepest and end."""

    takeoff: int | None
    contact: dict[str, int]
    deepest: int
    end: int
    complete: bool

    @property
    def initial(self) -> int:
        """Initial contact: the first foot down."""
        return min(self.contact.values())


@dataclass(frozen=True)
class FlightSearch:
    """What the event search saw: the landings, and flights that never came down."""

    landings: list[Landing]
    flights: int
    unfinished: int
    floor_y: float


def foot_heights(p: Prepared, th: Thresholds) -> tuple[dict[str, np.ndarray], float]:
    """Height of each foot's lowest point above the floor, shank lengths (event-filtered), and the floor y."""
    raw = event_series(p.track.times_s, p.raw_xy, th.value("signals.max_gap_s"), th.value("landing.event_cutoff_hz"))
    bottoms = {s: foot_bottom_y(raw, s) for s in SIDES}
    shank = p.shank
    still = np.ones(len(raw), dtype=bool)
    for s in SIDES:
        with np.errstate(invalid="ignore"):
            still &= np.abs(np.gradient(bottoms[s], p.track.times_s)) / shank < STILL_SPEED
    both = np.fmax(bottoms["left"], bottoms["right"])
    floor = floor_level(both, still, FLOOR_BAND * shank)
    return {s: (floor - bottoms[s]) / shank for s in SIDES}, floor


def flight_runs(heights: dict[str, np.ndarray], times_s: np.ndarray, th: Thresholds) -> list[tuple[int, int]]:
    """(start, stop) of stretches with both feet clearly above the floor for long enough."""
    with np.errstate(invalid="ignore"):
        air = np.minimum(heights["left"], heights["right"]) > th.value("landing.flight_height")  # NaN: not in the air
    min_len = frames_for(th.value("landing.min_flight_s"), times_s)
    return [(a, b) for a, b in runs(air) if b - a >= min_len]


def takeoff_frame(heights: dict[str, np.ndarray], run: tuple[int, int], times_s: np.ndarray,
                  th: Thresholds) -> int | None:
    """First frame both feet have left their resting level before the flight ``run``.

    A short run is a jump from the floor: the take-off is the first frame both feet are above
    the contact height. A long run is standing on a box: the take-off is when the feet leave
    the box's level. None when the clip starts in the air.
    """
    start, stop = run
    tol = th.value("landing.contact_height")
    lower = np.fmin(heights["left"], heights["right"])
    if times_s[stop - 1] - times_s[start] <= th.value("landing.max_flight_s"):
        before = np.flatnonzero(np.isfinite(lower[:start]) & (lower[:start] <= tol))
        return int(before[-1] + 1) if before.size else None
    rest_n = frames_for(BOX_REST_S, times_s)
    rest = {s: float(np.nanmedian(heights[s][start:start + rest_n])) for s in SIDES}
    near = np.ones(stop - start, dtype=bool)
    for s in SIDES:
        with np.errstate(invalid="ignore"):
            near &= np.abs(heights[s][start:stop] - rest[s]) <= tol
    resting = np.flatnonzero(near)
    return int(start + resting[-1] + 1) if resting.size else None


def landing_depth(hip_y: np.ndarray, on_floor: np.ndarray, leg: float) -> np.ndarray:
    """Hip drop below standing tall on the floor, in leg lengths (standing = 10th percentile of hip y on the floor)."""
    ref = hip_y[on_floor & np.isfinite(hip_y)]
    if ref.size == 0 or not np.isfinite(leg) or leg <= 0:
        return np.full(len(hip_y), np.nan)
    return (hip_y - np.percentile(ref, 10)) / leg


def deepest_and_end(depth: np.ndarray, initial: int, limit: int, times_s: np.ndarray,
                    th: Thresholds) -> tuple[int, int, bool]:
    """The hip's lowest frame after contact (within the absorb window) and where it is back up."""
    window_end = min(limit, initial + frames_for(th.value("landing.max_absorb_s"), times_s) + 1)
    seg = depth[initial:window_end]
    if not np.isfinite(seg).any():
        return initial, min(limit, len(depth)) - 1, False
    deepest = int(initial + np.nanargmax(seg))
    with np.errstate(invalid="ignore"):
        back_up = depth <= RISE_FRACTION * depth[deepest]
    end = first_true(back_up, deepest + 1, limit)
    if end is None:
        return deepest, max(deepest, min(limit, len(depth)) - 1), False
    return deepest, end, True


def find_landings(p: Prepared, th: Thresholds) -> tuple[FlightSearch, np.ndarray, dict[str, np.ndarray]]:
    """Every landing of the clip, the landing depth series and the foot heights."""
    times = p.track.times_s
    heights, floor = foot_heights(p, th)
    tol = th.value("landing.contact_height")
    hip_y = mid(p.xy, "hip")[:, 1]
    with np.errstate(invalid="ignore"):
        on_floor = (heights["left"] <= tol) & (heights["right"] <= tol) & p.track.valid
        down = {s: heights[s] <= tol for s in SIDES}
    depth = landing_depth(hip_y, on_floor, p.scale.leg)
    flights = flight_runs(heights, times, th)
    landings, unfinished = [], 0
    for k, run in enumerate(flights):
        limit = flights[k + 1][0] if k + 1 < len(flights) else len(times)
        seen = {s: first_true(down[s], run[1], limit) for s in SIDES}
        contact = {s: c for s, c in seen.items() if c is not None}
        if not contact:
            unfinished += 1
            continue
        initial = min(contact.values())
        deepest, end, complete = deepest_and_end(depth, initial, limit, times, th)
        landings.append(Landing(takeoff_frame(heights, run, times, th), contact, deepest, end, complete))
    return FlightSearch(landings, len(flights), unfinished, floor), depth, heights


def landing_reps(landings: list[Landing], depth: np.ndarray) -> list[Rep]:
    """Each landing as a trial: start = initial contact, bottom = deepest, end = back up."""
    deepest = [float(depth[ld.deepest]) if np.isfinite(depth[ld.deepest]) else 0.0 for ld in landings]
    return [Rep(i + 1, ld.initial, ld.deepest, ld.end, d, ld.complete and len(ld.contact) == 2)
            for i, (ld, d) in enumerate(zip(landings, deepest))]


def landing_events(landings: list[Landing], times_s: np.ndarray) -> list[Event]:
    """Take-off, contact per foot and deepest point of every landing, in time order."""
    events = []
    for landing in landings:
        if landing.takeoff is not None:
            events.append(Event("takeoff", landing.takeoff, float(times_s[landing.takeoff])))
        for s in SIDES:
            if s in landing.contact:
                events.append(Event("contact", landing.contact[s], float(times_s[landing.contact[s]]), s))
        events.append(Event("deepest", landing.deepest, float(times_s[landing.deepest])))
    return sorted(events, key=lambda e: (e.frame, e.kind))
