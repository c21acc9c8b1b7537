"""Outputs a person looks at: annotated video, worst-rep stills, plots and the HTML report."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import numpy as np

from groundup.analysis import Analysis
from groundup.video.reader import Frame

__all__ = ["write_outputs"]


def write_outputs(folder: Path, a: Analysis, result: dict, frames: Iterable[Frame]) -> None:
    """Write annotated.mp4, worst_rep_<side>.png, measures.png and report.html into ``folder``.

    ``frames`` is decoded once: the worst-rep stills are picked up while the video is written.
    """
    from groundup.render.plots import write_measure_plots
    from groundup.render.report import render_report_html
    from groundup.render.video_out import write_annotated_video
    from groundup.render.worst_rep import worst_rep_frames, write_worst_rep_png

    folder = Path(folder)
    wanted = {side: f for side, f in worst_rep_frames(a).items() if f is not None}
    stills: dict[int, np.ndarray] = {}

    def keep(frame: Frame) -> None:
        if frame.index in wanted.values():
            stills[frame.index] = frame.rgb.copy()

    write_annotated_video(frames, a, folder / "annotated.mp4", on_frame=keep)
    assets: dict[str, str] = {}
    for side, index in wanted.items():
        if index in stills:
            path = folder / f"worst_rep_{side}.png"
            write_worst_rep_png(stills[index], a, side, index, path)
            assets[f"worst_rep_{side}"] = str(path)
    write_measure_plots(a, folder / "measures.png")
    assets["plots"] = str(folder / "measures.png")
    (folder / "report.html").write_text(render_report_html(result, assets), encoding="utf-8")
