"""Orchestration only: video -> poses -> analysis -> outputs. No maths, no drawing.

Pose inference and drawing run on time chunks of the clip, one per core
(``groundup.parallel``); the analysis in between needs the whole track.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np

from groundup.analysis import Analysis, analyse_track
from groundup.errors import NotAssessableError
from groundup.findings.thresholds import load_thresholds
from groundup.output import atomic_folder, check_target, write_json
from groundup.parallel import ChunkRunner, ProgressFn, time_chunks, worker_count
from groundup.pose.estimator import BlazePoseEstimator
from groundup.pose.extract import extract_chunk
from groundup.pose.track import PoseTrack, merge_tracks
from groundup.result import build_result, frame_table_csv
from groundup.video.reader import Roi, VideoSource

ANALYSIS_MAX_SIDE = 960  # pixels: the model works on a 256 px crop; landmarks match full-size frames
RENDER_MAX_SIDE = 720  # pixels of the annotated video (decoded straight to this size)


@dataclass(frozen=True)
class AssessOptions:
    """What the user chose for one assessment."""

    movement: str = "overhead-squat"
    mirror: bool = False
    roi: Roi | None = None
    config: Path | None = None
    workers: int | None = None  # None: one per core, for clips long enough to split


@dataclass
class AssessOutcome:
    """Where the results went and the result document."""

    folder: Path
    result: dict
    analysis: Analysis

    @property
    def judged(self) -> bool:
        return self.analysis.quality.can_judge


def assess_video(video: Path, out: Path, options: AssessOptions,
                 on_progress: ProgressFn | None = None) -> AssessOutcome:
    """Analyse ``video`` and write the analysis folder ``out`` atomically."""
    thresholds = load_thresholds(options.config)
    check_target(out)
    source = VideoSource(video, mirror=options.mirror, roi=options.roi, max_side=ANALYSIS_MAX_SIDE)
    workers = options.workers or worker_count(source.info.duration_s)
    chunks = time_chunks(source.info.duration_s, workers)
    with ChunkRunner(workers) as runner:
        parts = runner.map(extract_chunk, [(source, start, end) for start, end in chunks], "pose",
                           source.info.frame_count_hint, on_progress)
        track = merge_tracks(parts)
        check_track(track, video)
        analysis = analyse_track(track, options.movement, thresholds)
        roi = None if options.roi is None else list(vars(options.roi).values())
        result = build_result(analysis, source.info, BlazePoseEstimator.name, {"mirror": options.mirror, "roi": roi})
        with atomic_folder(out) as tmp:
            def write_data() -> None:
                write_json(tmp / "result.json", result)
                (tmp / "frames.csv").write_text(frame_table_csv(analysis), encoding="utf-8")

            draw_outputs(runner, source.resized(RENDER_MAX_SIDE, "FAST_BILINEAR"), analysis, result, chunks, tmp,
                         on_progress, write_data)
    return AssessOutcome(out, result, analysis)


def check_track(track: PoseTrack, video: Path) -> None:
    """Refuse clips that hold nothing to analyse."""
    if len(track) < 2:
        raise NotAssessableError(f"'{video}' has a single frame; a video of several reps is needed.")
    if not track.detected.any():
        raise NotAssessableError(f"No person was found in '{video}'. Film the whole body from the front in good light.")


def draw_outputs(runner: ChunkRunner, source: VideoSource, analysis: Analysis, result: dict,
                 chunks: list[tuple[float | None, float | None]], folder: Path,
                 on_progress: ProgressFn | None, meanwhile: Callable[[], None]) -> None:
    """Annotated video drawn chunk by chunk and joined, then the stills and report.

    ``meanwhile`` and the plots run here while the workers draw.
    """
    from groundup.render import render_chunk, write_stills_and_report
    from groundup.render.plots import write_measure_plots
    from groundup.render.video_out import join_segments

    def also_plot() -> None:
        meanwhile()
        write_measure_plots(analysis, folder / "measures.png")

    times = analysis.track.times_s
    segments = [folder / f".segment-{k}.mp4" for k in range(len(chunks))]
    calls = [(source, analysis, start, end, int(np.searchsorted(times, start - 1e-6)) if start else 0, seg)
             for (start, end), seg in zip(chunks, segments)]
    stills: dict[int, np.ndarray] = {}
    for part in runner.map(render_chunk, calls, "render", len(times), on_progress, also_plot):
        stills.update(part)
    join_segments(segments, folder / "annotated.mp4")
    for seg in segments:
        seg.unlink(missing_ok=True)
    write_stills_and_report(folder, analysis, result, stills)
