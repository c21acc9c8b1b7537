"""Measures over time as one PNG: depth, knee shift per side, knee angle, knee/ankle spacing."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np

from groundup.analysis import Analysis
from groundup.pose.landmarks import SIDES
from groundup.render.style import baseline_value, inside_foot, knee_cutoffs

SIDE_COLOUR = {"left": "#1f77b4", "right": "#d62728"}
BAND = {"mild": "#ffb000", "marked": "#e73830", "varus": "#3498ff"}


def runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """(first, last) index of each run of True values."""
    m = np.concatenate([[False], np.asarray(mask, bool), [False]])
    edges = np.flatnonzero(np.diff(m.astype(int)))
    return [(int(s), int(e) - 1) for s, e in zip(edges[::2], edges[1::2])]


def relative_shift(a: Analysis, side: str) -> np.ndarray:
    """Medial knee shift against standing over time, shank lengths."""
    name = f"{side}_knee_medial_offset"
    return a.measures[name] - baseline_value(a, name)


def _mark_reps_and_gaps(ax: plt.Axes, a: Analysis, label: bool) -> None:
    t = a.track.times_s
    for r in a.reps:
        ax.axvspan(t[r.start], t[r.end], color="0.88", zorder=0)
        if label:
            ax.text(t[r.bottom], 0.96, f"rep {r.number}", transform=ax.get_xaxis_transform(), ha="center",
                    va="top", fontsize=9, bbox={"fc": "white", "ec": "none", "alpha": 0.7, "pad": 1})
    for first, last in runs(~a.track.valid):
        ax.axvspan(t[first], t[last] + 1e-3, color="#e73830", alpha=0.25, hatch="//", lw=0, zorder=0)


def _depth(ax: plt.Axes, a: Analysis) -> None:
    ax.plot(a.track.times_s, a.depth, color="0.2")
    ax.invert_yaxis()
    ax.set_ylabel("hip drop\n(leg lengths)")
    ax.set_title("How deep: hip drop below standing (down = deeper)", loc="left", fontsize=10)


def inside_foot_series(a: Analysis, side: str) -> np.ndarray:
    """How far the knee sits inside its foot line over time, only where the verdict judges it (NaN elsewhere)."""
    return np.array([inside_foot(a, side, i) for i in range(len(a.track))])


def _shift(ax: plt.Axes, a: Analysis, side: str) -> None:
    cut = knee_cutoffs(a)
    y, foot = relative_shift(a, side), inside_foot_series(a, side)
    both = np.concatenate([y, foot])
    top = max(cut.marked * 1.3, float(np.nanmax(both)) * 1.1 if np.isfinite(both).any() else 0.0)
    bottom = min(cut.varus * 1.3, float(np.nanmin(both)) * 1.1 if np.isfinite(both).any() else 0.0)
    ax.axhspan(cut.mild, cut.marked, color=BAND["mild"], alpha=0.25, lw=0, label="caves in (mild)")
    ax.axhspan(cut.marked, top, color=BAND["marked"], alpha=0.2, lw=0, label="caves in (marked)")
    ax.axhspan(bottom, cut.varus, color=BAND["varus"], alpha=0.15, lw=0,
               label="pushed out (with knee outside the toes)")
    ax.axhline(0, color="0.5", lw=0.8, ls=":")
    ax.plot(a.track.times_s, y, color=SIDE_COLOUR[side], lw=1.6, label=f"{side} knee vs standing")
    if np.isfinite(foot).any():
        ax.plot(a.track.times_s, foot, color=SIDE_COLOUR[side], lw=1.4, ls="--", label="inside its foot line, deep")
        ax.axhline(cut.inside_mild, color="0.25", lw=1.0, ls="--", label="inside the foot from here")
    ax.set_ylim(bottom, top)
    ax.set_ylabel("knee inward\n(shin lengths)")
    ax.set_title(f"{side.upper()} knee: shift over the ankle vs standing, and (dashed, at depth) its place over "
                 "the foot (up = caving in)", loc="left", fontsize=10)
    ax.legend(loc="best", fontsize=8, ncol=2, framealpha=0.85)


def _fppa(ax: plt.Axes, a: Analysis) -> None:
    for side in SIDES:
        ax.plot(a.track.times_s, a.measures[f"{side}_knee_fppa_deg"], color=SIDE_COLOUR[side], label=f"{side} knee")
    ax.axhline(0, color="0.5", lw=0.8, ls=":")
    ax.set_ylabel("knee angle\n(deg)")
    ax.set_title("Knee angle in the picture (FPPA, + = inward); context only, it exaggerates at the bottom",
                 loc="left", fontsize=10)
    ax.legend(loc="upper right", fontsize=8, ncol=2)


def _kasr(ax: plt.Axes, a: Analysis) -> None:
    y = a.measures["knee_ankle_separation_ratio"]
    ax.plot(a.track.times_s, y, color="0.2")
    if np.isfinite(y).any():  # a near-zero ankle gap makes spikes: keep the useful range in view
        ax.set_ylim(0, min(3.0, max(1.5, 1.1 * float(np.nanpercentile(y, 99)))))
    ax.axhline(1.0, color="0.5", lw=0.8, ls=":")
    ax.set_ylabel("knee gap /\nankle gap")
    ax.set_title("Knee spacing over ankle spacing (below 1 = knees closer together than the feet)", loc="left",
                 fontsize=10)


def write_measure_plots(a: Analysis, path: str | Path) -> None:
    """Write the measures-over-time figure (reps shaded grey, unmeasured frames hatched red)."""
    fig, axes = plt.subplots(5, 1, figsize=(10, 12), sharex=True, dpi=90)
    _depth(axes[0], a)
    _shift(axes[1], a, "left")
    _shift(axes[2], a, "right")
    _fppa(axes[3], a)
    _kasr(axes[4], a)
    for k, ax in enumerate(axes):
        _mark_reps_and_gaps(ax, a, label=k == 0)
        ax.grid(alpha=0.3)
    axes[-1].set_xlabel("time (s)")
    if not a.quality.can_judge:
        fig.suptitle("This clip could not be judged (see the report): curves shown for reference only",
                     color="#b02020", fontsize=11)
    if not a.track.valid.all():
        fig.text(0.01, 0.005, "Red hatched: frames not measured (person lost or legs swapped).", fontsize=9,
                 color="#b02020")
    fig.tight_layout(rect=(0, 0.015, 1, 1))
    fig.savefig(str(path), format="png")
    plt.close(fig)
