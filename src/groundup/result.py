"""The analysis as data: ``result.json`` (versioned schema) and the per-frame table.

Schema ``groundup.assessment/1`` (documented in docs/result-schema.md):
top-level ``schema``, ``groundup_version``, ``created_utc``, ``video``, ``movement``,
``pose_model``, ``capture`` (the quality gate), ``reps``, ``sides`` (per side:
``knee`` and ``ankle`` findings), ``symmetry``, ``compensations``, ``screen`` (events and
rated criteria of the non-squat screens, else null), ``thresholds``,
``files`` and ``disclaimer``.
"""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from groundup import __version__
from groundup.analysis import Analysis
from groundup.pose.landmarks import SIDES
from groundup.video.reader import VideoInfo

SCHEMA = "groundup.assessment/1"
DISCLAIMER = "groundup is a screening aid, not a diagnosis. Pain, injury or doubt: see a physiotherapist or doctor."


def _num(v: float | None, digits: int = 4) -> float | None:
    return None if v is None or not np.isfinite(v) else round(float(v), digits)


def rep_rows(a: Analysis) -> list[dict]:
    """One dict per rep: timing, depth and each side's key values."""
    rows = []
    for s in a.summaries:
        r = s.rep
        row: dict[str, Any] = {
               "rep": r.number, "complete": r.complete, "start_frame": r.start, "bottom_frame": r.bottom,
               "end_frame": r.end, "start_s": _num(a.track.times_s[r.start], 3),
               "bottom_s": _num(a.track.times_s[r.bottom], 3), "end_s": _num(a.track.times_s[r.end], 3),
               "depth_leg_lengths": _num(r.depth, 3), "matched_depth_frame": s.matched_frame, "sides": {}}
        for side in SIDES:
            vals = s.side.get(side, {})
            row["sides"][side] = {k: {"value": _num(p.value), "frame": p.frame} for k, p in vals.items()}
        rows.append(row)
    return rows


def build_result(a: Analysis, info: VideoInfo, pose_model: str, options: dict) -> dict:
    """The ``result.json`` document."""
    return {
        "schema": SCHEMA,
        "groundup_version": __version__,
        "created_utc": datetime.now(UTC).isoformat(timespec="seconds"),
        "video": {"path": Path(info.path).name, "width": info.width, "height": info.height,
                  "rotation_deg": info.rotation_deg,
                  "nominal_fps": _num(info.nominal_fps, 3), "duration_s": _num(info.duration_s, 3),
                  "frames": len(a.track), "analysed_size": [a.track.width, a.track.height], **file_names(options)},
        "movement": {"requested": a.movement, "arms": a.arms, "note": arms_note(a.movement, a.arms),
                     "recognised": a.recognition},
        "pose_model": pose_model,
        "capture": a.quality.as_dict(),
        "baseline": {"available": a.baseline is not None},
        "reps": rep_rows(a),
        "sides": {s: {"knee": a.knees[s].as_dict(), "ankle": a.ankles[s].as_dict()} for s in SIDES},
        "symmetry": a.symmetry,
        "compensations": a.compensations,
        "screen": a.screen.as_dict() if a.screen else None,
        "thresholds": a.thresholds.as_dict(),
        "files": {"frames_csv": "frames.csv", "annotated_video": "annotated.mp4", "report": "report.html",
                  "plots": "measures.png", "worst_rep": {s: f"worst_rep_{s}.png" for s in SIDES}},
        "disclaimer": DISCLAIMER,
    }


def file_names(options: dict) -> dict:
    """The run's options with any file given as its name only: no folder of the machine it ran on."""
    return {k: Path(str(v)).name if k.endswith("video") and v else v for k, v in options.items()}


def arms_note(movement: str, arms: str) -> str:
    """Say when the arms did not match the movement asked for."""
    if movement == "overhead-squat" and arms != "overhead":
        return f"Arms were {arms}, not overhead: judged as a squat without the overhead arm position."
    if movement == "arms-down-squat" and arms == "overhead":
        return "Arms were overhead although an arms-down squat was named."
    return ""


FRAME_COLUMNS_FIXED = ("frame", "time_s", "valid", "invalid_reason", "depth", "rep")


def frame_table_csv(a: Analysis) -> str:
    """The per-frame CSV: time, validity, rep number, depth and every measure."""
    names = sorted(a.measures)
    rep_of = np.zeros(len(a.track), dtype=int)
    for r in a.reps:
        rep_of[r.start:r.end + 1] = r.number
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow([*FRAME_COLUMNS_FIXED, *names])
    for i in range(len(a.track)):
        values = ["" if not np.isfinite(a.measures[n][i]) else f"{a.measures[n][i]:.5g}" for n in names]
        depth = "" if not np.isfinite(a.depth[i]) else f"{a.depth[i]:.4f}"
        w.writerow([i, f"{a.track.times_s[i]:.4f}", int(bool(a.track.valid[i])), a.track.invalid_reason[i], depth,
                    rep_of[i] or "", *values])
    return buf.getvalue()
