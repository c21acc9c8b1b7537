"""Accuracy of the pose pipeline's knee measures against hand-digitised joint centres.

The reference is ``benchmarks/annotations/hand_digitised.json``: hip, knee and ankle
centres of both legs, marked by eye on frames of real squat clips, independently of
any pose model. For every annotated frame this script runs the project's pipeline
(BlazePose over the whole clip, then confidence masking and the zero-phase filter)
and compares, per clip and phase (standing / descent / bottom):

* joint position error, in pixels and in % of the hand-measured standing shank;
* the signed knee FPPA of model vs hand, from raw per-frame landmarks and from the
  filtered track;
* the knee medial offset (shank lengths; the hand shank length is used for both).

Run from the repository root::

    .venv/bin/python benchmarks/accuracy.py [--clips DIR] [--frames]
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from rich.console import Console
from rich.table import Table

from groundup.metrics.knee import knee_fppa_deg, knee_medial_offset
from groundup.pipeline import ANALYSIS_MAX_SIDE
from groundup.pose.extract import extract_chunk
from groundup.pose.landmarks import INDEX, N_LANDMARKS, SIDES
from groundup.signals.filtering import FilterSettings, clean_series, mask_low_confidence
from groundup.video.reader import VideoSource

ROOT = Path(__file__).resolve().parents[1]
ANNOTATIONS = ROOT / "benchmarks" / "annotations" / "hand_digitised.json"
DEFAULT_CLIPS = ROOT / "tests" / "data" / "clips"
JOINTS: tuple[str, ...] = ("hip", "knee", "ankle")
PHASES: tuple[str, ...] = ("standing", "descent", "bottom")
MIN_VISIBILITY = 0.5


@dataclass(frozen=True)
class Annotation:
    """One hand-digitised frame."""

    clip: str
    frame: int
    phase: str
    points: dict[str, tuple[float, float]]


@dataclass(frozen=True)
class Comparison:
    """Hand vs model quantities for a set of frames; per-side arrays are (N, 2) in SIDES order."""

    annotations: list[Annotation]
    joint_err_raw: np.ndarray  # (N, 6) px, columns side-major: left hip, knee, ankle, right ...
    joint_err_filt: np.ndarray  # (N, 6) px
    shank_px: np.ndarray  # (N, 2) reference shank length of each side
    fppa: dict[str, np.ndarray]  # "hand" / "raw" / "filtered" -> (N, 2) deg
    offset: dict[str, np.ndarray]  # same keys -> (N, 2) shank lengths
    signed_err_raw: np.ndarray  # (N, 6, 2) model minus hand, px


def load_annotations(path: Path) -> list[Annotation]:
    """Read the hand-digitised reference file."""
    doc = json.loads(path.read_text())
    return [Annotation(d["clip"], int(d["frame"]), d["phase"],
                       {k: (float(v[0]), float(v[1])) for k, v in d["points"].items()})
            for d in doc["frames"]]


def joint_names() -> list[str]:
    """The six compared landmarks, side-major (matches the error columns)."""
    return [f"{side}_{joint}" for side in SIDES for joint in JOINTS]


def hand_landmarks(annotations: list[Annotation]) -> np.ndarray:
    """(N, 33, 2) BlazePose-shaped array: NaN except the six hand-marked joints."""
    xy = np.full((len(annotations), N_LANDMARKS, 2), np.nan)
    for i, ann in enumerate(annotations):
        for name in joint_names():
            xy[i, INDEX[name]] = ann.points[name]
    return xy


def model_landmarks(clip_path: Path) -> tuple[np.ndarray, np.ndarray]:
    """Raw and filtered (T, 33, 2) landmarks of the whole clip, as the pipeline gets them,
    scaled to the clip's full-size pixels (the pipeline feeds the model smaller frames)."""
    source = VideoSource(clip_path, max_side=ANALYSIS_MAX_SIDE)
    track = extract_chunk(source, None, None)
    masked = mask_low_confidence(track.image_xy, track.visibility, track.valid, MIN_VISIBILITY)
    filtered = clean_series(track.times_s, masked, FilterSettings())
    to_full = np.array([source.info.width / track.width, source.info.height / track.height])
    return track.image_xy * to_full, filtered * to_full


def six_joints(xy: np.ndarray) -> np.ndarray:
    """(N, 6, 2) positions of the compared joints, side-major."""
    return xy[:, [INDEX[name] for name in joint_names()]]


