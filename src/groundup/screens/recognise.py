"""Which screen a clip shows, when the user did not say: patterns in the pose sequence.

Each pattern comes from a screen's own event detector and claims its frames:

- a jump: both feet leave the floor and land together after a flight (drop-jump);
- a walk: foot strikes alternating left and right, the feet passing each other (gait);
- one foot held off the floor for a good share of the clip: a single-leg squat when the hips
  drop on one leg, else single-leg balance;
- squat reps outside those: the hips dropping and rising with both feet down (overhead or
  arms-down squat from where the hands are), unless the trunk lies horizontal (push-ups) or
  the hips travel over one bent knee with the other leg straight (a lateral lunge).

Movements groundup does not screen are named when seen: a lateral lunge, jumping jacks (the
feet jumping apart and together again and again), push-ups (the body horizontal, the hands
on the floor). A clip whose trials would be one of those, or that shows none of the screens,
is refused, saying what was seen; one where two screens fit asks for the movement to be named.
The body's size in the picture decides nothing: a hand-held camera, a zoom, feet at the edge
or a clip ending on the floor all change it. Cut-offs: ``recognise.*`` in thresholds.toml.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from groundup.findings.quality import QualityIssue
from groundup.metrics.geometry import joint
from groundup.pose.landmarks import SIDES, other
from groundup.screens.base import Prepared, rep_settings
from groundup.screens.contact import foot_bottom_y, hysteresis, mid, pair_width, runs
from groundup.signals.reps import Rep, detect_reps
from groundup.thresholds import Thresholds

if TYPE_CHECKING:
    from groundup.analysis import Analysis
    from groundup.pose.track import PoseTrack
    from groundup.screens.gait import Stance as Step
    from groundup.screens.landing_events import Landing
    from groundup.screens.stance import Stance


@dataclass(frozen=True)
class Recognition:
    """The screen assumed (None: refused), why, the figures that decided it and the screens that fit.

    A refusal with ``candidates`` is a clip where several screens fit: the user must name one.
    """

    movement: str | None
    reason: str
    figures: dict[str, float]
    candidates: tuple[str, ...] = ()
    set_aside: np.ndarray | None = None  # frames of no screen: down to the floor, push-ups or a plank, back up

    def as_dict(self) -> dict:
        """result.json's ``movement.recognised``."""
        return {"assumed": True, "recognised": self.movement is not None, "reason": self.reason,
                "figures": {k: round(v, 3) for k, v in self.figures.items()}, "candidates": list(self.candidates)}


@dataclass(frozen=True)
class Lunge:
    """A rep whose hips travelled sideways over one bent knee (``side``) while the other leg stayed straight."""

    rep: Rep
    side: str
    shift: float  # share of the way from the feet's centre to that foot
    reach: dict[str, float]  # each leg's hip-to-ankle distance in the picture at the rep's bottom, leg lengths


@dataclass(frozen=True)
class Patterns:
    """What the pose sequence shows, before a screen is chosen."""

    jumps: list[Landing]
    steps: list[Step]
    stances: list[Stance]
    one_leg_share: float
    one_leg_drop: float  # largest hip drop while on one leg, leg lengths
    reps: list[Rep]  # every hip drop and rise
    squat_reps: list[Rep]
    lunges: list[Lunge]
    jacks: int
    lying: np.ndarray  # frames lying on the floor
    set_aside: np.ndarray  # the lying bouts with the way down and back up


# ---------------------------------------------------------------- jumps and walks


def two_footed(contact: dict[str, int], times_s: np.ndarray, max_gap_s: float) -> bool:
    """Both feet came down together (a landing), not one after the other (a step or a lunge)."""
    if len(contact) < 2:
        return False
    return abs(float(times_s[contact["left"]] - times_s[contact["right"]])) <= max_gap_s


