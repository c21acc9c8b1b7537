"""Shared synthetic analyses for the render tests (no pose model, no video files)."""

from __future__ import annotations

import warnings

import pytest

from groundup.analysis import Analysis
from groundup.screens.squat import analyse_track
from groundup.thresholds import load_thresholds
from synthetic import squat_analysis, squat_track


def _quiet(**kw) -> Analysis:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return squat_analysis(**kw)


@pytest.fixture(scope="session")
def valgus_left() -> Analysis:
    """Three reps, the left knee caves in, a few frames lost between reps 2 and 3."""
    return _quiet(n_reps=3, valgus={"left": 0.45}, fps=60.0, lost=slice(380, 386))


@pytest.fixture(scope="session")
def no_reps() -> Analysis:
    """Standing only: the capture gate refuses to judge."""
    return _quiet(n_reps=0)


@pytest.fixture(scope="session")
def one_rep_inside() -> Analysis:
    """Three reps; in the first the left knee caves in (0.2 shank lengths at depth), the others track over the foot:
    neutral overall, yet the worst rep sits inside the foot."""
    plain, caved = squat_track(n_reps=3), squat_track(n_reps=3, valgus={"left": 0.2})
    first = (plain.times_s >= 1.0) & (plain.times_s <= 3.0)  # squat_track: 1 s standing, then a 2 s rep
    plain.image_xy[first] = caved.image_xy[first]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return analyse_track(plain, "arms-down-squat", load_thresholds())
