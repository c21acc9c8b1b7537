"""Per-frame annotation of the video: skeleton, the line each knee is judged against, its value, rep counter.

Sides are named from the landmark names, never from image position: in a front
view the person's left side appears on the right of the picture.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from groundup.analysis import Analysis
from groundup.metrics.knee import level_with_knee
from groundup.pose.landmarks import INDEX, SIDES, SKELETON, idx
from groundup.render import draw
from groundup.render.style import (
    RED,
    STATE_COLOUR,
    STATE_WORDS,
    WHITE,
    foot_words,
    inside_foot,
    knee_cutoffs,
    knee_shift,
    knee_state,
    shift_words,
    text_scale,
)

BONE = (235, 235, 235)


def frame_points(a: Analysis, frame_index: int, rgb_shape: tuple[int, ...]) -> np.ndarray:
    """(33, 2) landmark pixels of a frame, scaled to an image of ``rgb_shape``."""
    sx, sy = rgb_shape[1] / a.track.width, rgb_shape[0] / a.track.height
    return a.xy[frame_index] * np.array([sx, sy])


def rep_text(a: Analysis, frame_index: int) -> str:
    """'rep 2/3' inside a rep, otherwise how many reps are done so far."""
    total = len(a.reps)
    for r in a.reps:
        if r.start <= frame_index <= r.end:
            return f"rep {r.number}/{total}"
    done = sum(r.end < frame_index for r in a.reps)
    return f"standing - {done}/{total} reps done" if total else "no reps found"


def draw_skeleton(img: np.ndarray, pts: np.ndarray, thick: int) -> None:
    """The body's bones in light grey."""
    for a_name, b_name in SKELETON:
        p, q = pts[INDEX[a_name]], pts[INDEX[b_name]]
        if draw.finite(p, q):
            draw.line(img, p, q, BONE, thick)


@dataclass(frozen=True)
class JudgedLine:
    """The line ``side``'s knee is judged against in one frame, in picture pixels.

    ``root`` is the landmark it rises from (the toe at squat depth, where the verdict reads the knee over
    its foot; the ankle elsewhere), ``level`` its point level with the knee; ``inside`` how far the knee
    sits inside the foot line (NaN where that is not judged); ``words`` the value the verdict reads there,
    ``short`` the same number for beside the knee and ``label`` for the video's knee label.
    """

    root: np.ndarray
    level: np.ndarray
    inside: float
    words: str
    short: str
    label: str


def judged_line(a: Analysis, side: str, frame_index: int, pts: np.ndarray) -> JudgedLine:
    """The foot line at depth (toe), else the ankle line, for ``side`` in ``pts`` (the frame's landmarks)."""
    inside = inside_foot(a, side, frame_index)
    through = "foot_index" if math.isfinite(inside) and draw.finite(pts[idx(side, "foot_index")]) else "ankle"
    level = level_with_knee(pts[None], side, through)[0]
    if through == "foot_index":
        words, short = foot_words(inside, knee_cutoffs(a).inside_mild), in_out(inside)
        label = f"foot line: {short}"
    else:
        change = knee_shift(a, side, frame_index)
        inside, words, short = math.nan, f"{shift_words(change)} of standing", f"{in_out(change)} vs standing"
        label = f"vs standing: {in_out(change)}"
    return JudgedLine(pts[idx(side, through)], level, inside, words, short, label)


def in_out(value: float) -> str:
    """'0.23 in' / '0.05 out' ('' when not measured)."""
    return "" if not math.isfinite(value) else f"{abs(value):.2f} {'in' if value >= 0 else 'out'}"


def draw_judged_line(img: np.ndarray, pts: np.ndarray, side: str, line: JudgedLine, colour: tuple, thick: int,
                     dash: float) -> None:
    """The foot (ankle to toe), the dashed line rising from ``line.root`` past the knee, and the knee's
    distance from it."""
    knee, ankle, toe = (pts[idx(side, j)] for j in ("knee", "ankle", "foot_index"))
    if draw.finite(ankle, toe):
        draw.line(img, ankle, toe, WHITE, thick)
    rise = line.level - line.root
    if draw.finite(rise) and np.linalg.norm(rise) > 1:
        draw.dashed(img, line.root, line.level + 0.2 * rise, WHITE, thick, dash=dash)
    if draw.finite(knee, line.level) and np.linalg.norm(knee - line.level) > 2:
        draw.line(img, line.level, knee, colour, thick)