def two_footed_jumps(p: Prepared, th: Thresholds) -> list[Landing]:
    """Landings on both feet after a take-off that was seen, within a flight's time.

    A camera drifting or zooming can carry both feet up the picture for seconds; a jump or a
    drop from a box leaves the floor and is back within ``landing.max_flight_s``.
    """
    from groundup.screens.landing_events import find_landings

    times, gap, longest = p.track.times_s, th.value("recognise.two_foot_gap_s"), th.value("landing.max_flight_s")
    return [f for f in find_landings(p, th)[0].landings if two_footed(f.contact, times, gap)
            and f.takeoff is not None and times[f.initial] - times[f.takeoff] <= longest]


def feet_order(xy: np.ndarray, shank: float) -> np.ndarray:
    """(T, 2) left foot minus right foot, shank lengths: ankle x, and the feet's lowest points' y (NaN if unseen)."""
    dx = joint(xy, "left", "ankle")[:, 0] - joint(xy, "right", "ankle")[:, 0]
    dy = foot_bottom_y(xy, "left") - foot_bottom_y(xy, "right")
    return np.stack([dx, dy], axis=1) / shank


def passed(order: np.ndarray, a: int, b: int, separation: float) -> bool:
    """The feet swapped places (in x or in y, at least ``separation`` apart both times) between frames a and b."""
    with np.errstate(invalid="ignore"):
        apart = (np.abs(order[a]) >= separation) & (np.abs(order[b]) >= separation)
        return bool(np.any(apart & (np.sign(order[a]) != np.sign(order[b]))))


def alternating_steps(p: Prepared, th: Thresholds) -> list[Step]:
    """The longest run of foot strikes alternating left and right with the feet passing between strikes.

    Stance phases come from the gait screen's detector; feet that move together (a shaking
    camera, a jump) or that stay side by side (a squat, a lunge) make no run.
    """
    from groundup.screens.gait import body_size, stance_phases

    phases, _ = stance_phases(p, body_size(p.xy, p.track.times_s), th)
    order = feet_order(p.raw_xy, p.shank)  # feet guessed by the model (masked) never count as passing
    separation = th.value("recognise.step_separation")
    best: list[Step] = []
    run: list[Step] = []
    for ph in phases:
        run = [*run, ph] if run and ph.side != run[-1].side and passed(order, run[-1].start, ph.start, separation) \
            else [ph]
        best = run if len(run) > len(best) else best
    return best


def frames_of(n: int, spans: list[tuple[int, int]]) -> np.ndarray:
    """Mask of the frames inside any (first, last) span."""
    mask = np.zeros(n, dtype=bool)
    for a, b in spans:
        mask[a:b + 1] = True
    return mask


# ---------------------------------------------------------------- postures


def trunk_tilt_deg(p: Prepared) -> np.ndarray:
    """Trunk angle from vertical per frame: from the world landmarks, else from the picture."""
    w = mid(p.world, "shoulder") - mid(p.world, "hip")  # world y points down
    u = mid(p.xy, "shoulder") - mid(p.xy, "hip")
    world = np.degrees(np.arctan2(np.hypot(w[:, 0], w[:, 2]), -w[:, 1]))
    return np.where(np.isfinite(world), world, np.degrees(np.arctan2(np.abs(u[:, 0]), -u[:, 1])))


def lying_frames(p: Prepared, th: Thresholds) -> np.ndarray:
    """Frames with the trunk near horizontal and the hands down at the feet's level (push-ups, a plank)."""
    feet = np.fmax(foot_bottom_y(p.xy, "left"), foot_bottom_y(p.xy, "right"))
    hands = np.fmax(joint(p.xy, "left", "wrist")[:, 1], joint(p.xy, "right", "wrist")[:, 1])
    with np.errstate(invalid="ignore"):
        return (trunk_tilt_deg(p) > th.value("recognise.lying_trunk_deg")) & \
            ((feet - hands) / p.shank < th.value("recognise.hands_on_floor"))


