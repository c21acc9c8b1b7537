"""Outputs a person looks at: annotated video, worst-rep stills, plots and the HTML report.

The annotated video can be drawn in time chunks on several processes
(``render_chunk``) and joined; ``write_outputs`` does the whole job in this process.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

import numpy as np

from groundup.analysis import Analysis
from groundup.video.reader import Frame, VideoSource, spooled_frames

__all__ = ["render_chunk", "write_outputs", "write_stills_and_report"]
PROGRESS_EVERY = 10  # frames between progress reports


def _draw_video(frames: Iterable[Frame], a: Analysis, path: Path, wanted: set[int]) -> dict[int, np.ndarray]:
    """Write the annotated video of ``frames``; return copies of the ``wanted`` frames' pixels."""
    from groundup.render.video_out import write_annotated_video

    stills: dict[int, np.ndarray] = {}

    def keep(frame: Frame) -> None:
        if frame.index in wanted:
            stills[frame.index] = frame.rgb.copy()

    write_annotated_video(frames, a, path, on_frame=keep)
    return stills


def _counted(frames: Iterable[Frame]) -> Iterator[Frame]:
    from groundup.parallel import report

    n = 0
    for n, frame in enumerate(frames, 1):
        if n % PROGRESS_EVERY == 0:
            report("render", PROGRESS_EVERY)
        yield frame
    report("render", n % PROGRESS_EVERY)


def render_chunk(source: VideoSource, a: Analysis, start_s: float | None, end_s: float | None, first_index: int,
                 segment: Path) -> dict[int, np.ndarray]:
    """Draw one time chunk of the annotated video into ``segment`` (in a worker process or this one).

    Frames are read (decompressed) on a second thread while this one draws.
    """
    from groundup.pose.extract import prefetch
    from groundup.render.worst_rep import worst_rep_frames

    wanted = {f for f in worst_rep_frames(a).values() if f is not None}
    return _draw_video(_counted(prefetch(chunk_frames(source, a, start_s, end_s, first_index))), a, segment, wanted)


def chunk_frames(source: VideoSource, a: Analysis, start_s: float | None, end_s: float | None,
                 first_index: int) -> Iterator[Frame]:
    """The chunk's frames as the pose pass kept them (``source.spool``), or decoded again when it kept none."""
    if source.spool is None or not source.spool[0].exists():
        return source.frames(start_s, end_s, first_index)
    times = a.track.times_s
    stop = int(np.searchsorted(times, end_s - 1e-6)) if end_s is not None else len(times)
    return spooled_frames(source.spool[0], times[first_index:stop], first_index)


def write_stills_and_report(folder: Path, a: Analysis, result: dict, stills: dict[int, np.ndarray]) -> None:
    """Write worst_rep_<side>.png (for sides with a worst frame) and report.html.

    ``measures.png`` must already be in ``folder``: the report embeds it.
    """
    from groundup.render.report import render_report_html
    from groundup.render.worst_rep import worst_rep_frames, write_worst_rep_png

    assets: dict[str, str] = {}
    for side, index in worst_rep_frames(a).items():
        if index is not None and index in stills:
            path = folder / f"worst_rep_{side}.png"
            write_worst_rep_png(stills[index], a, side, index, path)
            assets[f"worst_rep_{side}"] = str(path)
    assets["plots"] = str(folder / "measures.png")
    (folder / "report.html").write_text(render_report_html(result, assets), encoding="utf-8")


def write_outputs(folder: Path, a: Analysis, result: dict, frames: Iterable[Frame]) -> None:
    """Write annotated.mp4, the stills, measures.png and report.html into ``folder``.

    ``frames`` is decoded once: the worst-rep stills are picked up while the video is written.
    """
    from groundup.render.plots import write_measure_plots
    from groundup.render.worst_rep import worst_rep_frames

    folder = Path(folder)
    wanted = {f for f in worst_rep_frames(a).values() if f is not None}
    stills = _draw_video(frames, a, folder / "annotated.mp4", wanted)
    write_measure_plots(a, folder / "measures.png")
    write_stills_and_report(folder, a, result, stills)
