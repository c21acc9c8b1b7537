"""Orchestration only: video -> poses -> analysis -> outputs. No maths, no drawing.

Pose inference and drawing run on time chunks of the clip, one per core
(``groundup.parallel``); the analysis in between needs the whole track.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from groundup.analysis import Analysis
from groundup.errors import NotAssessableError, UsageError
from groundup.exports.pose import CACHE as POSE_FILE
from groundup.exports.pose import save_track
from groundup.output import atomic_folder, check_target, write_json
from groundup.parallel import ChunkRunner, ProgressFn, time_chunks, worker_count
from groundup.pose.estimator import BlazePoseEstimator
from groundup.pose.extract import extract_chunk, warm_up
from groundup.pose.track import PoseTrack, merge_tracks
from groundup.result import build_result, frame_table_csv
from groundup.screens import SCREENS, analyse_screen
from groundup.screens.base import prepare
from groundup.screens.recognise import recognise, refused_analysis, set_aside
from groundup.screens.squat import add_side_view
from groundup.thresholds import load_thresholds
from groundup.video.reader import Roi, VideoSource

ANALYSIS_MAX_SIDE = 960  # pixels: the model works on a 256 px crop; landmarks match full-size frames
RENDER_MAX_SIDE = 720  # pixels of the annotated video (decoded straight to this size)


@dataclass(frozen=True)
class AssessOptions:
    """What the user chose for one assessment."""

    movement: str | None = "overhead-squat"  # None: recognise it from the pose sequence
    side_video: Path | None = None  # side view of the same overhead squat (compensation check)
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


def assess_video(video: Path, out: Path, options: AssessOptions, on_progress: ProgressFn | None = None,
                 runner: ChunkRunner | None = None) -> AssessOutcome:
    """Analyse ``video`` and write the analysis folder ``out`` atomically.

    ``runner``: workers already started and warm (a session's), else the call starts its own.
    """
    thresholds = load_thresholds(options.config)
    if options.side_video is not None and options.movement != "overhead-squat":
        raise UsageError("A side-view clip goes with an overhead squat: name the movement overhead-squat.")
    check_target(out)
    source = VideoSource(video, mirror=options.mirror, roi=options.roi, max_side=ANALYSIS_MAX_SIDE)
    side = VideoSource(options.side_video, max_side=ANALYSIS_MAX_SIDE) if options.side_video else None
    workers = options.workers or worker_count(source.info.duration_s)
    chunks = time_chunks(source.info.duration_s, workers)
    own = ChunkRunner(workers, warm=warm_up) if runner is None else contextlib.nullcontext(runner)
    with own as runner, atomic_folder(out) as tmp:
        sources = [source.spooling(tmp / f".frames-{k}", RENDER_MAX_SIDE) for k in range(len(chunks))]
        parts = runner.map(extract_chunk, [(src, start, end) for src, (start, end) in zip(sources, chunks)], "pose",
                           source.info.frame_count_hint, on_progress)
        track = merge_tracks(parts)
        check_track(track, video)
        analysis = analyse_clip(track, options.movement, thresholds, video)
        if side is not None:
            side_track = runner.map(extract_chunk, [(side, None, None)], "side", side.info.frame_count_hint,
                                    on_progress)[0]
            check_track(side_track, side.path)
            add_side_view(analysis, prepare(side_track, thresholds))
        roi = None if options.roi is None else list(vars(options.roi).values())
        result = build_result(analysis, source.info, BlazePoseEstimator.name, {"mirror": options.mirror, "roi": roi,
                              "side_video": str(options.side_video) if options.side_video else None})

        def write_data() -> None:
            write_json(tmp / "result.json", result)
            (tmp / "frames.csv").write_text(frame_table_csv(analysis), encoding="utf-8")
            save_track(analysis.track, tmp / POSE_FILE)  # the joints as tracked, for `groundup export`

        draw_outputs(runner, [src.resized(RENDER_MAX_SIDE, "FAST_BILINEAR") for src in sources], analysis, result,
                     chunks, tmp, on_progress, write_data)
    return AssessOutcome(out, result, analysis)


def analyse_clip(track: PoseTrack, movement: str | None, thresholds, video: Path) -> Analysis:
    """The named screen, or the one recognised from the pose sequence (saying so).

    A clip recognised as no screen, as a movement groundup does not screen, or as two screens
    is refused: the squat screen's measures with no trial and every verdict "insufficient",
    result.json saying what was seen. Frames lying on the floor (push-ups after the squats)
    are set aside before the recognised screen runs.
    """
    if movement is not None:
        return analyse_screen(track, movement, thresholds)
    prepared = prepare(track, thresholds)
    found = recognise(prepared, thresholds)
    if found.movement is None:
        return refused_analysis(prepared, found, thresholds)
    if set_aside(track, found):
        prepared = prepare(track, thresholds)
    analysis = SCREENS[found.movement].analyse_fn()(prepared, found.movement, thresholds)
    analysis.recognition = found.as_dict()
    return analysis


def check_track(track: PoseTrack, video: Path) -> None:
    """Refuse clips that hold nothing to analyse."""
    if len(track) < 2:
        raise NotAssessableError(f"'{video}' has a single frame; a video of several reps is needed.")
    if not track.detected.any():
        raise NotAssessableError(f"No person was found in '{video}'. Film the whole body from the front in good light.")


def draw_outputs(runner: ChunkRunner, sources: list[VideoSource], analysis: Analysis, result: dict,
                 chunks: list[tuple[float | None, float | None]], folder: Path,
                 on_progress: ProgressFn | None, meanwhile: Callable[[], None]) -> None:
    """Annotated video drawn chunk by chunk (from the frames the pose pass kept) and joined,
    then the stills and report.

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
             for source, (start, end), seg in zip(sources, chunks, segments)]
    stills: dict[int, np.ndarray] = {}
    for part in runner.map(render_chunk, calls, "render", len(times), on_progress, also_plot):
        stills.update(part)
    join_segments(segments, folder / "annotated.mp4")
    for seg in segments:
        seg.unlink(missing_ok=True)
    for source in sources:
        if source.spool is not None:
            source.spool[0].unlink(missing_ok=True)
    write_stills_and_report(folder, analysis, result, stills)