def lying_bouts(lying: np.ndarray, p: Prepared) -> np.ndarray:
    """The lying frames with the way down before and back up after: each run widened to the
    nearest frames standing tall."""
    from groundup.metrics.rep_summary import standing_frames

    standing = standing_frames(p.depth, p.valid)
    out = lying.copy()
    for a, b in runs(lying):
        while a > 0 and not standing[a - 1]:
            a -= 1
        while b < len(out) and not standing[b]:
            b += 1
        out[a:b] = True
    return out


def leg_reach(xy: np.ndarray, side: str, leg: float) -> np.ndarray:
    """Hip-to-ankle distance in the picture per frame, in leg lengths (1 = a straight leg, less = a bent one)."""
    return np.linalg.norm(joint(xy, side, "hip") - joint(xy, side, "ankle"), axis=1) / leg


def lunge(p: Prepared, rep: Rep, th: Thresholds) -> Lunge | None:
    """The rep as a lateral lunge, or None: at its bottom the hips over one foot, that leg bent and the other straight.

    Seen from the front a knee bends toward the camera, so a bent leg shows as a short one.
    """
    f = rep.bottom
    left, right = joint(p.xy, "left", "ankle")[f, 0], joint(p.xy, "right", "ankle")[f, 0]
    half = (left - right) / 2
    if not np.isfinite(half) or half == 0:
        return None
    toward_left = float((mid(p.xy, "hip")[f, 0] - (left + right) / 2) / half)
    side = "left" if toward_left > 0 else "right"
    reach = {s: float(leg_reach(p.xy, s, p.scale.leg)[f]) for s in SIDES}
    if abs(toward_left) >= th.value("recognise.lunge_hip_shift") and \
            reach[other(side)] - reach[side] >= th.value("recognise.lunge_reach_difference"):
        return Lunge(rep, side, abs(toward_left), reach)
    return None


def jack_cycles(p: Prepared, th: Thresholds) -> int:
    """Times the feet jumped from together to wide apart, the hands going overhead, and back together.

    Feet together and apart are read as the ankle distance over the shoulder width; the hands
    are overhead as the squat screen reads them. A walk seen from the side crosses the feet but
    keeps the hands down.
    """
    from groundup.metrics.body import classify_arms

    with np.errstate(invalid="ignore", divide="ignore"):
        ratio = pair_width(p.xy, "ankle") / pair_width(p.xy, "shoulder")
    together = hysteresis(ratio, th.value("recognise.feet_together"), th.value("recognise.feet_apart"))
    wrists = p.measures["wrist_over_nose"]
    cycles = 0
    for a, b in runs(~together):
        seen = wrists[a:b][np.isfinite(wrists[a:b])]
        if a > 0 and b < len(ratio) and seen.size and classify_arms(float(seen.max())) == "overhead":
            cycles += 1
    return cycles


# ---------------------------------------------------------------- all patterns


def one_leg(p: Prepared, th: Thresholds, claimed: np.ndarray) -> tuple[list[Stance], float, float]:
    """Single-leg stances outside ``claimed`` frames, their share of the clip and the largest hip drop on one leg."""
    from groundup.screens.common import find_prepared_stances, stance_depth
    from groundup.screens.stance import stance_mask

    stances = [s for s in find_prepared_stances(p, th) if not claimed[s.lift_off:s.touch_down].any()]
    drops = stance_depth(p.depth, stances)
    drop = float(np.nanmax(drops)) if np.isfinite(drops).any() else 0.0
    return stances, float(stance_mask(len(p.depth), stances).mean()), drop


