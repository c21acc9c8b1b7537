"""Smallest inward knee shift the whole pipeline detects, pose model included, on real squats.

Frames of the shared real front-view squats (UCSD: reps 1-2, every second frame;
LiftCheck: every frame; both at half size) are edited so that one knee moves toward
the midline by a known share of the shank length, growing with squat depth to the
amplitude at the deepest frame, by two kinds of collapse (tests/known_edits.py):
``bend`` (the leg bends: thigh about the hip, shank about the ankle) and ``shift``
(the region around the knee slides, a Gaussian-weighted displacement). Each edited
clip goes through BlazePose and the verdict. Per clip, kind, knee and amplitude
(0 = the unedited control) the table gives the measured inward shift (the verdict's
value) with the model's knee and with the knee refined by the pixel flow, the share
of the applied shift each knee followed near full depth, and both knees' verdicts.
With ``--alternatives`` it also compares, at a few amplitudes, the other candidate
knee positions of issue 10 (segmentation-mask leg centre, a second model pass on an
enlarged crop) and all methods against the hand-digitised knee centres.

Run from the repository root (edited clips and pose tracks are cached in ``--cache``;
empty it when the edits or the pose code change)::

    .venv/bin/python benchmarks/detection_limit.py [--cache DIR] [--alternatives]
"""

from __future__ import annotations

import argparse
import copy
import pickle
import sys
import tempfile
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))  # the known-answer edits and the small video writers the tests use
sys.path.insert(0, str(ROOT / "benchmarks"))

from groundup.findings.verdicts import INSIDE_FOOT, Finding  # noqa: E402
from groundup.pipeline import ANALYSIS_MAX_SIDE  # noqa: E402
from groundup.pose.extract import extract_chunk  # noqa: E402
from groundup.pose.track import PoseTrack  # noqa: E402
from groundup.screens.squat import analyse_squat, analyse_track  # noqa: E402
from groundup.thresholds import Thresholds, load_thresholds  # noqa: E402
from groundup.video.reader import VideoSource  # noqa: E402
from hand_check import hand_table  # noqa: E402
from knee_flow import KneeFlow, measure_track_flow  # noqa: E402
from knee_methods import Box, flow_prepared, follow_ratio, knee_x, legs_box, model_knee_x  # noqa: E402
from known_edits import collapse_knee_in_frames, depth_profile, knee_shift_px, shank_px  # noqa: E402
from videos import clip_frames, write_mp4  # noqa: E402

SIDES = ("left", "right")
KINDS = ("bend", "shift")
CLIP_DIRS = (ROOT / "tests" / "data" / "clips", ROOT / "samples", ROOT.parent / "shared" / "data" / "clips")
DEEP = 0.8  # share of full depth from which the follow ratio is read


@dataclass(frozen=True)
class ClipSpec:
    """Which frames of a shared clip are edited: ``start..stop`` every ``step``-th, half size."""

    name: str
    file: str
    start: int
    stop: int
    step: int


CLIPS = (ClipSpec("UCSD", "ucsd_front_squat.mp4", 60, 330, 2),
         ClipSpec("LiftCheck", "liftcheck_back_squat_front.mp4", 0, 175, 1))


def find_clip(file: str) -> Path:
    """The shared clip ``file`` from the first folder that holds it."""
    for folder in CLIP_DIRS:
        if (folder / file).exists():
            return folder / file
    raise SystemExit(f"{file} not found in {', '.join(map(str, CLIP_DIRS))}: the benchmark needs the shared clips")


class Clips:
    """Edited clips, their pose tracks, knee flow and other methods' knees, cached in a folder."""

    def __init__(self, cache: Path) -> None:
        self.cache = cache
        cache.mkdir(parents=True, exist_ok=True)

    def plain(self, spec: ClipSpec) -> Path:
        path = self.cache / f"{spec.name}-plain.mp4"
        if not path.exists():
            write_mp4(path, clip_frames(find_clip(spec.file), spec.start, spec.stop, spec.step))
        return path

    def edited(self, spec: ClipSpec, base: PoseTrack, kind: str, side: str, amplitude: float) -> Path:
        path = self.cache / f"{spec.name}-{kind}-{side}-{amplitude:.2f}.mp4"
        if not path.exists():
            frames = (f.rgb for f in VideoSource(self.plain(spec)).frames())
            write_mp4(path, collapse_knee_in_frames(frames, base, side, amplitude, kind))
        return path

    def model_x(self, path: Path, box: Box, shank: float) -> dict[str, np.ndarray]:
        """The mask and crop methods' raw knee x for ``path`` (a model pass of their own)."""
        stored = self.cache / f"{path.stem}.alternatives.pkl"
        if stored.exists():
            return pickle.loads(stored.read_bytes())
        xs = model_knee_x(path, box, shank)
        stored.write_bytes(pickle.dumps(xs))
        return xs

    def track(self, path: Path) -> PoseTrack:
        """The pipeline's pose track of ``path`` read in one chunk."""
        stored = self.cache / f"{path.stem}.track.pkl"
        if stored.exists():
            return pickle.loads(stored.read_bytes())
        track = extract_chunk(VideoSource(path, max_side=ANALYSIS_MAX_SIDE), None, None)
        stored.write_bytes(pickle.dumps(track))
        return track

    def flow(self, path: Path) -> KneeFlow:
        """The pixel flow around the knees of ``path``, grids laid on its track's landmarks."""
        stored = self.cache / f"{path.stem}.flow.npz"
        if stored.exists():
            with np.load(stored) as arrays:
                return KneeFlow(arrays["points"], arrays["moved"], arrays["error"])
        frames = (f.rgb for f in VideoSource(path, max_side=ANALYSIS_MAX_SIDE).frames())
        flow = measure_track_flow(frames, self.track(path).image_xy)
        np.savez(stored, points=flow.points, moved=flow.moved, error=flow.error)
        return flow


