"""The knee's inward shift across re-tests, one panel per side, as a PNG.

Each point is one assessment: the knee's inward shift against standing in shank (shin)
lengths, + = caving in (``sides.<side>.knee.value`` of result.json).

How the measurement error is drawn: each point with an ``mdc`` gets a vertical bar of
± MDC/2 around its value, where ``mdc`` is the minimal detectable change (95 %) of the
comparison that produced the point's verdict. Two neighbouring bars that do not overlap
are (about) a real change; bars that overlap are within measurement noise. The baseline
has no comparison of its own, so it borrows the ``mdc`` of the next point on that side.
The bar is only a reading aid: the label on each point comes from the verdict that
``compare_assessments`` computed and is the authority ('improved' / 'worse' -> real change,
'no real change' -> within noise).

A point whose ``value`` is None (that side could not be measured) is drawn as an x on the
bottom edge with 'not measured'. The mild and marked valgus thresholds are horizontal lines
with the zones above them lightly shaded.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.dates as mdates
import matplotlib.pyplot as plt

from groundup.pose.landmarks import SIDES

VERDICTS = ("baseline", "improved", "worse", "no real change", "cannot compare")
LABEL = {"baseline": "baseline", "improved": "real change: better", "worse": "real change: worse",
         "no real change": "within noise", "cannot compare": "cannot compare"}
STYLE = {  # marker, face colour, edge colour
    "baseline": ("s", "#333333", "#333333"),
    "improved": ("o", "#27ae60", "#1e8449"),
    "worse": ("o", "#e74c3c", "#b03a2e"),
    "no real change": ("o", "white", "#555555"),
    "cannot compare": ("D", "white", "#999999"),
}
MAX_DATE_TICKS = 8
MILD_COLOUR, MARKED_COLOUR = "#ffb000", "#e73830"


@dataclass(frozen=True)
class ProgressPoint:
    """One assessment of one side, as the progress plot shows it."""

    when: datetime
    side: str  # left | right
    value: float | None  # inward knee shift against standing, shank lengths (+ = caving in); None = not measured
    mdc: float | None  # minimal detectable change of the comparison behind ``verdict``, shank lengths
    verdict: str  # baseline | improved | worse | no real change | cannot compare

    def __post_init__(self) -> None:
        if self.side not in SIDES:
            raise ValueError(f"ProgressPoint side must be one of {SIDES}, got {self.side!r}")
        if self.verdict not in VERDICTS:
            raise ValueError(f"ProgressPoint verdict must be one of {VERDICTS}, got {self.verdict!r}")



def _dates(days: list[datetime]) -> list[float]:
    """Matplotlib's day numbers for ``days`` (what its date axis plots)."""
    return [float(mdates.date2num(d)) for d in days]

def _half_bars(points: list[ProgressPoint]) -> list[float | None]:
    """± MDC/2 per point; the baseline borrows the next point's MDC."""
    bars: list[float | None] = []
    for i, p in enumerate(points):
        mdc = p.mdc
        if mdc is None and p.verdict == "baseline":
            mdc = next((q.mdc for q in points[i + 1:] if q.mdc is not None), None)
        bars.append(None if mdc is None or p.value is None else mdc / 2)
    return bars


def _y_limits(points: list[ProgressPoint], mild: float, marked: float) -> tuple[float, float]:
    bars = _half_bars(points)
    lows = [p.value - (b or 0) for p, b in zip(points, bars) if p.value is not None]
    highs = [p.value + (b or 0) for p, b in zip(points, bars) if p.value is not None]
    low = min([-0.1, *lows])
    high = max([marked + 0.08, *highs])
    pad = 0.08 * (high - low)
    return low - pad, high + pad


def _x_limits(points: list[ProgressPoint]) -> tuple[datetime, datetime]:
    times = [p.when for p in points]
    first, last = min(times), max(times)
    pad = max((last - first) * 0.12, timedelta(days=5))
    return first - pad, last + pad


