"""The numbers behind the ``recognise.*`` cut-offs: what recognition sees in each clip.

For the synthetic recognition bodies (tests/screens/recognition_bodies.py and the existing
walk, jump and single-leg figures) and every shared real clip, this prints the movement
recognised (or the refusal) and the cue values the cut-offs separate: the trunk's largest
angle from vertical, the hands' lowest height above the feet, the feet's distance along the
walk at the foot strikes of the step run, the ankle distance over shoulder width, and per rep
the hips' sideways travel toward one foot and the difference between the legs' reach.

Run from the repository root (``--cache DIR`` keeps the real clips' pose tracks between runs)::

    .venv/bin/python benchmarks/recognition_survey.py [--cache /tmp/tracks]
"""

from __future__ import annotations

import argparse
import copy
import pickle
import sys
import warnings
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
CLIPS = ROOT / "tests" / "data" / "clips"


def cue_line(p, pt, th) -> str:
    """The cue values of one prepared track, formatted."""
    from groundup.metrics.geometry import joint
    from groundup.screens.contact import foot_bottom_y, pair_width
    from groundup.screens.recognise import feet_order, leg_reach, trunk_tilt_deg

    feet = np.fmax(foot_bottom_y(p.xy, "left"), foot_bottom_y(p.xy, "right"))
    hands = np.fmax(joint(p.xy, "left", "wrist")[:, 1], joint(p.xy, "right", "wrist")[:, 1])
    with np.errstate(all="ignore"):
        ratio = pair_width(p.xy, "ankle") / pair_width(p.xy, "shoulder")
        hands_up = (feet - hands) / p.shank
    order = feet_order(p.raw_xy, p.shank)
    strikes = [abs(order[s.start, 1]) for s in pt.steps]
    shifts, reach = [], []
    for r in pt.reps:
        left, right = joint(p.xy, "left", "ankle")[r.bottom, 0], joint(p.xy, "right", "ankle")[r.bottom, 0]
        hip = (joint(p.xy, "left", "hip")[r.bottom, 0] + joint(p.xy, "right", "hip")[r.bottom, 0]) / 2
        shifts.append(abs((hip - (left + right) / 2) / ((left - right) / 2)))
        legs = [leg_reach(p.xy, side, p.scale.leg)[r.bottom] for side in ("left", "right")]
        reach.append(abs(legs[0] - legs[1]))

    def top(values: list[float]) -> str:
        finite = [v for v in values if np.isfinite(v)]
        return f"{max(finite):.2f}" if finite else "-"

    def pct(values: np.ndarray, q: float) -> str:
        return f"{np.nanpercentile(values, q):.2f}" if np.isfinite(values).any() else "-"

    tilt = trunk_tilt_deg(p)[p.valid & ~pt.lying]
    return (f"   trunk max {np.nanmax(tilt) if np.isfinite(tilt).any() else float('nan'):.0f} deg (not lying); hands "
            f"lowest {pct(hands_up[p.valid], 0)} shank over the feet; feet apart at strikes "
            f"{f'{min(strikes):.2f}-{max(strikes):.2f}' if strikes else '-'}; ankles/shoulders p5 {pct(ratio, 5)} "
            f"p95 {pct(ratio, 95)}; reps: hip shift max {top(shifts)}, reach difference max {top(reach)}")


def survey(name: str, track, th) -> None:
    from groundup.screens.base import prepare
    from groundup.screens.recognise import find_patterns, recognise

    p = prepare(copy.deepcopy(track), th)
    found, pt = recognise(p, th), find_patterns(p, th)
    print(f"== {name}: {found.movement or 'refused'} {list(found.candidates)}: {found.reason}")
    print("   " + ", ".join(f"{k} {v:.2f}" for k, v in found.figures.items()))
    print(cue_line(p, pt, th))


def synthetic_bodies() -> dict:
    """Every synthetic pattern recognition is tested on."""
    sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "tests" / "screens")]
    import recognition_bodies as rb
    from jump_walk_bodies import jump_track, walk_track
    from single_leg_bodies import balance_clip, single_leg_squat_clip

    return {
        "squat": rb.squat_clip(), "overhead squat": rb.squat_clip(arms_deg=175.0),
        "squat, hand-held camera drifting closer 1.35x": rb.squat_clip(growth=1.35, cam=rb.Camera(shake_px=8.0)),
        "squat, hand-held camera 1.4x": rb.squat_clip(growth=1.4, cam=rb.Camera(shake_px=8.0)),
        "20-rep wide squat, zoom 0.69x": rb.squat_clip(n_reps=20, half_width=0.3, zoom=0.69),
        "squat, feet at the bottom edge": rb.feet_at_edge_squat(),
        "squat, feet at the edge then out of the picture": rb.feet_at_edge_squat(slide_px=150.0),
        "squat ending in push-ups": rb.squat_then_push_ups(), "push-ups": rb.push_ups_clip(),
        "lateral lunge": rb.lateral_lunge_clip(), "jumping jacks": rb.jumping_jacks_clip(),
        "squat then a walk": rb.squat_then_walk(), "walk toward the camera": walk_track()[0],
        "slow walk from 8 m": walk_track(start_m=8.0, speed_mps=1.0, cadence_spm=100.0, duration_s=4.0)[0],
        "walk away": walk_track(toward=False)[0], "jump": jump_track()[0],
        "single-leg squat": single_leg_squat_clip()[0], "single-leg balance": balance_clip()[0],
    }


def real_track(path: Path, cache: Path | None):
    from groundup.pipeline import ANALYSIS_MAX_SIDE
    from groundup.pose.extract import extract_chunk
    from groundup.video.reader import VideoSource

    stored = cache / f"{path.stem}.pkl" if cache else None
    if stored and stored.exists():
        return pickle.loads(stored.read_bytes())
    track = extract_chunk(VideoSource(path, max_side=ANALYSIS_MAX_SIDE), None, None)
    if stored:
        stored.write_bytes(pickle.dumps(track))
    return track


def main() -> None:
    from groundup.thresholds import load_thresholds

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, help="folder keeping the real clips' pose tracks between runs")
    args = parser.parse_args()
    if args.cache:
        args.cache.mkdir(parents=True, exist_ok=True)
    warnings.simplefilter("ignore")
    th = load_thresholds()
    for name, track in synthetic_bodies().items():
        survey(name, track, th)
    for path in sorted(CLIPS.glob("*.mp4")):
        survey(path.name, real_track(path, args.cache), th)


if __name__ == "__main__":
    main()