SESSION_MARKER = "session.json"


@dataclass
class ClipProblem:
    """A clip of a session that could not be analysed at all, and why."""

    video: Path
    message: str


@dataclass
class SessionOutcome:
    """Every clip's outcome, the cross-screen summary and where it was written."""

    folder: Path
    clips: list[AssessOutcome | ClipProblem]
    summary: dict

    @property
    def judged(self) -> bool:
        return all(isinstance(c, AssessOutcome) and c.judged for c in self.clips)


def open_all(videos: list[Path], options: AssessOptions) -> int:
    """Open every clip (and the side clip) before any long work, so a bad file fails first.

    Returns how many workers the longest clip is worth.
    """
    durations = [VideoSource(video, mirror=options.mirror, roi=options.roi, max_side=ANALYSIS_MAX_SIDE).info.duration_s
                 for video in [*videos, *([options.side_video] if options.side_video else [])]]
    return options.workers or max(worker_count(d) for d in durations)


def assess_session(videos: list[Path], movements: list[str | None], out: Path, options: AssessOptions,
                   on_progress: ProgressFn | None = None) -> SessionOutcome:
    """Analyse several clips of one person into ``out/<n>-<clip>/`` and compare the screens.

    One set of warm workers serves every clip. The side clip goes with the session's overhead
    squat. A clip with nobody to track is reported in the session instead of ending it; the
    folder appears whole or not at all.
    """
    from groundup.render.session_report import write_session_report
    from groundup.session import ClipEntry, session_summary

    check_target(out, SESSION_MARKER)
    workers = open_all(videos, options)
    clips: list[AssessOutcome | ClipProblem] = []
    with ChunkRunner(workers, warm=warm_up) as runner, atomic_folder(out, SESSION_MARKER) as tmp:
        side_left = options.side_video
        for k, (video, movement) in enumerate(zip(videos, movements), 1):
            side = side_left if movement == "overhead-squat" else None
            side_left = None if side else side_left
            clip_options = AssessOptions(movement, side, options.mirror, options.roi, options.config, options.workers)
            try:
                clips.append(assess_video(video, tmp / f"{k}-{video.stem}", clip_options, on_progress, runner))
            except NotAssessableError as exc:
                clips.append(ClipProblem(video, str(exc)))
        summary = session_summary([ClipEntry(v.name, c.folder.name, c.result) if isinstance(c, AssessOutcome)
                                   else ClipEntry(v.name, None, None, c.message) for v, c in zip(videos, clips)])
        write_json(tmp / SESSION_MARKER, summary)
        write_session_report(tmp / "session.html", summary)
    for c in clips:
        if isinstance(c, AssessOutcome):
            c.folder = out / c.folder.name
    return SessionOutcome(out, clips, summary)
