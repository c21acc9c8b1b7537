"""Per-frame annotation of the video: skeleton, knee-over-foot lines, angles, rep counter.

Sides are named from the landmark names, never from image position: in a front
view the person's left side appears on the right of the picture.
"""

from __future__ import annotations

import numpy as np

from groundup.analysis import Analysis
from groundup.pose.landmarks import INDEX, SIDES, SKELETON, idx
from groundup.render import draw
from groundup.render.style import RED, STATE_COLOUR, STATE_WORDS, WHITE, knee_state, text_scale

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


def fppa_text(deg: float) -> str:
    """Knee angle in plain words: '12 deg in' / '8 deg out'."""
    if not np.isfinite(deg):
        return "angle ?"
    return f"angle {abs(deg):.0f} deg {'in' if deg >= 0 else 'out'}"


def draw_skeleton(img: np.ndarray, pts: np.ndarray, thick: int) -> None:
    """The body's bones in light grey."""
    for a_name, b_name in SKELETON:
        p, q = pts[INDEX[a_name]], pts[INDEX[b_name]]
        if draw.finite(p, q):
            draw.line(img, p, q, BONE, thick)


def draw_knee(img: np.ndarray, a: Analysis, side: str, frame_index: int, pts: np.ndarray, scale: float) -> None:
    """Ankle vertical, knee marker coloured by its shift, and the side's label with its angle."""
    knee, ankle, hip = (pts[idx(side, j)] for j in ("knee", "ankle", "hip"))
    if not draw.finite(knee, ankle, hip):
        return
    colour = STATE_COLOUR[knee_state(a, side, frame_index)]
    thick = max(1, round(2 * scale))
    top = (ankle[0], min(hip[1], knee[1]) - 0.15 * abs(ankle[1] - hip[1]))
    draw.dashed(img, ankle, top, WHITE, thick, dash=10 * scale)
    draw.line(img, (ankle[0], knee[1]), knee, colour, thick)
    draw.dot(img, knee, max(4, int(9 * scale)), colour)
    _knee_label(img, a, side, frame_index, knee, pts, scale, colour)


def _knee_label(img: np.ndarray, a: Analysis, side: str, frame_index: int, knee: np.ndarray, pts: np.ndarray,
                scale: float, colour: tuple) -> None:
    """'LEFT knee / 12 deg in' beside the knee, on the outer side of the body."""
    other_hip, own_hip = pts[idx("right" if side == "left" else "left", "hip")], pts[idx(side, "hip")]
    outward = 1.0 if not draw.finite(other_hip, own_hip) or own_hip[0] >= other_hip[0] else -1.0
    fs = 0.65 * scale
    lines = [f"{side.upper()} knee", fppa_text(float(a.measures[f"{side}_knee_fppa_deg"][frame_index]))]
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
