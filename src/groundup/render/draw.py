"""Drawing primitives on RGB uint8 arrays (OpenCV, anti-aliased)."""

from __future__ import annotations

import math

import cv2
import numpy as np

from groundup.render.style import DARK

FONT = cv2.FONT_HERSHEY_SIMPLEX
Point = tuple[float, float] | np.ndarray
DIMMED = (np.arange(256) * 0.35).astype(np.uint8)  # a label's box: each value times 0.35, as a lookup table


def finite(*points: np.ndarray) -> bool:
    """True when every point has finite coordinates."""
    return all(math.isfinite(c) for p in points for c in p)


def ipt(p: Point) -> tuple[int, int]:
    """Integer pixel of a point."""
    return round(float(p[0])), round(float(p[1]))  # float first: rounding a NumPy scalar is 10x slower


def line(img: np.ndarray, a: Point, b: Point, colour: tuple, thick: int, outline: bool = True) -> None:
    """A line with a dark outline so it shows on any background."""
    if outline:
        cv2.line(img, ipt(a), ipt(b), DARK, thick + 2, cv2.LINE_AA)
    cv2.line(img, ipt(a), ipt(b), colour, thick, cv2.LINE_AA)


def dashed(img: np.ndarray, a: Point, b: Point, colour: tuple, thick: int, dash: float) -> None:
    """A dashed line from a to b with dashes about ``dash`` pixels long."""
    a_, b_ = np.asarray(a, float), np.asarray(b, float)
    n = max(1, int(np.linalg.norm(b_ - a_) / dash))
    for k in range(0, n, 2):
        line(img, a_ + (b_ - a_) * k / n, a_ + (b_ - a_) * min(k + 1, n) / n, colour, thick)


def dot(img: np.ndarray, p: Point, radius: int, colour: tuple) -> None:
    """A filled circle with a dark rim."""
    cv2.circle(img, ipt(p), radius + max(1, radius // 3), DARK, -1, cv2.LINE_AA)
    cv2.circle(img, ipt(p), radius, colour, -1, cv2.LINE_AA)


def text_size(text: str, scale: float) -> tuple[int, int]:
    """(width, height) of text drawn at ``scale``."""
    (w, h), base = cv2.getTextSize(text, FONT, scale, thickness(scale))
    return w, h + base


def thickness(scale: float) -> int:
    """Stroke width for text at ``scale``."""
    return max(1, round(scale * 2))


def label(img: np.ndarray, text: str, org: Point, scale: float, colour: tuple, box: bool = True) -> None:
    """Text with its top-left corner at ``org``, on a dark box, kept inside the image."""
    w, h = text_size(text, scale)
    pad = max(2, int(4 * scale))
    x = int(min(max(float(org[0]), pad), max(pad, img.shape[1] - w - pad)))
    y = int(min(max(float(org[1]), pad), max(pad, img.shape[0] - h - pad)))
    if box:
        sub = img[y - pad:y + h + pad, x - pad:x + w + pad]
        sub[:] = cv2.LUT(sub, DIMMED)
    cv2.putText(img, text, (x, y + h - max(1, h // 5)), FONT, scale, colour, thickness(scale), cv2.LINE_AA)
