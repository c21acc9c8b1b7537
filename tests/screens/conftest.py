"""Prepared real-clip tracks shared by the screen tests."""

from __future__ import annotations

import pytest

from groundup.screens.base import Prepared, prepare
from groundup.thresholds import load_thresholds
from real_tracks import real_track


@pytest.fixture(scope="session")
def ucsd_squat_prepared() -> Prepared:
    return prepare(real_track("ucsd_front_squat.mp4"), load_thresholds())


@pytest.fixture(scope="session")
def liftcheck_prepared() -> Prepared:
    return prepare(real_track("liftcheck_back_squat_front.mp4"), load_thresholds())
