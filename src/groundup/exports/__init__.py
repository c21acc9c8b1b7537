"""Pose tracks in the formats other tools open: COCO keypoints JSON (2-D), an OpenSim TRC file
(the 3-D world landmarks) and a DeepLabCut-style CSV (neuroinformatics-unit/movement reads it).

Each format is a pure function of a ``PoseTrack`` returning text; ``pose`` finds the track of
a video (tracked again, or read from the analysis folder's cache) and ``files`` writes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from groundup.exports.coco import coco_json
from groundup.exports.dlc import dlc_csv
from groundup.exports.trc import trc_text
from groundup.pose.track import PoseTrack


@dataclass(frozen=True)
class ExportFormat:
    """One export: its file-name ending, media type, what it holds, and the function writing it."""

    suffix: str
    media_type: str
    title: str
    write: Callable[[PoseTrack, str], str]


FORMATS: dict[str, ExportFormat] = {
    "coco": ExportFormat(".coco.json", "application/json", "2-D keypoints, COCO keypoints JSON", coco_json),
    "trc": ExportFormat(".trc", "text/plain; charset=utf-8", "3-D landmarks, OpenSim TRC (metres)", trc_text),
    "dlc": ExportFormat(".dlc.csv", "text/csv; charset=utf-8", "2-D keypoints, DeepLabCut-style CSV", dlc_csv),
}


def export_text(track: PoseTrack, fmt: str, name: str) -> str:
    """The track in format ``fmt`` (a key of ``FORMATS``); ``name`` names the clip inside the file."""
    return FORMATS[fmt].write(track, name)


__all__ = ["FORMATS", "ExportFormat", "coco_json", "dlc_csv", "export_text", "trc_text"]
