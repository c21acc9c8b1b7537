"""Knee methods against the hand-digitised knee centres (benchmark code, not shipped).

For every descent and bottom frame marked in ``annotations/hand_digitised.json``: the
knee's horizontal error of each method (``knee_methods``), signed positive toward the
midline, in the hand-measured standing shank length of that clip.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

import numpy as np
from rich.table import Table

from accuracy import ANNOTATIONS, hand_landmarks, load_annotations, standing_shank_px
from groundup.pose.landmarks import INDEX, SIDES
from groundup.pose.track import PoseTrack
from groundup.thresholds import Thresholds
from groundup.video.reader import VideoSource
from knee_flow import KneeFlow
from knee_methods import Box, knee_x, legs_box
from known_edits import shank_px


class Source(Protocol):
    """Where the pose track and the other methods' knee x of a clip come from (cached or not)."""

    def track(self, path: Path) -> PoseTrack: ...

    def flow(self, path: Path) -> KneeFlow: ...

    def model_x(self, path: Path, box: Box, shank: float) -> dict[str, np.ndarray]: ...


def medial_errors(path: Path, source: Source, th: Thresholds) -> dict[str, np.ndarray]:
    """Per method, (N, 2) signed medial knee error (shank lengths) at the clip's descent/bottom frames."""
    annotations = [a for a in load_annotations(ANNOTATIONS) if a.clip == path.name]
    hand = hand_landmarks(annotations)
    shank = standing_shank_px(hand, annotations)
    moving = np.array([a.phase != "standing" for a in annotations])
    frames = np.array([a.frame for a in annotations])[moving]
    track = source.track(path)
    to_full = VideoSource(path).info.width / track.width
    xs = knee_x(track, source.flow(path), th, source.model_x(path, legs_box(track), shank_px(track, "left")))
    knees = hand[moving][:, [INDEX["left_knee"], INDEX["right_knee"]], 0]
    medial = np.sign(knees[:, ::-1] - knees)  # toward the other knee
    return {m: (x[frames] * to_full - knees) * medial / shank for m, x in xs.items()}


def hand_table(paths: list[Path], source: Source, th: Thresholds) -> Table:
    """Mean signed and mean absolute medial error of each method's knee, per clip and knee."""
    table = Table(title="Knee x against hand-digitised knee centres, descent and bottom frames "
                        "(shank lengths, + = toward the midline): mean signed / mean absolute")
    table.add_column("clip")
    table.add_column("frames", justify="right")
    table.add_column("method")
    for side in SIDES:
        table.add_column(f"{side} knee", justify="right")
    for path in paths:
        for k, (method, err) in enumerate(medial_errors(path, source, th).items()):
            cells = [f"{np.nanmean(err[:, i]):+.3f} / {np.nanmean(np.abs(err[:, i])):.3f}" for i in range(2)]
            table.add_row(path.stem if k == 0 else "", str(len(err)) if k == 0 else "", method, *cells)
        table.add_section()
    return table
