"""The still of each knee's worst moment: legs cropped, the measure drawn and explained."""

from __future__ import annotations

import itertools
import math
from pathlib import Path

import cv2
import numpy as np

from groundup.analysis import Analysis
from groundup.findings.verdicts import CHANGE, INSIDE_FOOT, Finding
from groundup.metrics.geometry import joint, medial_unit
from groundup.pose.landmarks import SIDES, idx, other
from groundup.render import draw
from groundup.render.overlay import JudgedLine, draw_judged_line, frame_points, judged_line
from groundup.render.style import (
    DARK,
    GREY,
    STATE_COLOUR,
    STATE_WORDS,
    WHITE,
    foot_words,
    inside_foot,
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

    Valgus: the rep furthest inside the foot when that criterion fired, else the largest inward change
    against standing. Neutral: the rep closest to caving in over the foot where that was judged (so the
    picture shows the rep most likely to contradict "in line"), else the largest inward change. Varus: the
    largest outward change.
    """
    out: dict[str, int | None] = {}
    for side in SIDES:
        finding = a.knees[side]
        out[side] = None if finding.verdict == "insufficient" else _worst_frame(finding)
    return out


def _worst_frame(finding: Finding) -> int | None:
    inside = finding.check(INSIDE_FOOT)
    by_foot = inside is not None and inside.judged and (
        finding.verdict == "neutral" or finding.criterion in (INSIDE_FOOT, "both"))
    evidence = inside.evidence if by_foot and inside is not None else finding.evidence
    ev = [e for e in evidence if math.isfinite(e.value)]
    if not ev:
        return None
    pick = min if finding.verdict == "varus" else max
    return pick(ev, key=lambda e: e.value).frame


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


def _draw_measure(img: np.ndarray, pts: np.ndarray, side: str, line: JudgedLine, standing: np.ndarray | None,
                  colour: tuple, scale: float) -> None:
    """The line the knee is judged against, the knee, the value beside it and a grey ring where the knee
    would be had it kept its standing place over the ankle."""
    knee = pts[idx(side, "knee")]
    if not draw.finite(knee):
        return
    thick = max(2, int(3 * scale))
    draw_judged_line(img, pts, side, line, colour, thick, 12 * scale)
    if standing is not None and draw.finite(standing) and np.linalg.norm(standing - knee) > 3:
        cv2.circle(img, draw.ipt(standing), max(5, int(9 * scale)), GREY, max(1, int(2 * scale)), cv2.LINE_AA)
    draw.dot(img, knee, max(5, int(9 * scale)), colour)
    if line.short and draw.finite(line.level):
        mid = (line.level + knee) / 2
        draw.label(img, line.short, (mid[0] - 30 * scale, mid[1] + 16 * scale), 0.6 * scale, colour)


def standing_knee(a: Analysis, side: str, frame: int) -> np.ndarray | None:
    """Where ``side``'s knee would be at ``frame`` had it kept its standing offset over the ankle, in the
    analysed frame's pixels (None without a standing baseline)."""
    change = knee_shift(a, side, frame)
    if a.baseline is None or not math.isfinite(change):
        return None
    xy = a.xy[frame:frame + 1]
    return (joint(xy, side, "knee") - change * a.scale.shank[side] * medial_unit(xy, side))[0]


def legs_picture(rgb: np.ndarray, a: Analysis, side: str, frame: int) -> np.ndarray:
    """The cropped, enlarged legs with ``side``'s measure drawn on."""
    pts = frame_points(a, frame, rgb.shape)
    x0, y0, x1, y1 = leg_box(pts, rgb.shape)
    zoom = OUT_HEIGHT / max(1, y1 - y0)
    img = cv2.resize(np.ascontiguousarray(rgb[y0:y1, x0:x1]), (max(2, int((x1 - x0) * zoom)), OUT_HEIGHT),
                     interpolation=cv2.INTER_AREA if zoom < 1 else cv2.INTER_LINEAR)
    origin, to_frame = np.array([x0, y0]), np.array([rgb.shape[1] / a.track.width, rgb.shape[0] / a.track.height])
    local = (pts - origin) * zoom
    scale = OUT_HEIGHT / 600
    _draw_leg(img, local, other(side), GREY, max(1, int(2 * scale)))
    _draw_leg(img, local, side, WHITE, max(2, int(4 * scale)))
    colour = STATE_COLOUR[knee_state(a, side, frame)]
    standing = standing_knee(a, side, frame)
    standing_local = None if standing is None else (standing * to_frame - origin) * zoom
    _draw_measure(img, local, side, judged_line(a, side, frame, local), standing_local, colour, scale)
    knee = local[idx(side, "knee")]
    if draw.finite(knee):
        draw.label(img, side.upper(), (knee[0] + 20 * scale, knee[1] - 40 * scale), 0.8 * scale, colour)
    return img


CRITERION_WORDS = {CHANGE: "moved inward from standing", INSIDE_FOOT: "inside the foot at the bottom",
                   "both": "inside the foot and moved inward"}


def headline_words(finding: Finding, frame_state: str) -> str:
    """The verdict in a few words; a neutral knee whose pictured moment crossed a cut-off is never 'in line'."""
    state = verdict_state(finding.verdict, finding.severity)
    if finding.verdict == "neutral" and frame_state in ("mild", "marked"):
        return "no valgus overall, though this rep crossed the line"
    words = STATE_WORDS[state]
    return f"{words}, {CRITERION_WORDS[finding.criterion]}" if finding.criterion in CRITERION_WORDS else words


def caption_lines(a: Analysis, side: str, frame: int) -> list[tuple[str, tuple]]:
    """The text under the picture: verdict, this frame's values against their cut-offs, rep and time."""
    f = a.knees[side]
    cut = knee_cutoffs(a)
    frame_state = knee_state(a, side, frame)
    rep = next((r.number for r in a.reps if r.start <= frame <= r.end), None)
    where = f"rep {rep} of {len(a.reps)}" if rep else "between reps"
    colour = STATE_COLOUR[frame_state if f.verdict == "neutral" else verdict_state(f.verdict, f.severity)]
    lines = [(f"{side.upper()} knee: {headline_words(f, frame_state)} (verdict over {f.reps_judged} reps)", colour)]
    inside = inside_foot(a, side, frame)
    if math.isfinite(inside):
        lines += [(f"Dashed line: the foot's line. Knee {foot_words(inside, cut.inside_mild)}", WHITE),
                  (f"Inside the foot from {cut.inside_mild:.2f} (mild) / {cut.inside_marked:.2f} (marked) shin "
                   "lengths past that line", GREY)]
    lines += [(f"{shift_words(knee_shift(a, side, frame)).capitalize()} of where it stood (grey ring)", WHITE),
              (f"Caves in from {cut.mild:.2f} (mild) / {cut.marked:.2f} (marked) shin lengths inward", GREY),
              (f"{where}, at {float(a.track.times_s[frame]):.1f} s", GREY)]
    return lines


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