def standing_shank_px(hand: np.ndarray, annotations: list[Annotation]) -> np.ndarray:
    """(2,) median hand knee-ankle distance per side over the clip's standing frames.

    The shank is foreshortened in the squat, so the upright length is the yardstick
    for every frame of the clip, for the model's measures as well as the hand's.
    """
    standing = np.array([a.phase == "standing" for a in annotations])
    rows = hand[standing] if standing.any() else hand
    lengths = [np.linalg.norm(rows[:, INDEX[f"{s}_knee"]] - rows[:, INDEX[f"{s}_ankle"]], axis=1)
               for s in SIDES]
    return np.array([np.median(v) for v in lengths])


def per_side(fn: Callable[[np.ndarray, str], np.ndarray], xy: np.ndarray) -> np.ndarray:
    """(N, 2) result of a per-side metric ``fn(xy, side)`` for both sides."""
    return np.stack([fn(xy, side) for side in SIDES], axis=1)


def medial_offsets(xy: np.ndarray, shank_px: np.ndarray) -> np.ndarray:
    """(N, 2) knee medial offset of each side, in that side's hand shank lengths."""
    return np.stack([knee_medial_offset(xy, side, shank_px[:, k]) for k, side in enumerate(SIDES)], axis=1)


def compare_clip(annotations: list[Annotation], clip_path: Path) -> Comparison:
    """Run the pipeline on one clip and compare it at the annotated frames."""
    raw_all, filt_all = model_landmarks(clip_path)
    frames = np.array([a.frame for a in annotations])
    if frames.max() >= len(raw_all):
        raise ValueError(f"{clip_path.name}: annotated frame {frames.max()} beyond the {len(raw_all)} decoded")
    hand, raw, filt = hand_landmarks(annotations), raw_all[frames], filt_all[frames]
    shank = np.tile(standing_shank_px(hand, annotations), (len(annotations), 1))
    signed = six_joints(raw) - six_joints(hand)
    variants = {"hand": hand, "raw": raw, "filtered": filt}
    return Comparison(
        annotations=annotations,
        joint_err_raw=np.linalg.norm(signed, axis=2),
        joint_err_filt=np.linalg.norm(six_joints(filt) - six_joints(hand), axis=2),
        shank_px=shank,
        fppa={k: per_side(knee_fppa_deg, v) for k, v in variants.items()},
        offset={k: medial_offsets(v, shank) for k, v in variants.items()},
        signed_err_raw=signed,
    )


def merge(parts: list[Comparison]) -> Comparison:
    """Concatenate comparisons of several clips."""

    def cat(get: Callable[[Comparison], np.ndarray]) -> np.ndarray:
        return np.concatenate([get(p) for p in parts])

    return Comparison(
        annotations=[a for p in parts for a in p.annotations],
        joint_err_raw=cat(lambda p: p.joint_err_raw),
        joint_err_filt=cat(lambda p: p.joint_err_filt),
        shank_px=cat(lambda p: p.shank_px),
        fppa={k: cat(lambda p, k=k: p.fppa[k]) for k in parts[0].fppa},
        offset={k: cat(lambda p, k=k: p.offset[k]) for k in parts[0].offset},
        signed_err_raw=cat(lambda p: p.signed_err_raw),
    )


def mae(a: np.ndarray, b: np.ndarray) -> float:
    """NaN-safe mean absolute difference."""
    d = np.abs(np.asarray(a) - np.asarray(b))
    return float(np.nanmean(d)) if np.isfinite(d).any() else float("nan")


def summary_row(c: Comparison, mask: np.ndarray) -> list[str]:
    """Formatted table cells for the frames selected by ``mask``."""
    shank6 = np.repeat(c.shank_px[mask], len(JOINTS), axis=1)
    err = c.joint_err_raw[mask]
    by_joint = [np.nanmean(err[:, [k, k + len(JOINTS)]]) for k in range(len(JOINTS))]
    hand_f, hand_o = c.fppa["hand"][mask], c.offset["hand"][mask]
    return [str(int(mask.sum())), *(f"{v:.1f}" for v in by_joint), f"{np.nanmean(err):.1f}",
             f"{100 * np.nanmean(err / shank6):.1f}", f"{np.nanmean(c.joint_err_filt[mask]):.1f}",
             f"{mae(c.fppa['raw'][mask], hand_f):.1f}", f"{mae(c.fppa['filtered'][mask], hand_f):.1f}",
             f"{mae(c.offset['raw'][mask], hand_o):.3f}", f"{mae(c.offset['filtered'][mask], hand_o):.3f}"]


