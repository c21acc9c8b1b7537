"""The terminal summary after `groundup assess`: what a person reads first."""

from __future__ import annotations

from pathlib import Path

import pytest

from groundup.cli.summary import print_summary


def result(recognised: dict | None) -> dict:
    knee = {"verdict": "insufficient", "severity": "none", "confidence_label": "low"}
    return {"reps": [], "movement": {"requested": "arms-down-squat", "recognised": recognised}, "screen": None,
            "sides": {s: {"knee": knee, "ankle": {"verdict": "insufficient"}} for s in ("left", "right")},
            "capture": {"issues": []}, "disclaimer": "A screening aid."}


def test_a_refused_movement_is_not_announced_as_a_squat(capsys: pytest.CaptureFixture[str]) -> None:
    seen = "not one of groundup's movements: a lateral lunge (the hips travelled over one bent knee)"
    print_summary(result({"assumed": True, "recognised": False, "reason": seen, "candidates": []}), Path("out"))
    text = capsys.readouterr().out
    assert "nothing was judged" in text and "lateral lunge" in text
    assert "arms-down-squat" not in text and "reps found" not in text


def test_a_recognised_movement_says_it_was_assumed(capsys: pytest.CaptureFixture[str]) -> None:
    print_summary(result({"assumed": True, "recognised": True, "reason": "3 squat reps with both feet down"}),
                  Path("out"))
    text = capsys.readouterr().out
    assert "arms-down-squat: 0 reps found" in text
    assert "assumed from the video: 3 squat reps with both feet down" in text
