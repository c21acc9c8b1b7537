"""The still of each knee's worst moment: legs cropped, the measure drawn and explained."""

from __future__ import annotations

import itertools
import math
from pathlib import Path

import cv2
import numpy as np

from groundup.analysis import Analysis
from groundup.pose.landmarks import SIDES, idx, other
from groundup.render import draw
from groundup.render.overlay import frame_points
from groundup.render.style import (
    DARK,
    GREY,
    STATE_COLOUR,
    STATE_WORDS,
    WHITE,
    knee_cutoffs,
    knee_shift,
    knee_state,
    shift_words,
    verdict_state,
)

LEG_JOINTS = ("hip", "knee", "ankle", "heel", "foot_index")
OUT_HEIGHT = 560  # pixels of the cropped picture in the PNG


def worst_rep_frames(a: Analysis) -> dict[str, int | None]:
    """Per side, the evidence frame furthest in the verdict's direction (None when not judged).

    For valgus and neutral knees that is the largest inward shift; for varus the largest outward.
    """
    out: dict[str, int | None] = {}
    for side in SIDES:
        finding = a.knees[side]
        ev = [e for e in finding.evidence if math.isfinite(e.value)]
        if finding.verdict == "insufficient" or not ev:
            out[side] = None
            continue
        pick = min if finding.verdict == "varus" else max
        out[side] = pick(ev, key=lambda e: e.value).frame
    return out


def leg_box(pts: np.ndarray, shape: tuple[int, ...], margin: float = 0.25) -> tuple[int, int, int, int]:
    """(x0, y0, x1, y1) around both legs with a margin, inside the image."""
    legs = np.array([pts[idx(s, j)] for s in SIDES for j in LEG_JOINTS])
    legs = legs[np.isfinite(legs).all(axis=1)]
    if legs.size == 0:
        return 0, 0, shape[1], shape[0]
    (x0, y0), (x1, y1) = legs.min(axis=0), legs.max(axis=0)
    pad = margin * max(x1 - x0, y1 - y0, 20.0)
    return (int(max(0, x0 - pad)), int(max(0, y0 - pad)), int(min(shape[1], x1 + pad)),
            int(min(shape[0], y1 + pad)))


def _draw_leg(img: np.ndarray, pts: np.ndarray, side: str, colour: tuple, thick: int) -> None:
    chain = [pts[idx(side, j)] for j in ("hip", "knee", "ankle")]
    for p, q in itertools.pairwise(chain):
        if draw.finite(p, q):
            draw.line(img, p, q, colour, thick)


def _draw_measure(img: np.ndarray, pts: np.ndarray, side: str, colour: tuple, scale: float) -> None:
    """Ankle vertical and the knee's sideways distance from it."""
    knee, ankle, hip = (pts[idx(side, j)] for j in ("knee", "ankle", "hip"))
    if not draw.finite(knee, ankle, hip):
        return
    thick = max(2, int(3 * scale))
    draw.dashed(img, ankle, (ankle[0], hip[1]), WHITE, thick, dash=12 * scale)
    foot = (ankle[0], knee[1])
    if abs(knee[0] - foot[0]) > 3:
        cv2.arrowedLine(img, draw.ipt(foot), draw.ipt(knee), colour, thick, cv2.LINE_AA, tipLength=0.25)
    draw.dot(img, knee, max(5, int(9 * scale)), colour)


def legs_picture(rgb: np.ndarray, a: Analysis, side: str, frame: int) -> np.ndarray:
    """The cropped, enlarged legs with ``side``'s measure drawn on."""
    pts = frame_points(a, frame, rgb.shape)
    x0, y0, x1, y1 = leg_box(pts, rgb.shape)
    zoom = OUT_HEIGHT / max(1, y1 - y0)
    img = cv2.resize(np.ascontiguousarray(rgb[y0:y1, x0:x1]), (max(2, int((x1 - x0) * zoom)), OUT_HEIGHT),
                     interpolation=cv2.INTER_AREA if zoom < 1 else cv2.INTER_LINEAR)
    local = (pts - np.array([x0, y0])) * zoom
    scale = OUT_HEIGHT / 600
    _draw_leg(img, local, other(side), GREY, max(1, int(2 * scale)))
    _draw_leg(img, local, side, WHITE, max(2, int(4 * scale)))
    colour = STATE_COLOUR[knee_state(a, side, frame)]
    _draw_measure(img, local, side, colour, scale)
    knee = local[idx(side, "knee")]
    if draw.finite(knee):
        draw.label(img, side.upper(), (knee[0] + 20 * scale, knee[1] - 40 * scale), 0.8 * scale, colour)
    return img


def moment_words(verdict: str, shift: float) -> str:
    """What the still shows, e.g. 'Knee at its most inward: 0.22 shin lengths inward of standing'."""
    most = "outward" if verdict == "varus" else "inward"
    return f"Knee at its most {most}: {shift_words(shift)} of standing"


def caption_lines(a: Analysis, side: str, frame: int) -> list[tuple[str, tuple]]:
    """The text under the picture: verdict, this frame's value, limits, rep and time."""
    f = a.knees[side]
    cut = knee_cutoffs(a)
    rep = next((r.number for r in a.reps if r.start <= frame <= r.end), None)
    where = f"rep {rep} of {len(a.reps)}" if rep else "between reps"
    state = verdict_state(f.verdict, f.severity)
    return [(f"{side.upper()} knee: {STATE_WORDS[state]} (verdict over {f.reps_judged} reps)", STATE_COLOUR[state]),
            (moment_words(f.verdict, knee_shift(a, side, frame)), WHITE),
            (f"Caves in from {cut.mild:.2f} (mild) / {cut.marked:.2f} (marked) shin lengths inward", GREY),
            (f"{where}, at {float(a.track.times_s[frame]):.1f} s", GREY)]


def with_caption(img: np.ndarray, lines: list[tuple[str, tuple]], min_width: int = 520) -> np.ndarray:
    """The picture on top of a dark text band, widened so the text fits."""
    fs = 0.62
    line_h = draw.text_size("Ag", fs)[1] + 12
    width = max(img.shape[1], min_width, max(draw.text_size(t, fs)[0] for t, _ in lines) + 24)
    out = np.full((img.shape[0] + line_h * len(lines) + 16, width, 3), DARK, dtype=np.uint8)
    x = (width - img.shape[1]) // 2
    out[:img.shape[0], x:x + img.shape[1]] = img
    for k, (text, colour) in enumerate(lines):
        draw.label(out, text, (12, img.shape[0] + 10 + k * line_h), fs, colour, box=False)
    return out


def write_worst_rep_png(rgb: np.ndarray, a: Analysis, side: str, frame: int, path: str | Path) -> None:
    """Write the annotated still of ``side``'s worst moment (``rgb`` is frame ``frame``)."""
    png = with_caption(legs_picture(rgb, a, side, frame), caption_lines(a, side, frame))
    if not cv2.imwrite(str(path), cv2.cvtColor(png, cv2.COLOR_RGB2BGR)):
        raise OSError(f"Could not write '{path}'.")