@dataclass
class Row:
    """One edited (or control) clip's figures."""

    clip: str
    kind: str
    side: str
    amplitude: float
    shift: dict[str, float]  # pipeline ("landmark"/"flow") -> the pushed knee's verdict value
    verdicts: dict[str, str]  # pipeline -> "left/right" verdicts
    follows: dict[str, float] = field(default_factory=dict)  # knee method -> share followed
    inside: dict[str, float] = field(default_factory=dict)  # pipeline -> the pushed knee over its foot at depth


def verdicts(track: PoseTrack, flow: KneeFlow, th: Thresholds) -> tuple[dict[str, dict], dict[str, dict],
                                                                       dict[str, str]]:
    """Each knee's change against standing, its place over the foot at depth (the verdict's two criteria)
    and both verdicts, with the model's knee and with the flow-refined knee."""
    values, inside, words = {}, {}, {}
    analyses = {"landmark": analyse_track(copy.deepcopy(track), "arms-down-squat", th),
                "flow": analyse_squat(flow_prepared(track, flow, th)[0], "arms-down-squat", th)}
    for pipeline, a in analyses.items():
        values[pipeline] = {s: a.knees[s].summary_value for s in SIDES}
        inside[pipeline] = {s: _inside_foot(a.knees[s]) for s in SIDES}
        words[pipeline] = "/".join(a.knees[s].verdict for s in SIDES)
    return values, inside, words


def _inside_foot(finding: Finding) -> float:
    """The median over reps of the knee's place over its foot line at depth (NaN when not judged)."""
    checks = [c for c in finding.checks if c.name == INSIDE_FOOT]
    return checks[0].median if checks else float("nan")


def measure_clip(spec: ClipSpec, clips: Clips, th: Thresholds, amplitudes: list[float], kinds: list[str],
                 alternatives: list[float]) -> list[Row]:
    plain = clips.plain(spec)
    base = clips.track(plain)
    box, shank = legs_box(base), shank_px(base, "left")
    deep = depth_profile(base) >= DEEP
    base_flow = clips.flow(plain)
    base_x = knee_x(base, base_flow, th, clips.model_x(plain, box, shank) if alternatives else None)
    values, inside, words = verdicts(base, base_flow, th)
    rows = [Row(spec.name, "control", side, 0.0, {p: v[side] for p, v in values.items()}, words,
                inside={p: v[side] for p, v in inside.items()}) for side in SIDES]
    for kind in kinds:
        for side in SIDES:
            k = SIDES.index(side)
            for amp in amplitudes:
                path = clips.edited(spec, base, kind, side, amp)
                track, flow = clips.track(path), clips.flow(path)
                values, inside, words = verdicts(track, flow, th)
                alt = any(abs(amp - a) < 1e-9 for a in alternatives)
                xs = knee_x(track, flow, th, clips.model_x(path, box, shank) if alt else None)
                applied = knee_shift_px(base, side, amp)[:, 0]
                follows = {m: follow_ratio(base_x[m][:, k], x[:, k], applied, deep) for m, x in xs.items()}
                rows.append(Row(spec.name, kind, side, amp, {p: v[side] for p, v in values.items()}, words, follows,
                                {p: v[side] for p, v in inside.items()}))
                shares = ", ".join(f"{m} {f:.0%}" for m, f in follows.items())
                print(f"  {spec.name} {kind} {side} {amp:.2f}: {shares}", file=sys.stderr)
    return rows


def _pct(value: float | None) -> str:
    return "" if value is None or not np.isfinite(value) else f"{value:.0%}"


def _num(value: float | None) -> str:
    return "" if value is None or not np.isfinite(value) else f"{value:+.3f}"


def results_table(rows: list[Row]) -> Table:
    table = Table(title="Knee moved inward in real frames: measured shift, share followed, verdicts (left/right)")
    for col in ("clip", "collapse", "knee", "added", "measured (model knee)", "measured (flow knee)",
                "model knee followed", "flow knee followed", "verdicts (model knee)", "verdicts (flow knee)"):
        table.add_column(col, justify="right")
    for r in rows:
        table.add_row(r.clip, r.kind, r.side, f"{r.amplitude:.2f}", _num(r.shift["landmark"]), _num(r.shift["flow"]),
                      _pct(r.follows.get("landmark")), _pct(r.follows.get("flow")), r.verdicts["landmark"],
                      r.verdicts["flow"])
    return table


