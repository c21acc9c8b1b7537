"""Every screen's analysis goes through the same outputs: video, stills, plots, CSV and a report
whose rated-items table lists the screen's criteria."""

from __future__ import annotations

import pytest
from jump_walk_bodies import jump_track, walk_track
from single_leg_bodies import analysed, balance_clip, single_leg_squat_clip

from groundup.render import write_outputs
from groundup.result import build_result, frame_table_csv
from groundup.screens import SCREENS
from synthetic import stick_frames, video_info

CASES = {
    "single-leg-squat": lambda: single_leg_squat_clip(knee_in={"left": 0.4})[0],
    "drop-jump": lambda: jump_track()[0],
    "gait": lambda: walk_track()[0],
    "single-leg-balance": lambda: balance_clip()[0],
}


@pytest.mark.parametrize("movement", sorted(CASES))
def test_screen_outputs_and_report(tmp_path, movement: str) -> None:
    a = analysed(SCREENS[movement].analyse_fn(), CASES[movement](), movement)
    result = build_result(a, video_info(a), "blazepose-full", {})
    assert result["screen"]["screen"] == movement and result["screen"]["criteria"]
    write_outputs(tmp_path, a, result, stick_frames(a))
    names = {p.name for p in tmp_path.iterdir()}
    assert {"annotated.mp4", "measures.png", "report.html"} <= names
    page = (tmp_path / "report.html").read_text()
    assert SCREENS[movement].title in page and 'id="screen-criteria"' in page
    for c in result["screen"]["criteria"]:
        assert c["label"] in page.replace("&#39;", "'")
    rows = frame_table_csv(a).splitlines()
    assert len(rows) == len(a.track) + 1