def _panel(ax: plt.Axes, side: str, points: list[ProgressPoint], mild: float, marked: float,
           ylim: tuple[float, float], xlim: tuple[datetime, datetime] | None) -> None:
    ax.set_ylim(*ylim)
    ax.axhspan(mild, marked, color=MILD_COLOUR, alpha=0.10, zorder=0)
    ax.axhspan(marked, ylim[1], color=MARKED_COLOUR, alpha=0.08, zorder=0)
    ax.axhline(0, color="0.6", lw=1, zorder=1)
    ax.axhline(mild, color=MILD_COLOUR, lw=1.5, ls="--", zorder=1, label=f"mild caving in ({mild:.2f})")
    ax.axhline(marked, color=MARKED_COLOUR, lw=1.5, ls="--", zorder=1, label=f"marked caving in ({marked:.2f})")
    ax.set_title(f"{side.capitalize()} knee", fontsize=12, loc="left")
    ax.set_ylabel("knee moves inward (shin lengths)\n+ = caving in, 0 = as when standing")
    ax.grid(axis="y", color="0.9")
    if not points:
        ax.text(0.5, 0.5, "no assessments for this side yet", transform=ax.transAxes, ha="center", va="center",
                color="0.4")
        ax.set_xticks([])
        return
    if xlim is not None:
        ax.set_xlim(*_dates(list(xlim)))
    measured = [(p, day, p.value, b) for p, day, b in zip(points, _dates([p.when for p in points]), _half_bars(points))
                if p.value is not None]
    if len(measured) > 1:
        ax.plot([day for _, day, _, _ in measured], [v for _, _, v, _ in measured], color="0.55", lw=1.2, zorder=2)
    for p, day, value, bar in measured:
        marker, face, edge = STYLE[p.verdict]
        if bar is not None:
            ax.errorbar(day, value, yerr=bar, fmt="none", ecolor=edge, elinewidth=2, capsize=6, zorder=3)
        ax.plot(day, value, marker=marker, ms=10, mfc=face, mec=edge, mew=2, ls="none", zorder=4)
        ax.annotate(f"{LABEL[p.verdict]}\n{value:+.2f}", (day, value), xytext=(10, 0),
                    textcoords="offset points", va="center", fontsize=8.5, color="0.15",
                    bbox={"fc": "white", "ec": "none", "alpha": 0.75, "pad": 1}, zorder=5)
    for p in points:
        if p.value is None:
            where = _dates([p.when])
            ax.plot(where, [0.04], marker="x", ms=10, mew=2, color="0.4", transform=ax.get_xaxis_transform(),
                    clip_on=False, zorder=4)
            ax.text(where[0], 0.09, "not measured", transform=ax.get_xaxis_transform(), ha="center", fontsize=8.5,
                    color="0.35")
    if len(measured) == 1:
        ax.text(0.5, 0.97, "one assessment so far: the next re-test shows the change", transform=ax.transAxes,
                ha="center", va="top", fontsize=9, color="0.35")
    days = sorted({p.when for p in points})
    if len(days) <= MAX_DATE_TICKS:  # label each assessment's own date
        ax.set_xticks(_dates(days))
    else:
        ax.xaxis.set_major_locator(mdates.AutoDateLocator(minticks=2, maxticks=MAX_DATE_TICKS))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%d %b %Y"))
    ax.tick_params(axis="x", labelrotation=20)


def _legend(fig: plt.Figure, ax: plt.Axes, points: list[ProgressPoint]) -> None:
    handles, labels = ax.get_legend_handles_labels()
    shown = ["baseline", "improved", "worse", "no real change"]
    if any(p.verdict == "cannot compare" and p.value is not None for p in points):
        shown.append("cannot compare")
    for verdict in shown:
        marker, face, edge = STYLE[verdict]
        handles.append(plt.Line2D([], [], marker=marker, ms=8, mfc=face, mec=edge, mew=2, ls="none"))
        labels.append(LABEL[verdict])
    handles.append(plt.Line2D([], [], color="0.3", marker="|", ms=12, mew=2, ls="none"))
    labels.append("bar: ± half the smallest real change (no overlap = real change)")
    fig.legend(handles, labels, loc="lower center", ncol=4, fontsize=8.5, frameon=False)


def write_progress_plot(points: list[ProgressPoint], path: Path, *, mild: float, marked: float) -> None:
    """Write the two-panel progress PNG to ``path`` (see the module docstring for how to read it)."""
    by_side = {s: sorted((p for p in points if p.side == s), key=lambda p: p.when) for s in SIDES}
    xlim = _x_limits(list(points)) if points else None
    ylim = _y_limits(list(points), mild, marked)
    fig, axes = plt.subplots(1, 2, figsize=(12, 5.4), sharey=True)
    try:
        for ax, side in zip(axes, SIDES):
            _panel(ax, side, by_side[side], mild, marked, ylim, xlim)
        axes[1].set_ylabel("")
        fig.suptitle("Does the knee cave in less? Inward knee shift at each re-test", fontsize=13)
        _legend(fig, axes[0], list(points))
        fig.tight_layout(rect=(0, 0.1, 1, 0.97))
        fig.savefig(Path(path), dpi=110)
    finally:
        plt.close(fig)