def _both(row: Row, pipeline: str = "landmark") -> str:
    """The two criteria's values of a row's pushed knee."""
    return f"{_num(row.shift[pipeline])} / {_num(row.inside.get(pipeline))}"


def _verdict(row: Row, side: str, pipeline: str = "landmark") -> str:
    return row.verdicts[pipeline].split("/")[SIDES.index(side)]


def summary_table(rows: list[Row]) -> Table:
    """One line per clip, collapse and pushed knee, with the pipeline's (model) knee."""
    shown = (0.3, 0.5, 1.0)
    table = Table(title="Summary (pipeline as shipped: the model's knee); shifts in shank lengths, each cell the "
                        "change against standing / the knee over its foot line at depth")
    for col in ("clip", "collapse", "knee", "control", *(f"measured at {a}" for a in shown), "followed at 0.5",
                "smallest valgus", "other knee's verdicts"):
        table.add_column(col, justify="right")
    for clip in dict.fromkeys(r.clip for r in rows):
        control = {r.side: r for r in rows if r.clip == clip and r.kind == "control"}
        for kind in KINDS:
            for side in SIDES:
                mine = [r for r in rows if (r.clip, r.kind, r.side) == (clip, kind, side)]
                if not mine:
                    continue
                at = {round(r.amplitude, 2): r for r in mine}
                hits = [r.amplitude for r in mine if _verdict(r, side) == "valgus"]
                other = "right" if side == "left" else "left"
                table.add_row(clip, kind, side, _both(control[side]),
                              *(_both(at[a]) if a in at else "" for a in shown),
                              _pct(at[0.5].follows.get("landmark")) if 0.5 in at else "",
                              f"{min(hits):.1f}" if hits else "none",
                              ", ".join(sorted({_verdict(r, other) for r in mine})))
    return table


def limits(rows: list[Row], pipeline: str) -> list[str]:
    """Smallest amplitude judged valgus on the pushed knee, per clip, kind and knee."""
    out = []
    for clip in dict.fromkeys(r.clip for r in rows):
        for kind in KINDS:
            for side in SIDES:
                hits = [r.amplitude for r in rows if (r.clip, r.kind, r.side) == (clip, kind, side)
                        and _verdict(r, side, pipeline) == "valgus"]
                if any(r.kind == kind for r in rows if r.clip == clip):
                    out.append(f"{clip} {kind} {side}: " + (f"{min(hits):.1f}" if hits else "none"))
    return out


def alternatives_table(rows: list[Row]) -> Table:
    """Mean share followed per knee method and amplitude, over clips, kinds and knees."""
    methods = list(dict.fromkeys(m for r in rows for m in r.follows))
    table = Table(title="Share of the applied shift each knee method followed near full depth (mean, min-max)")
    table.add_column("added", justify="right")
    for m in methods:
        table.add_column(m, justify="right")
    for amp in sorted({r.amplitude for r in rows if len(r.follows) > 2}):
        cells = []
        for m in methods:
            v = np.array([r.follows[m] for r in rows if r.amplitude == amp and m in r.follows])
            cells.append(f"{np.nanmean(v):.0%} ({np.nanmin(v):.0%}-{np.nanmax(v):.0%})" if v.size else "")
        table.add_row(f"{amp:.2f}", *cells)
    return table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--amplitudes", type=float, nargs="+", default=[round(0.1 * k, 1) for k in range(1, 11)])
    parser.add_argument("--kinds", nargs="+", choices=KINDS, default=list(KINDS))
    parser.add_argument("--clips", nargs="+", choices=[c.name for c in CLIPS], default=[c.name for c in CLIPS])
    parser.add_argument("--cache", type=Path, help="folder for edited clips and pose tracks (default: a temporary one)")
    parser.add_argument("--alternatives", type=float, nargs="*", metavar="AMP",
                        help="also measure the mask and crop methods at these amplitudes (default 0.5 1.0) "
                             "and every method against the hand-digitised knees")
    args = parser.parse_args()
    alternatives = [] if args.alternatives is None else (args.alternatives or [0.5, 1.0])
    warnings.simplefilter("ignore")
    th = load_thresholds()
    console = Console(width=200)
    with tempfile.TemporaryDirectory() as tmp:
        clips = Clips(args.cache or Path(tmp))
        rows = [r for spec in CLIPS if spec.name in args.clips
                for r in measure_clip(spec, clips, th, args.amplitudes, args.kinds, alternatives)]
        console.print(results_table(rows))
        console.print(summary_table(rows))
        for pipeline, label in (("landmark", "model knee"), ("flow", "flow knee")):
            console.print(f"smallest amplitude judged valgus ({label}): " + "; ".join(limits(rows, pipeline)))
        if alternatives:
            console.print(alternatives_table(rows))
            console.print(hand_table([find_clip(c.file) for c in CLIPS if c.name in args.clips], clips, th))


if __name__ == "__main__":
    main()
