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
