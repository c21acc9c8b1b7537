"""Orchestration only: video -> poses -> analysis -> outputs. No maths, no drawing."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from groundup.analysis import Analysis, analyse_track
from groundup.errors import NotAssessableError
from groundup.findings.thresholds import load_thresholds
from groundup.output import atomic_folder, check_target, write_json
from groundup.pose.crowd import OtherPersonProbe
from groundup.pose.estimator import BlazePoseEstimator
from groundup.pose.extract import extract_pose_track
from groundup.result import build_result, frame_table_csv
from groundup.video.reader import Roi, VideoSource

ANALYSIS_MAX_SIDE = 1280  # pixels: the pose model sees a 256 px crop, larger frames add only decode cost


@dataclass(frozen=True)
class AssessOptions:
    """What the user chose for one assessment."""

    movement: str = "overhead-squat"
    mirror: bool = False
    roi: Roi | None = None
    config: Path | None = None


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
                 on_progress: Callable[[str, int, int], None] | None = None) -> AssessOutcome:
    """Analyse ``video`` and write the analysis folder ``out`` atomically."""
    from groundup.render import write_outputs  # drawing stack loaded only when outputs are written

    thresholds = load_thresholds(options.config)
    check_target(out)
    source = VideoSource(video, mirror=options.mirror, roi=options.roi, max_side=ANALYSIS_MAX_SIDE)
    probe = OtherPersonProbe()
    try:
        with BlazePoseEstimator() as estimator:
            track = extract_pose_track(source, estimator,
                                       (lambda i, n: on_progress("pose", i, n)) if on_progress else None, probe)
            pose_model = estimator.name
    finally:
        probe.close()
    if len(track) < 2:
        raise NotAssessableError(f"'{video}' has a single frame; a video of several reps is needed.")
    if not track.detected.any():
        raise NotAssessableError(f"No person was found in '{video}'. Film the whole body from the front in good light.")
    analysis = analyse_track(track, options.movement, thresholds)
    options_info = {"mirror": options.mirror, "roi": None if options.roi is None else list(vars(options.roi).values())}
    result = build_result(analysis, source.info, pose_model, options_info)
    with atomic_folder(out) as tmp:
        write_json(tmp / "result.json", result)
        (tmp / "frames.csv").write_text(frame_table_csv(analysis), encoding="utf-8")
        frames = source.frames()
        if on_progress:
            frames = _counting(frames, len(track), on_progress)
        write_outputs(tmp, analysis, result, frames)
    return AssessOutcome(out, result, analysis)


def _counting(frames, total: int, on_progress: Callable[[str, int, int], None]):
    for i, frame in enumerate(frames, 1):
        on_progress("render", i, total)
        yield frame
