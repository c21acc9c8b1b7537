"""The numbers behind the data-derived thresholds: every real clip through the pipeline.

For each real clip in tests/data/clips this prints the movement recognised and that
screen's verdicts and gate, and, judged as an arms-down squat, the capture statistics the
quality gate judges (camera yaw, shoulder-width ratio, person height, visibility,
knee jitter, second-person probes), the reps found, each knee's peak inward and
outward shift per rep against standing, the knee-over-toe offset, and the verdicts.
The sources in src/groundup/data/thresholds.toml that say "groundup data" quote
this output.

Run from the repository root::

    .venv/bin/python benchmarks/clip_survey.py
"""

from __future__ import annotations

import copy
import warnings
from pathlib import Path

import numpy as np

from groundup.pipeline import ANALYSIS_MAX_SIDE
from groundup.pose.extract import extract_chunk
from groundup.screens import SCREENS
from groundup.screens.base import prepare
from groundup.screens.recognise import recognise
from groundup.screens.squat import analyse_track
from groundup.thresholds import load_thresholds
from groundup.video.reader import VideoSource

CLIPS = Path(__file__).resolve().parents[1] / "tests" / "data" / "clips"
STATS = ("hip_yaw_deg", "width_ratio", "person_height", "lower_visibility", "knee_jitter",
         "second_person_hits", "second_person_probes", "second_person_height", "invalid_share_in_reps")


def survey(path: Path) -> None:
    track = extract_chunk(VideoSource(path, max_side=ANALYSIS_MAX_SIDE), None, None)
    a = analyse_track(copy.deepcopy(track), "arms-down-squat", load_thresholds())
    print(f"== {path.name}: {len(track)} frames, {len(a.reps)} reps, depth "
          + ", ".join(f"{r.depth:.2f}" for r in a.reps))
    print("   " + "  ".join(f"{k}={a.quality.stats[k]:.3f}" for k in STATS))
    print("   probes (other person height / ours): " + " ".join(f"{h:.2f}" for h in track.others[:, 1]))
    for side in ("left", "right"):
        reps = [s for s in a.summaries if s.side]
        inward = [s.side[side]["knee_shift"].value for s in reps]
        outward = [s.side[side]["knee_shift_lateral"].value for s in reps]
        toe = [s.side[side]["knee_toe_offset"].value for s in reps]
        print(f"   {side:5s} inward peaks {np.round(inward, 3).tolist()}  outward {np.round(outward, 3).tolist()}"
              f"  knee-toe min {np.round(toe, 3).tolist()}"
              f"  -> knee {a.knees[side].verdict}, ankle {a.ankles[side].verdict}")
    print("   gate: " + ("; ".join(f"{i.severity} {i.code}" for i in a.quality.issues) or "passed"))
    survey_screen(path, track)


def survey_screen(path: Path, track) -> None:
    """The movement recognised from the pose sequence, and that screen's verdicts and gate."""
    th = load_thresholds()
    p = prepare(copy.deepcopy(track), th)
    found = recognise(p, th)
    if found.movement is None:
        print(f"   recognised: nothing ({found.reason})")
        return
    a = SCREENS[found.movement].analyse_fn()(p, found.movement, th)
    knees = ", ".join(f"{s} {a.knees[s].verdict} {a.knees[s].summary_value or 0:+.3f}" for s in ("left", "right"))
    print(f"   recognised: {found.movement} ({found.reason}); {len(a.reps)} trials; knees {knees}")
    print("   screen gate: " + ("; ".join(f"{i.severity} {i.code}" for i in a.quality.issues) or "passed"))


def main() -> None:
    warnings.simplefilter("ignore")
    for path in sorted(CLIPS.glob("*.mp4")):
        survey(path)


if __name__ == "__main__":
    main()
