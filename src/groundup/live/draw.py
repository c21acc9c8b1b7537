"""The mirror picture: the frame flipped like a mirror, the skeleton, a vertical line up from each
ankle, each knee coloured by its state, the rep counter and the cue in large text."""

from __future__ import annotations

import numpy as np

from groundup.live.cues import STATUS_TEXT
from groundup.live.engine import LiveFrame
from groundup.pose.landmarks import INDEX, SIDES, SKELETON

KNEE_COLOURS = {"ok": (60, 200, 60), "in": (40, 40, 230), "unseen": (150, 150, 150)}  # BGR
BONE, LINE, TEXT = (235, 235, 235), (0, 200, 255), (255, 255, 255)
CUE_SHOWN_S = 1.5


def _point(p: np.ndarray, width: int) -> tuple[int, int] | None:
    """A landmark in the mirrored picture (x flipped), or None when unseen."""
    return None if not np.isfinite(p).all() else (int(width - p[0]), int(p[1]))


def _text(bgr: np.ndarray, text: str, at: tuple[int, int], scale: float, colour: tuple[int, int, int]) -> None:
    import cv2

    thick = max(1, int(2 * scale))
    cv2.putText(bgr, text, at, cv2.FONT_HERSHEY_SIMPLEX, scale, (0, 0, 0), thick + 3, cv2.LINE_AA)
    cv2.putText(bgr, text, at, cv2.FONT_HERSHEY_SIMPLEX, scale, colour, thick, cv2.LINE_AA)


def mirror_picture(rgb: np.ndarray, frame: LiveFrame, cue: str) -> np.ndarray:
    """BGR picture for the window: mirrored frame and overlay."""
    import cv2

    bgr = np.ascontiguousarray(cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR)[:, ::-1])
    h, w = bgr.shape[:2]
    unit = max(h, w) / 640
    if frame.joints is not None:
        _skeleton(bgr, frame, w, unit)
    _text(bgr, f"Reps {frame.reps}", (int(12 * unit), int(40 * unit)), 1.1 * unit, TEXT)
    shown = cue or (STATUS_TEXT.get(frame.status, "") if frame.status != "ready" else "")
    if shown:
        _text(bgr, shown, (int(12 * unit), h - int(24 * unit)), 1.3 * unit, (80, 220, 255))
    return bgr


def _skeleton(bgr: np.ndarray, frame: LiveFrame, width: int, unit: float) -> None:
    import cv2

    assert frame.joints is not None
    pts = {name: _point(frame.joints[INDEX[name]], width) for name in INDEX}
    for a, b in SKELETON:
        pa, pb = pts[a], pts[b]
        if pa and pb:
            cv2.line(bgr, pa, pb, BONE, max(1, int(2 * unit)), cv2.LINE_AA)
    for side in SIDES:
        ankle, hip = pts[f"{side}_ankle"], pts[f"{side}_hip"]
        if ankle and hip:
            cv2.line(bgr, ankle, (ankle[0], hip[1]), LINE, max(1, int(unit)), cv2.LINE_AA)
        knee = pts[f"{side}_knee"]
        state = frame.knees[side].state if side in frame.knees else "unseen"
        if knee:
            cv2.circle(bgr, knee, int(9 * unit), KNEE_COLOURS[state], -1, cv2.LINE_AA)


class CueBoard:
    """Keeps the latest knee cue on screen for ``CUE_SHOWN_S``."""

    def __init__(self) -> None:
        self.text, self.until = "", -1.0

    def update(self, frame: LiveFrame) -> str:
        knee = [c for c in frame.cues if c.kind == "knee_out"]
        if knee:
            self.text, self.until = " / ".join(c.text for c in knee), frame.time_s + CUE_SHOWN_S
        return self.text if frame.time_s <= self.until else ""
