"""Findings of the non-squat screens feed the program prescription, through result.json."""

from __future__ import annotations

from datetime import date

from jump_walk_bodies import jump_track
from single_leg_bodies import analysed, single_leg_squat_clip

from groundup.program.prescribe import prescribe
from groundup.result import build_result
from groundup.screens.landing import analyse as landing
from groundup.screens.single_leg_squat import analyse as single_leg
from synthetic import video_info


def test_single_leg_squat_valgus_on_one_leg_prescribes_the_single_side_track_for_it() -> None:
    track, _ = single_leg_squat_clip(knee_in={"left": 0.4}, noise_px=0.5, seed=1)
    a = analysed(single_leg, track, "single-leg-squat")
    p = prescribe(build_result(a, video_info(a), "blazepose-full", {}), today=date(2026, 1, 5))
    assert p.status == "program" and p.affected_side == "left"
    single = [e for e in p.entries if e.track == "single-side"]
    assert single and all(e.sides == ("left",) for e in single)
    assert all(c.side == "left" and c.verdict == "valgus" for e in single for c in e.cites)


def test_clean_landing_prescribes_nothing_to_correct() -> None:
    track, _ = jump_track()
    a = analysed(landing, track, "drop-jump")
    p = prescribe(build_result(a, video_info(a), "blazepose-full", {}), today=date(2026, 1, 5))
    assert p.status == "none_found" and p.optional
