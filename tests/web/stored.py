"""A stored screen with a whole analysis folder (result, frames, pictures of real size, a playable
video) and its uploaded clip, as the job worker leaves them, for the download and layout tests."""

from __future__ import annotations

import json
import secrets
import shutil
import warnings
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

import numpy as np
from webapp import Web

from groundup import coach
from groundup.result import build_result, frame_table_csv
from groundup.store.records import PersonRecord
from synthetic import squat_analysis, video_info


@lru_cache(maxsize=2)
def _analysis(left_valgus: float):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return squat_analysis(n_reps=3, valgus={"left": left_valgus}, fps=60.0)


def _png(path: Path, width: int, height: int) -> None:
    import cv2

    picture = np.full((height, width, 3), 90, np.uint8)
    cv2.rectangle(picture, (width // 4, height // 4), (3 * width // 4, 3 * height // 4), (40, 160, 90), -1)
    cv2.imwrite(str(path), picture)


def stored_screen(web: Web, person: PersonRecord, clip: Path, created: str = "2026-01-05T09:00:00+00:00",
                  left_valgus: float = 0.45) -> int:
    """Store a screen of ``person`` whose result still names the server's upload path (as older
    results did); returns the assessment id."""
    analysis = _analysis(left_valgus)
    stem = secrets.token_hex(16)
    upload = web.settings.uploads / f"{stem}.mp4"
    folder = web.settings.analyses / stem
    upload.parent.mkdir(parents=True, exist_ok=True)
    folder.mkdir(parents=True)
    shutil.copy(clip, upload)
    shutil.copy(clip, folder / "annotated.mp4")
    result = build_result(analysis, replace(video_info(analysis), path=str(upload)), "blazepose-full", {})
    result["video"]["path"] = str(upload)  # an older result: the whole server path
    result["created_utc"] = created
    (folder / "result.json").write_text(json.dumps(result), encoding="utf-8")
    (folder / "frames.csv").write_text(frame_table_csv(analysis), encoding="utf-8")
    for side in ("left", "right"):
        _png(folder / f"worst_rep_{side}.png", 720, 1280)
    _png(folder / "measures.png", 1800, 1100)
    return coach.store_assessment(web.store, person.name, result, str(folder)).assessment.id
