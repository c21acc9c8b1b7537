"""The re-test progress plot: a PNG for several re-tests, a single one, and sides that could not be measured."""

from __future__ import annotations

from datetime import datetime

import pytest

from browser import ARTIFACTS
from groundup.render.progress_plot import ProgressPoint, write_progress_plot

MILD, MARKED = 0.15, 0.30


def points() -> list[ProgressPoint]:
    d = [datetime(2024, 3, 4, 9), datetime(2024, 4, 1, 9), datetime(2024, 4, 29, 9), datetime(2024, 6, 10, 9)]
    return [
        ProgressPoint(d[0], "left", 0.34, None, "baseline"),
        ProgressPoint(d[1], "left", 0.29, 0.09, "no real change"),
        ProgressPoint(d[2], "left", 0.17, 0.08, "improved"),
        ProgressPoint(d[3], "left", 0.12, 0.07, "no real change"),
        ProgressPoint(d[0], "right", -0.05, None, "baseline"),
        ProgressPoint(d[1], "right", None, None, "cannot compare"),
        ProgressPoint(d[2], "right", 0.08, 0.08, "worse"),
        ProgressPoint(d[3], "right", 0.02, 0.07, "no real change"),
    ]


def test_progress_plot_written(tmp_path):
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / "progress.png"
    write_progress_plot(points(), path, mild=MILD, marked=MARKED)
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert path.stat().st_size > 30_000


def test_single_point_and_missing_values(tmp_path):
    one = [ProgressPoint(datetime(2024, 3, 4), "left", 0.34, None, "baseline"),
           ProgressPoint(datetime(2024, 3, 4), "right", None, None, "baseline")]
    write_progress_plot(one, tmp_path / "one.png", mild=MILD, marked=MARKED)
    assert (tmp_path / "one.png").stat().st_size > 15_000
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "progress-one.png").write_bytes((tmp_path / "one.png").read_bytes())
    write_progress_plot([], tmp_path / "none.png", mild=MILD, marked=MARKED)
    assert (tmp_path / "none.png").stat().st_size > 10_000
    only_left = [p for p in points() if p.side == "left"]
    write_progress_plot(only_left, tmp_path / "left.png", mild=MILD, marked=MARKED)
    assert (tmp_path / "left.png").stat().st_size > 15_000


def test_bad_point_is_refused():
    with pytest.raises(ValueError, match="verdict"):
        ProgressPoint(datetime(2024, 3, 4), "left", 0.1, 0.05, "better")
    with pytest.raises(ValueError, match="side"):
        ProgressPoint(datetime(2024, 3, 4), "both", 0.1, 0.05, "baseline")
