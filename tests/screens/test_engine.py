"""The shared judging tail: gate, arms, knee/ankle verdicts, symmetry, the result built once."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from groundup.findings.quality import QualityIssue
from groundup.metrics.rep_summary import baseline, standing_frames, summarise_reps
from groundup.screens.base import Prepared, prepare, rep_settings
from groundup.screens.engine import Trials, judge
from groundup.screens.squat import analyse_squat
from groundup.signals.reps import detect_reps
from groundup.thresholds import load_thresholds
from synthetic import squat_track

TH = load_thresholds()


def squat_trials(p: Prepared, **options) -> Trials:
    reps = detect_reps(p.track.times_s, p.depth, rep_settings(TH))
    base = baseline(p.measures, standing_frames(p.depth, p.valid))
    return Trials(reps, summarise_reps(p.measures, reps, p.depth, p.valid, base), base, **options)


def test_judge_gives_the_squat_screen_its_verdicts() -> None:
    p = prepare(squat_track(valgus={"left": 0.35}), TH)
    a = judge(p, "arms-down-squat", TH, squat_trials(p, compensations=True))
    squat = analyse_squat(prepare(squat_track(valgus={"left": 0.35}), TH), "arms-down-squat", TH)
    assert a.knees["left"].verdict == squat.knees["left"].verdict == "valgus"
    assert a.knees["right"].verdict == "neutral" and a.symmetry["pattern"] == "left only"
    assert [c["name"] for c in a.compensations] == [c["name"] for c in squat.compensations]
    assert a.arms == "down" and a.screen is None and len(a.reps) == 3


def test_a_refusal_from_the_screens_own_gate_check_withholds_every_verdict() -> None:
    p = prepare(squat_track(valgus={"left": 0.35}), TH)
    refusal = QualityIssue("walks_away", "refuse", "The person walks away from the camera.", "Walk toward it.")
    a = judge(p, "gait", TH, squat_trials(p, gate=lambda issues: [*issues, refusal]))
    assert not a.quality.can_judge
    for side in ("left", "right"):
        assert a.knees[side].verdict == a.ankles[side].verdict == "insufficient"
        assert a.knees[side].reasons == ["The person walks away from the camera."]
    assert a.symmetry["pattern"] == "insufficient"


def test_compensations_are_judged_only_when_the_screen_asks() -> None:
    p = prepare(squat_track(), TH)
    assert judge(p, "single-leg-balance", TH, squat_trials(p)).compensations == []
    assert judge(p, "arms-down-squat", TH, squat_trials(p, compensations=True)).compensations


def test_the_result_carries_the_measures_and_depth_the_screen_reports() -> None:
    p = prepare(squat_track(), TH)
    depth = np.zeros_like(p.depth)
    a = judge(replace(p, depth=depth), "drop-jump", TH, squat_trials(p))
    assert a.depth is depth and a.measures is p.measures and a.movement == "drop-jump"
