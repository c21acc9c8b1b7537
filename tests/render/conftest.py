"""Shared synthetic analyses for the render tests (no pose model, no video files)."""

from __future__ import annotations

import warnings

import pytest

from groundup.analysis import Analysis
from synthetic import squat_analysis


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
