"""Smallest inward knee shift the whole pipeline detects, pose model included.

Real frames of the bundled healthy squat are bent along one leg (a smooth
OpenCV remap turning the thigh about the hip and the shank about the ankle) so
that the knee moves toward the midline by a known share of the shank length at
full depth; the edited clip then goes through BlazePose and the
verdict. Printed per side and shift: the measured inward shift against standing,
the verdict and severity. The smallest shift judged "valgus" is the detection
limit stated in the README.

Run from the repository root::

    .venv/bin/python benchmarks/detection_limit.py [--shifts 0.2 0.4 ...] [--width 0.35]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import warnings
from pathlib import Path

import numpy as np
from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))  # the small video writers the tests use

from groundup import validation  # noqa: E402
from groundup.analysis import analyse_track  # noqa: E402
from groundup.pipeline import ANALYSIS_MAX_SIDE  # noqa: E402
from groundup.pose.extract import extract_chunk  # noqa: E402
from groundup.pose.landmarks import INDEX  # noqa: E402
from groundup.pose.track import PoseTrack  # noqa: E402
from groundup.thresholds import load_thresholds  # noqa: E402
from groundup.video.reader import VideoSource  # noqa: E402
from videos import clip_frames, write_mp4  # noqa: E402

SAMPLE = ROOT / "samples" / "ucsd_front_squat.mp4"
FRAMES = (60, 330)  # reps 1 and 2 of the sample, every second frame (30 fps), half size


def track_of(path: Path) -> PoseTrack:
    """The pose track the pipeline gets for a clip read in one chunk."""
    return extract_chunk(VideoSource(path, max_side=ANALYSIS_MAX_SIDE), None, None)


def landmark_follow_ratio(base: PoseTrack, warped: PoseTrack, side: str, shift: float) -> float:
    """Share of the knee's pixel displacement that BlazePose's knee landmark followed, near full depth."""
    applied = validation.knee_shift_px(base, side, shift)
    knee = INDEX[f"{side}_knee"]
    moved = warped.image_xy[:, knee] - base.image_xy[:, knee]
    deep = (validation.depth_profile(base) > 0.8) & np.isfinite(moved).all(axis=1)
    return float(np.sum(moved[deep] * applied[deep]) / np.sum(applied[deep] ** 2))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shifts", type=float, nargs="+", default=[0.2, 0.3, 0.4, 0.5, 0.6, 0.8, 1.0])
    parser.add_argument("--width", type=float, default=validation.WARP_WIDTH_SHANKS,
                        help="how far from the bone the picture bends, in shank lengths")
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    th = load_thresholds()
    table = Table(title=f"Knee warped inward in real frames (bend width {args.width} shank lengths)")
    for col in ("side", "shift added", "measured shift", "landmark followed", "verdict", "severity"):
        table.add_column(col, justify="right")
    limits: dict[str, float | None] = {}
    with tempfile.TemporaryDirectory() as tmp:
        plain = Path(tmp) / "plain.mp4"
        write_mp4(plain, clip_frames(SAMPLE, *FRAMES))
        base = track_of(plain)
        before = analyse_track(base, "arms-down-squat", th)
        for side in ("left", "right"):
            b = before.knees[side]
            table.add_row(side, "0", f"{b.summary_value:+.3f}", "", b.verdict, b.severity)
            limits[side] = None
            for shift in args.shifts:
                warped = Path(tmp) / f"{side}-{shift}.mp4"
                frames = (f.rgb for f in VideoSource(plain).frames())
                write_mp4(warped, validation.warp_knee_in_frames(frames, base, side, shift, args.width))
                track = track_of(warped)
                k = analyse_track(track, "arms-down-squat", th).knees[side]
                followed = landmark_follow_ratio(base, track, side, shift)
                table.add_row(side, f"{shift:.2f}", f"{k.summary_value:+.3f}", f"{followed:.0%}", k.verdict, k.severity)
                if k.verdict == "valgus" and limits[side] is None:
                    limits[side] = shift
    console = Console()
    console.print(table)
    for side, shift in limits.items():
        console.print(f"smallest detected inward shift, {side} knee: "
                      + (f"{shift:.2f} shank lengths" if shift is not None else "none of those tried"))


if __name__ == "__main__":
    main()