def find_patterns(p: Prepared, th: Thresholds) -> Patterns:
    """Jumps, then walking, then one-leg stances, then the remaining hip drops sorted into squats and lunges."""
    times, n = p.track.times_s, len(p.depth)
    jumps = two_footed_jumps(p, th)
    steps = alternating_steps(p, th)
    if len(steps) < th.value("recognise.min_steps"):
        steps = []
    spans = [(j.takeoff if j.takeoff is not None else j.initial, j.end) for j in jumps]
    claimed = frames_of(n, spans + ([(steps[0].start, steps[-1].end)] if steps else []))
    stances, share, drop = one_leg(p, th, claimed)
    claimed |= frames_of(n, [(s.lift_off, s.touch_down - 1) for s in stances])
    lying = lying_frames(p, th) & p.valid
    bouts = floor_bouts(p, th)
    reps = detect_reps(times, p.depth, rep_settings(th))
    free = [(r, lunge(p, r, th)) for r in reps if not claimed[r.start:r.end + 1].any() and not bouts[r.bottom]]
    return Patterns(jumps, steps, stances, share, drop, reps, [r for r, lunged in free if lunged is None],
                    [lunged for _, lunged in free if lunged is not None], jack_cycles(p, th), lying, bouts)


# ---------------------------------------------------------------- deciding


def plural(k: int, word: str) -> str:
    return f"{k} {word}{'' if k == 1 else 's'}"


def squat_name(p: Prepared) -> tuple[str, str]:
    """Overhead or arms-down squat from where the hands are while standing, and the arms' position."""
    from groundup.metrics.body import standing_arms
    from groundup.screens.common import standing_baseline

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        arms = standing_arms(p.measures, standing_baseline(p))
    return ("overhead-squat" if arms == "overhead" else "arms-down-squat"), arms


def screens_seen(pt: Patterns, p: Prepared, th: Thresholds) -> dict[str, str]:
    """Each screen whose pattern is in the clip, with what was seen."""
    seen = {}
    times = p.track.times_s
    if pt.steps:
        seen["gait"] = f"{plural(len(pt.steps), 'foot strike')} alternating left and right, the feet passing each other"
    if pt.jumps:
        flight = max(times[j.initial] - times[j.takeoff] for j in pt.jumps if j.takeoff is not None)
        seen["drop-jump"] = (f"both feet left the floor and landed together ({plural(len(pt.jumps), 'landing')}, "
                             f"longest flight {flight:.2f} s)")
    if pt.one_leg_share >= th.value("recognise.one_leg_share"):
        held = f"one foot was off the floor in {pt.one_leg_share:.0%} of the clip"
        if pt.one_leg_drop >= th.value("single_leg.min_depth"):
            seen["single-leg-squat"] = f"{held} and the hips dropped {pt.one_leg_drop:.2f} leg lengths on one leg"
        else:
            seen["single-leg-balance"] = f"{held} while the hips stayed level"
    if pt.squat_reps:
        name, arms = squat_name(p)
        seen[name] = f"{plural(len(pt.squat_reps), 'squat rep')} with both feet down, arms {arms}"
    return seen


def not_screened(pt: Patterns, th: Thresholds) -> list[str]:
    """Movements groundup does not screen that were seen where a screen would look for its trials."""
    found = []
    if pt.lunges:
        first = pt.lunges[0]
        bent, straight = first.reach[first.side], first.reach[other(first.side)]
        found.append(f"{plural(len(pt.lunges), 'rep')} where the hips travelled sideways over one bent knee while "
                     f"the other leg stayed straight (the first: {first.shift:.0%} of the way to the {first.side} "
                     f"foot, legs reaching {bent:.2f} and {straight:.2f} leg lengths), a lateral lunge")
    if pt.jacks >= th.value("recognise.min_jacks"):
        found.append(f"the feet jumped apart and together {pt.jacks} times, jumping jacks")
    return found


def figures_of(pt: Patterns, p: Prepared) -> dict[str, float]:
    times = p.track.times_s
    flight = max((times[j.initial] - times[j.takeoff] for j in pt.jumps if j.takeoff is not None), default=0.0)
    return {"landings": float(len(pt.jumps)), "flight_s": float(flight), "steps": float(len(pt.steps)),
            "one_leg_share": pt.one_leg_share, "hip_drop_on_one_leg": pt.one_leg_drop, "reps": float(len(pt.reps)),
            "squat_reps": float(len(pt.squat_reps)), "lunge_reps": float(len(pt.lunges)), "jacks": float(pt.jacks),
            "lying_share": lying_share(pt, p)}