def draw_knee(img: np.ndarray, a: Analysis, side: str, frame_index: int, pts: np.ndarray, scale: float) -> None:
    """The line the knee is judged against, the knee marker coloured by its state, and the side's label with
    the value the verdict reads."""
    knee, ankle, hip = (pts[idx(side, j)] for j in ("knee", "ankle", "hip"))
    if not draw.finite(knee, ankle, hip):
        return
    colour = STATE_COLOUR[knee_state(a, side, frame_index)]
    line = judged_line(a, side, frame_index, pts)
    draw_judged_line(img, pts, side, line, colour, max(1, round(2 * scale)), 10 * scale)
    draw.dot(img, knee, max(4, int(9 * scale)), colour)
    _knee_label(img, side, line.label, knee, pts, scale, colour)


def _knee_label(img: np.ndarray, side: str, words: str, knee: np.ndarray, pts: np.ndarray, scale: float,
                colour: tuple) -> None:
    """'LEFT knee / foot line: 0.05 out' beside the knee, on the outer side of the body."""
    other_hip, own_hip = pts[idx("right" if side == "left" else "left", "hip")], pts[idx(side, "hip")]
    outward = 1.0 if not draw.finite(other_hip, own_hip) or own_hip[0] >= other_hip[0] else -1.0
    fs = 0.65 * scale
    lines = [f"{side.upper()} knee", words]
    w = max(draw.text_size(t, fs)[0] for t in lines)
    h = draw.text_size(lines[0], fs)[1]
    x = knee[0] + 18 * scale if outward > 0 else knee[0] - 18 * scale - w
    for k, t in enumerate(lines):
        draw.label(img, t, (x, knee[1] - h + k * (h + 6 * scale)), fs, colour if k == 0 else WHITE)


def draw_header(img: np.ndarray, a: Analysis, frame_index: int, scale: float) -> None:
    """Rep counter and time (top left); 'not measured' warning when the frame is invalid."""
    t = float(a.track.times_s[frame_index])
    fs = 0.8 * scale
    draw.label(img, f"{rep_text(a, frame_index)}   {t:.1f} s", (10 * scale, 10 * scale), fs, WHITE)
    warning = ""
    if not a.track.valid[frame_index]:
        warning = f"not measured: {a.track.invalid_reason[frame_index] or 'frame not usable'}"
    elif not a.quality.can_judge:
        warning = "no verdict: this clip cannot be judged (see report)"
    if warning:
        draw.label(img, warning, (10 * scale, 10 * scale + 2.2 * draw.text_size("A", fs)[1]), fs, RED)


LEGEND = tuple((STATE_WORDS[k], STATE_COLOUR[k]) for k in ("neutral", "mild", "marked", "varus"))


def draw_legend(img: np.ndarray, scale: float) -> None:
    """Colour key of the knee marker along the bottom edge (two rows if it does not fit)."""
    fs = 0.6 * scale
    gap, row_h = 14 * scale, draw.text_size("A", fs)[1] + 10 * scale
    items = [("knee:", WHITE), *LEGEND]
    widths = [draw.text_size(t, fs)[0] + gap for t, _ in items]
    rows = 1 if sum(widths) < img.shape[1] - 20 * scale else 2
    split = len(items) if rows == 1 else 3
    for r, chunk in enumerate((items[:split], items[split:])):
        x, y = 10 * scale, img.shape[0] - (rows - r) * row_h
        for (words, colour), w in zip(chunk, widths[:split] if r == 0 else widths[split:]):
            draw.label(img, words, (x, y), fs, colour)
            x += w


def draw_overlay(rgb: np.ndarray, a: Analysis, frame_index: int) -> np.ndarray:
    """A copy of ``rgb`` with the analysis of ``frame_index`` drawn on it.

    ``rgb`` may be a resized version of the analysed frame: landmarks are scaled to it.
    """
    img = np.ascontiguousarray(rgb).copy()
    scale = text_scale(img.shape[1], img.shape[0])
    if 0 <= frame_index < len(a.track):
        pts = frame_points(a, frame_index, img.shape)
        if a.track.valid[frame_index]:
            draw_skeleton(img, pts, max(1, round(2 * scale)))
            for side in SIDES:
                draw_knee(img, a, side, frame_index, pts, scale)
        draw_header(img, a, frame_index, scale)
    draw_legend(img, scale)
    return img
