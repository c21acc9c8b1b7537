"""``groundup export``: a person's stored data (``--person``), or a clip's pose track in a format
other tools open (``VIDEO --format coco|trc|dlc``)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from groundup.cli.common import DbOption
from groundup.errors import NotAssessableError, UsageError

FORMAT_HELP = ("coco: 2-D keypoints as COCO keypoints JSON; trc: the 3-D world landmarks as an OpenSim TRC file "
               "(metres, Y up); dlc: 2-D keypoints as a DeepLabCut-style CSV (neuroinformatics-unit/movement "
               "opens it with load_poses.from_dlc_file).")


def export(video: Annotated[Path | None, typer.Argument(help="A clip whose pose track to export (with "
                                                         "--format).", show_default=False)] = None,
           person: Annotated[str | None, typer.Option("--person", help="Export this person's stored screens "
                                                      "and training log as CSV and JSON.")] = None,
           out: Annotated[Path | None, typer.Option(help="The folder (--person) or file (VIDEO) to write; "
                                                    "default for a clip: next to it, named by the format.")] = None,
           format: Annotated[str | None, typer.Option("--format", help=FORMAT_HELP)] = None,
           mirror: Annotated[bool, typer.Option("--mirror", help="The clip was filmed in a mirror (as for "
                                                "assess).")] = False,
           db: DbOption = None) -> None:
    """Export a person's data (--person NAME --out FOLDER), or a clip's pose track (VIDEO --format FMT)."""
    if (video is None) == (person is None):
        raise UsageError("Give either a VIDEO with --format coco|trc|dlc, or --person NAME with --out FOLDER.")
    if person is not None:
        if format is not None:
            raise UsageError("--format is for a clip's pose track; --person writes CSV and JSON.")
        if out is None:
            raise UsageError("Give the folder to write with --out.")
        from groundup.cli.common import open_store
        from groundup.coach import export_person

        export_person(open_store(db), person, out)
        Console().print(f"Exported {person} to {out}.")
        return
    assert video is not None
    written = export_pose(video, format, out, mirror)
    Console().print(f"Wrote {written}.")


def export_pose(video: Path, fmt: str | None, out: Path | None, mirror: bool) -> Path:
    """Track ``video`` and write its pose in format ``fmt``; the file written."""
    from groundup.exports import FORMATS, export_text
    from groundup.exports.pose import track_video
    from groundup.output import check_can_create_in, write_text_atomic
    from groundup.video.reader import VideoSource

    if fmt not in FORMATS:
        raise UsageError(f"--format must be one of {', '.join(FORMATS)}, not {fmt!r}.")
    target = out if out is not None else video.with_name(video.stem + FORMATS[fmt].suffix)
    if target.is_dir():
        raise UsageError(f"--out '{target}' is a folder; give the file to write.")
    check_can_create_in(target.parent)
    VideoSource(video)  # a clip that cannot be read is refused before any tracking
    track = track_video(video, mirror=mirror)
    if not track.detected.any():
        raise NotAssessableError(f"No person was found in '{video}': there is no pose to export.")
    write_text_atomic(target, export_text(track, fmt, video.stem))
    return target
