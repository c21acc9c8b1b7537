"""The sample's result.json and frames.csv match a stored reference (verdicts exactly, values closely).

The references in tests/data/reference were written by the pipeline as it was before the
speed work (one process, and two time chunks on two processes: the chunk cut restarts
the model's tracking, so each chunking has its own reference). A change that moves a
value beyond one unit of its last printed digit, or changes any verdict, word or frame
number, fails here.
"""

from __future__ import annotations

import csv
import io
import json
import math
from decimal import Decimal
from pathlib import Path

import pytest

from groundup.pipeline import AssessOptions, assess_video
from groundup.video.reader import VideoSource

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "ucsd_front_squat.mp4"
REFERENCE = Path(__file__).resolve().parent / "data" / "reference"
UNSTABLE = {"created_utc", "path"}  # when and from where the reference was written


def close(value: float, reference: float, printed: str) -> bool:
    """Equal within one unit of the reference's last printed decimal (rounding noise)."""
    places = -Decimal(printed).as_tuple().exponent if "e" not in printed.lower() else 0
    unit = 10.0 ** -max(int(places), 0) if places else 1e-9
    return math.isclose(value, reference, rel_tol=1e-6, abs_tol=1.01 * unit)


def differences(got: object, want: object, where: str = "") -> list[str]:
    """Where ``got`` differs from ``want``: structure, strings, integers and booleans exactly, floats closely."""
    if isinstance(want, dict) and isinstance(got, dict):
        if set(got) - UNSTABLE != set(want) - UNSTABLE:
            return [f"{where}: keys {sorted(set(got) ^ set(want))}"]
        return [d for k in want if k not in UNSTABLE for d in differences(got[k], want[k], f"{where}/{k}")]
    if isinstance(want, list) and isinstance(got, list):
        if len(got) != len(want):
            return [f"{where}: {len(got)} items, reference {len(want)}"]
        return [d for i, (g, w) in enumerate(zip(got, want)) for d in differences(g, w, f"{where}[{i}]")]
    if isinstance(want, float) and isinstance(got, (int, float)) and not isinstance(got, bool):
        return [] if close(float(got), want, repr(want)) else [f"{where}: {got} != {want}"]
    return [] if got == want and type(got) is type(want) else [f"{where}: {got!r} != {want!r}"]


def table_differences(got: str, want: str) -> list[str]:
    """frames.csv: same columns, rows and words; numbers within their printed precision."""
    g_rows, w_rows = list(csv.reader(io.StringIO(got))), list(csv.reader(io.StringIO(want)))
    if len(g_rows) != len(w_rows) or g_rows[0] != w_rows[0]:
        return [f"frames.csv: {len(g_rows)} rows, reference {len(w_rows)}; or other columns"]
    out = []
    for n, (g_row, w_row) in enumerate(zip(g_rows[1:], w_rows[1:]), 1):
        for name, g, w in zip(w_rows[0], g_row, w_row):
            try:
                ok = g == w or close(float(g), float(w), w)
            except ValueError:
                ok = False
            if not ok:
                out.append(f"frames.csv row {n} {name}: {g} != {w}")
    return out


@pytest.mark.parametrize("workers", [1, 2])
def test_sample_matches_the_reference(tmp_path: Path, workers: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """In one process the clip is also seen to be decoded once (the drawing reads the frames kept)."""
    passes: list[object] = []
    decode = VideoSource.frames
    monkeypatch.setattr(VideoSource, "frames", lambda self, *a, **k: passes.append(a) or decode(self, *a, **k))
    outcome = assess_video(SAMPLE, tmp_path / "out", AssessOptions(movement="arms-down-squat", workers=workers))
    if workers == 1:
        assert len(passes) == 1
    stem = f"ucsd_front_squat.arms-down-squat.workers{workers}"
    want = json.loads((REFERENCE / f"{stem}.result.json").read_text(encoding="utf-8"))
    got = json.loads((outcome.folder / "result.json").read_text(encoding="utf-8"))
    found = differences(got, want) + table_differences((outcome.folder / "frames.csv").read_text(encoding="utf-8"),
                                                       (REFERENCE / f"{stem}.frames.csv").read_text(encoding="utf-8"))
    assert not found, "\n".join(found[:20])


def test_the_comparison_catches_a_moved_value_and_a_changed_word() -> None:
    want = {"value": 0.0746, "verdict": "ok", "frame": 120, "created_utc": "then"}
    assert differences({"value": 0.0747, "verdict": "ok", "frame": 120, "created_utc": "now"}, want) == []
    assert differences({"value": 0.0749, "verdict": "ok", "frame": 120}, want)
    assert differences({"value": 0.0746, "verdict": "flagged", "frame": 120}, want)
    assert differences({"value": 0.0746, "verdict": "ok", "frame": 121}, want)
    assert table_differences("a,b\n1,0.15197\n", "a,b\n1,0.15198\n") == []
    assert table_differences("a,b\n1,0.15217\n", "a,b\n1,0.15198\n")
