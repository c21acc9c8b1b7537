"""The 3-D world landmarks as an OpenSim / Motion Analysis TRC file (tab-separated text).

Header: ``PathFileType``, the rate and count line, then ``Frame#``/``Time`` with each marker's
name over its ``X<n> Y<n> Z<n>`` columns. BlazePose's world landmarks are metres around the hip
centre with y pointing down; OpenSim's Y points up, so the axes are turned (X, -Y, -Z: a half
turn about X, still right-handed). A frame without a pose leaves its cells empty.
"""

from __future__ import annotations

import numpy as np

from groundup.exports.keypoints import frame_rate, number
from groundup.pose.landmarks import NAMES
from groundup.pose.track import PoseTrack

TO_OPENSIM = np.array([1.0, -1.0, -1.0])


def trc_text(track: PoseTrack, name: str) -> str:
    """The TRC file of a track's world landmarks (all 33 BlazePose markers, metres)."""
    rate = f"{frame_rate(track.times_s):.3f}"
    n, markers = len(track), len(NAMES)
    lines = [
        f"PathFileType\t4\t(X/Y/Z)\t{name}.trc",
        "DataRate\tCameraRate\tNumFrames\tNumMarkers\tUnits\tOrigDataRate\tOrigDataStartFrame\tOrigNumFrames",
        f"{rate}\t{rate}\t{n}\t{markers}\tm\t{rate}\t1\t{n}",
        "Frame#\tTime\t" + "\t".join(f"{m}\t\t" for m in NAMES).rstrip("\t"),
        "\t\t" + "\t".join(f"X{k}\tY{k}\tZ{k}" for k in range(1, markers + 1)),
        "",
    ]
    world = track.world_xyz * TO_OPENSIM
    for i in range(n):
        cells = [number(v, 5) for v in world[i].ravel()]
        lines.append("\t".join([str(i + 1), f"{track.times_s[i]:.5f}", *cells]))
    return "\n".join(lines) + "\n"
