import copy
import re

import pytest

from groundup.render.report import detail, headline, next_steps, render_report_html
from groundup.result import build_result
from synthetic import video_info

KEY_IDS = ("verdict-left", "verdict-right", "confidence", "evidence", "disclaimer", "annotated-video", "plots")


@pytest.fixture()
def result(valgus_left):
    return build_result(valgus_left, video_info(valgus_left), "blazepose-full", {})


@pytest.fixture()
def png(tmp_path):
    import cv2
    import numpy as np

    path = tmp_path / "x.png"
    cv2.imwrite(str(path), np.full((20, 30, 3), 128, np.uint8))
    return str(path)


def test_report_has_key_elements(result, png):
    html = render_report_html(result, {"plots": png, "worst_rep_left": png})
    for key in KEY_IDS:
        assert f'id="{key}"' in html
    assert "Your left knee caves in (marked)" in html
    assert "Your right knee stayed in line with your foot" in html
    assert "a screening aid, not a diagnosis" in html
    assert 'src="annotated.mp4"' in html
    assert html.count("data:image/png;base64,") == 2
    assert "re-test" in html


def test_report_is_self_contained(result, png):
    html = render_report_html(result, {"plots": png})
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert "<link" not in html and "@import" not in html and "<script" not in html


def test_report_escapes_text(result):
    evil = copy.deepcopy(result)
    evil["video"]["path"] = "clip <script>alert(1)<\\script>.mp4"
    evil["sides"]["left"]["knee"]["reasons"] = ["<b>bold</b> & more"]
    html = render_report_html(evil, {})
    assert "<script>alert(1)" not in html and "&lt;script&gt;" in html
    assert "<b>bold</b>" not in html and "&lt;b&gt;bold&lt;/b&gt; &amp; more" in html


def test_insufficient_report_gives_refilm_advice(no_reps):
    r = build_result(no_reps, video_info(no_reps), "blazepose-full", {})
    html = render_report_html(r, {})
    assert "We could not judge your left knee" in html
    refuse = [i["advice"] for i in r["capture"]["issues"] if i["severity"] == "refuse"]
    assert refuse and all(a[1:] in html for a in refuse)


def test_headline_words():
    knee = {"verdict": "insufficient", "severity": "none", "reasons": ["The clip lasts 0.5 s."], "value": None}
    assert headline("right", knee) == "We could not judge your right knee"
    assert detail(knee, 0.15) == "The clip lasts 0.5 s."
    assert headline("left", {"verdict": "varus", "severity": "mild"}).endswith("pushes out past your foot")


def test_next_steps_for_valgus_mention_program_and_retest():
    steps = next_steps(["mild", "neutral"], {"can_judge": True, "issues": []})
    assert any("program" in s and "re-test" in s for s in steps)


def _knee(result: dict, side: str) -> dict:
    return result["sides"][side]["knee"]


def test_in_line_verdict_states_the_smallest_collapse_it_would_have_seen(result):
    right = _knee(result, "right")
    assert right["verdict"] == "neutral" and right["smallest_detectable_collapse"] is not None
    text = detail(right, 0.15)
    assert f"caving in by {right['smallest_detectable_collapse']:.2f} shin lengths or more would have been seen" in text
    assert "over your foot" in text  # 0.07 inside its line: under the cut-off, so not "inside the foot"
    html = render_report_html(result, {})
    assert "would have been seen" in html


def test_smallest_collapse_above_the_mild_cut_off_is_called_less_certain():
    knee = {"verdict": "neutral", "severity": "none", "value": -0.1, "reps_judged": 1, "reps_affected": 0,
            "reasons": [], "smallest_detectable_collapse": 0.36, "checks": {}}
    assert "less certain" in detail(knee, 0.15)
    assert "less certain" not in detail({**knee, "smallest_detectable_collapse": 0.1}, 0.15)


def test_valgus_inside_the_foot_says_so_and_lists_both_criteria_per_rep(valgus_left):
    from groundup.render.report import side_view

    r = build_result(valgus_left, video_info(valgus_left), "blazepose-full", {})
    view = side_view("left", r)
    foot = _knee(r, "left")["checks"]["inside_foot"]
    assert f"{foot['value']:.2f} shin lengths inside the line of your foot" in view["detail"]
    assert len(view["evidence"]) == 3
    cut = r["thresholds"]["items"]["knee.inside_foot_mild"]["value"]
    assert all(row["foot"] != "not judged" and row["foot_threshold"] == f"{cut:+.2f} shin lengths"
               for row in view["evidence"])
    assert "rising from the toes" in view["still"]


def test_neutral_knee_with_a_rep_inside_the_foot_is_not_called_in_line(one_rep_inside):
    r = build_result(one_rep_inside, video_info(one_rep_inside), "blazepose-full", {})
    assert _knee(r, "left")["verdict"] == "neutral"
    assert headline("left", _knee(r, "left")) == "Your left knee did not cave in overall"
    assert headline("right", _knee(r, "right")) == "Your right knee stayed in line with your foot"


def test_sources_shown_to_readers_are_citations_or_our_clips_never_internal_notes():
    import tomllib
    from importlib.resources import files

    from groundup.render.report import OWN_CHOICE, OWN_DATA, public_source

    data = tomllib.loads(files("groundup.data").joinpath("thresholds.toml").read_text(encoding="utf-8"))

    def sources(node):
        if isinstance(node, dict):
            if isinstance(node.get("source"), str):
                yield node["source"]
            for value in node.values():
                yield from sources(value)

    shown = {public_source(s) for s in sources(data)}
    assert len(shown) > 10
    for text in shown:
        assert not re.search(r"issue \d|probe|benchmarks/|tests/|\.py|README|\.md|unverified|UCSD|LiftCheck", text,
                             re.IGNORECASE), text
    assert public_source("Issue 2 probe on ~24 real front-view squats: healthy <= +0.11") == OWN_DATA
    assert public_source("groundup choice (unverified): shorter lifts are steps") == OWN_CHOICE
    assert public_source("Munro, Herrington & Carolan 2012: smallest detectable difference 7.5-8.9 deg") == \
        "Munro, Herrington & Carolan 2012: smallest detectable difference 7.5-8.9 deg"  # a citation stays whole


def test_words_to_the_athlete_turn_to_a_coach_reading_about_them():
    from groundup.render.report import third_person, unit_words

    assert third_person("Your left knee stayed in line with your foot", "Ana") == \
        "Ana's left knee stayed in line with their foot"
    assert third_person("At the bottom your knee sat inside; as you went down", "Ben") == \
        "At the bottom Ben's knee sat inside; as they went down"
    assert unit_words("shank lengths of inward collapse at full depth") == "shin lengths"
    assert unit_words("deg of the trunk from vertical") == "°" and unit_words("s") == "s"