def summary_table(results: dict[str, Comparison]) -> Table:
    """Per clip and overall, all frames and each phase."""
    table = Table(title="Pose pipeline vs hand-digitised joint centres (MAE)")
    headers = ["clip", "phase", "n", "hip px", "knee px", "ankle px", "joints px", "% shank",
               "joints px filt", "FPPA° raw", "FPPA° filt", "offset raw", "offset filt"]
    for h in headers:
        table.add_column(h, justify="left" if h in ("clip", "phase") else "right")
    for name, comp in results.items():
        phases = np.array([a.phase for a in comp.annotations])
        table.add_row(Path(name).stem, "all", *summary_row(comp, np.ones(len(phases), bool)), style="bold")
        for phase in PHASES:
            if (phases == phase).any():
                table.add_row("", phase, *summary_row(comp, phases == phase))
        table.add_section()
    return table


def lateral_sign(c: Comparison) -> np.ndarray:
    """(N, 6) +1 where image +x points laterally for that joint's side, from the hand hips."""
    left_x = np.array([a.points["left_hip"][0] for a in c.annotations])
    right_x = np.array([a.points["right_hip"][0] for a in c.annotations])
    left = np.sign(left_x - right_x)[:, None]
    return np.concatenate([np.repeat(left, len(JOINTS), 1), np.repeat(-left, len(JOINTS), 1)], axis=1)


def bias_table(c: Comparison) -> Table:
    """Mean signed model-minus-hand offset of each joint, lateral (+ outward) and down (+)."""
    table = Table(title="Model minus hand, mean signed px (raw landmarks)")
    for h in ("phase", "joint", "lateral +out", "down +", "mean |error| px"):
        table.add_column(h, justify="left" if h in ("phase", "joint") else "right")
    lateral = c.signed_err_raw[..., 0] * lateral_sign(c)
    down = c.signed_err_raw[..., 1]
    phases = np.array([a.phase for a in c.annotations])
    for phase in PHASES:
        rows = phases == phase
        for k, joint in enumerate(JOINTS):
            cols = [k, k + len(JOINTS)]
            lat, dn, err = (np.nanmean(m[rows][:, cols]) for m in (lateral, down, c.joint_err_raw))
            table.add_row(phase if k == 0 else "", joint, f"{lat:+.1f}", f"{dn:+.1f}", f"{err:.1f}")
        table.add_section()
    return table


def frame_table(c: Comparison) -> Table:
    """Per frame and side: hand vs model FPPA and medial offset, and the worst joint."""
    table = Table(title="Per frame (raw model landmarks)")
    for h in ("clip", "frame", "phase", "side", "FPPA hand", "FPPA raw", "FPPA filt",
              "offset hand", "offset raw", "worst joint px"):
        table.add_column(h, justify="left" if h in ("clip", "phase", "side") else "right")
    names = joint_names()
    for i, ann in enumerate(c.annotations):
        for k, side in enumerate(SIDES):
            cols = [j for j, n in enumerate(names) if n.startswith(side)]
            worst = cols[int(np.nanargmax(c.joint_err_raw[i, cols]))]
            table.add_row(ann.clip.split("_")[0], str(ann.frame), ann.phase, side,
                          f"{c.fppa['hand'][i, k]:+.1f}", f"{c.fppa['raw'][i, k]:+.1f}",
                          f"{c.fppa['filtered'][i, k]:+.1f}", f"{c.offset['hand'][i, k]:+.3f}",
                          f"{c.offset['raw'][i, k]:+.3f}",
                          f"{names[worst].split('_')[1]} {c.joint_err_raw[i, worst]:.1f}")
    return table


def parse_args() -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clips", type=Path, default=DEFAULT_CLIPS, help="folder holding the clips")
    parser.add_argument("--annotations", type=Path, default=ANNOTATIONS, help="hand-digitised JSON")
    parser.add_argument("--frames", action="store_true", help="also print the per-frame table")
    return parser.parse_args()


def main() -> None:
    """Compare every annotated clip and print the tables."""
    args = parse_args()
    console = Console(width=170)
    annotations = load_annotations(args.annotations)
    results: dict[str, Comparison] = {}
    for clip in dict.fromkeys(a.clip for a in annotations):
        start = time.perf_counter()
        results[clip] = compare_clip([a for a in annotations if a.clip == clip], args.clips / clip)
        console.print(f"{clip}: pose track in {time.perf_counter() - start:.0f} s")
    overall = merge(list(results.values()))
    console.print(summary_table({**results, "overall": overall}))
    console.print("px = Euclidean joint error of raw per-frame landmarks; % shank = same over the hand standing "
                  "shank; FPPA° = |model - hand| signed FPPA (+ valgus); offset = |model - hand| knee medial "
                  "offset in hand shank lengths.")
    console.print(bias_table(overall))
    if args.frames:
        console.print(frame_table(overall))


if __name__ == "__main__":
    main()