def lying_share(pt: Patterns, p: Prepared) -> float:
    """Share of the measured frames spent lying on the floor."""
    return float(pt.lying.sum() / p.valid.sum()) if p.valid.any() else 0.0


def recognise(p: Prepared, th: Thresholds) -> Recognition:
    """The screen this pose sequence shows, or a refusal saying what was seen."""
    pt = find_patterns(p, th)
    seen, others, figures = screens_seen(pt, p, th), not_screened(pt, th), figures_of(pt, p)
    share = figures["lying_share"]
    lying = (f"the body was horizontal with the hands on the floor in {share:.0%} of the clip "
             "(push-ups or a plank)") if share > 0 else ""
    if others:
        also = "; ".join(seen.values())
        return Recognition(None, f"not one of groundup's movements: {'; '.join(others)}" + (f"; also {also}" if also
                           else ""), figures)
    if len(seen) > 1:
        return Recognition(None, "more than one screen fits: " + "; ".join(f"{why} ({name})" for name, why in
                           seen.items()), figures, tuple(seen))
    if seen:
        name, why = next(iter(seen.items()))
        return Recognition(name, why + (f"; {lying}, left out" if lying else ""), figures, (name,), pt.set_aside)
    nothing = "no squat rep, jump, walk or single-leg stance was found"
    if share >= 0.5:
        return Recognition(None, f"not one of groundup's movements: {lying}; {nothing}", figures)
    return Recognition(None, nothing + (f"; {lying}" if lying else ""), figures)


# ---------------------------------------------------------------- refusing and setting aside


def set_aside(track: PoseTrack, found: Recognition) -> bool:
    """Mark the frames of no screen as not measured (push-ups after squats hold no squat rep).

    True when there were any: the track must then be prepared again.
    """
    return set_aside_frames(track, found.set_aside)


def floor_bouts(p: Prepared, th: Thresholds) -> np.ndarray:
    """Frames down on the floor (push-ups, a plank) with the way down and back up: part of no screen."""
    return lying_bouts(lying_frames(p, th) & p.valid, p)


def set_aside_frames(track: PoseTrack, frames: np.ndarray | None) -> bool:
    """Mark ``frames`` (down on the floor) as not measured; True when there were any."""
    if frames is None or not (frames & track.valid).any():
        return False
    for i in np.flatnonzero(frames & track.valid):
        track.valid[i] = False
        track.invalid_reason[i] = "lying on the floor (push-ups or a plank): not part of the screen"
    return True



def refusal_issue(found: Recognition) -> QualityIssue:
    """The capture gate's refusal for a clip that was not recognised as one screen."""
    from groundup.screens import MOVEMENTS

    message = found.reason[:1].upper() + found.reason[1:] + "."
    if found.candidates:
        return QualityIssue("movement_ambiguous", "refuse", message,
                            f"Name the movement you filmed with --movement ({' or '.join(found.candidates)}).")
    return QualityIssue("movement_not_recognised", "refuse", message, "Film one of groundup's screens, or name the "
                        f"movement with --movement ({', '.join(MOVEMENTS)}).")


def refused_analysis(p: Prepared, found: Recognition, th: Thresholds) -> Analysis:
    """The clip's measures with no trial and every verdict refused with ``found``'s reason.

    The capture gate's findings about the filming stay; its count of trials goes.
    """
    from groundup.screens.common import standing_baseline
    from groundup.screens.engine import Trials, judge

    def refuse(issues: list[QualityIssue]) -> list[QualityIssue]:
        return [refusal_issue(found), *(i for i in issues if not i.code.startswith(("no_", "few_")))]

    analysis = judge(p, "arms-down-squat", th, Trials([], [], standing_baseline(p), gate=refuse))
    analysis.recognition = found.as_dict()
    return analysis
