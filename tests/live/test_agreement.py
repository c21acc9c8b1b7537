"""Streaming and offline agree: the live engine over a clip gives the offline analysis's reps and, per rep
and knee, its two knee readings within the measurement error (``verdicts.MEASURE_NOISE``)."""

from __future__ import annotations

import copy

import numpy as np
import pytest

from groundup.findings.verdicts import CHANGE, INSIDE_FOOT, MEASURE_NOISE
from groundup.live.replay import knee_cues, rep_peaks, replay_track
from groundup.pose.track import PoseTrack
from groundup.screens.squat import analyse_track
from groundup.thresholds import load_thresholds
from known_edits import shift_knee_in_track

TH = load_thresholds()
BOTTOM_LAG_S = 0.1  # the live low-pass looks only backwards: the bottom may read up to three frames later


def offline_peaks(track: PoseTrack) -> tuple[list[int], np.ndarray]:
    """Bottom frames of the offline reps and the same (reps, sides, 2) readings as ``rep_peaks``."""
    a = analyse_track(copy.deepcopy(track), "arms-down-squat", TH)
    values = []
    for side in ("left", "right"):
        checks = {c.name: c.values for c in a.knees[side].checks}
        values.append(np.stack([checks[CHANGE], checks[INSIDE_FOOT]], axis=1))
    return [r.bottom for r in a.reps], np.stack(values, axis=1)


@pytest.mark.slow
@pytest.mark.parametrize("edit", [0.0, 0.3])
def test_streaming_rep_peaks_agree_with_the_offline_analysis(track30: PoseTrack, edit: float) -> None:
    track = shift_knee_in_track(track30, "left", edit) if edit else track30
    bottoms, offline = offline_peaks(track)
    engine, frames = replay_track(copy.deepcopy(track), TH)
    assert len(bottoms) == 3
    bottom_s = np.array([r.bottom_s for r in engine.reps])
    np.testing.assert_allclose(bottom_s, track.times_s[bottoms], atol=BOTTOM_LAG_S)
    np.testing.assert_allclose(rep_peaks(engine), offline, atol=MEASURE_NOISE)
    assert {side for side, _ in knee_cues(frames)} == ({"left"} if edit else set())
