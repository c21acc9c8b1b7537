"""2-D keypoints as a DeepLabCut-style CSV: three header rows (``scorer``, ``bodyparts``,
``coords`` with ``x, y, likelihood`` per body part), then one row per frame led by its index,
as DeepLabCut writes a single-animal analysis and neuroinformatics-unit/movement's
``load_poses.from_dlc_file`` reads it. Missing points are empty cells."""

from __future__ import annotations

import csv
import io

from groundup.exports.keypoints import number
from groundup.pose.landmarks import NAMES
from groundup.pose.track import PoseTrack

SCORER = "groundup_blazepose"


def dlc_csv(track: PoseTrack, name: str) -> str:
    """All 33 BlazePose landmarks in pixels of the analysed frame, visibility as the likelihood."""
    buf = io.StringIO()
    out = csv.writer(buf, lineterminator="\n")
    out.writerow(["scorer", *[SCORER] * (3 * len(NAMES))])
    out.writerow(["bodyparts", *[part for part in NAMES for _ in range(3)]])
    out.writerow(["coords", *["x", "y", "likelihood"] * len(NAMES)])
    for i in range(len(track)):
        row = [str(i)]
        for k in range(len(NAMES)):
            x, y = track.image_xy[i, k]
            seen = number(x, 3) != "" and number(y, 3) != ""
            row += [number(x, 3), number(y, 3), number(track.visibility[i, k], 4) if seen else ""]
        out.writerow(row)
    return buf.getvalue()
