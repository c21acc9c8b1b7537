import cv2
import numpy as np
import pytest

from groundup.findings.verdicts import INSIDE_FOOT
from groundup.render.style import inside_foot, knee_cutoffs
from groundup.render.worst_rep import caption_lines, worst_rep_frames, write_worst_rep_png


def test_worst_frame_is_the_rep_furthest_inside_the_foot(valgus_left):
    left = worst_rep_frames(valgus_left)["left"]
    assert left is not None
    assert any(r.start <= left <= r.end for r in valgus_left.reps)
    foot = valgus_left.knees["left"].check(INSIDE_FOOT)
    assert valgus_left.knees["left"].criterion == "both"
    assert max(e.value for e in foot.evidence) == next(e.value for e in foot.evidence if e.frame == left)


def test_neutral_knee_pictures_its_rep_closest_to_caving_in(one_rep_inside):
    knee = one_rep_inside.knees["left"]
    assert knee.verdict == "neutral"
    frame = worst_rep_frames(one_rep_inside)["left"]
    first = one_rep_inside.reps[0]
    assert first.start <= frame <= first.end


def test_no_worst_frame_when_not_judged(no_reps):
    assert worst_rep_frames(no_reps) == {"left": None, "right": None}


def _text(lines):
    return " | ".join(t for t, _ in lines)


@pytest.mark.parametrize("name", ["valgus_left", "one_rep_inside"])
@pytest.mark.parametrize("side", ["left", "right"])
def test_caption_agrees_with_the_drawn_value(request, name, side):
    """'inside the foot' exactly when the pictured knee is past the cut-off, and then never 'in line'."""
    a = request.getfixturevalue(name)
    frame = worst_rep_frames(a)[side]
    value, cut = inside_foot(a, side, frame), knee_cutoffs(a).inside_mild
    text = _text(caption_lines(a, side, frame))
    assert np.isfinite(value)  # these squats are deep: the knee is judged over its foot
    assert f"{abs(value):.2f} shin lengths" in text
    assert (f"{value:.2f} shin lengths inside the foot" in text) == (value >= cut)
    if value >= cut:
        assert "in line" not in text


def test_neutral_caption_with_a_rep_past_the_cut_off_does_not_say_in_line(one_rep_inside):
    frame = worst_rep_frames(one_rep_inside)["left"]
    head = caption_lines(one_rep_inside, "left", frame)[0][0]
    assert inside_foot(one_rep_inside, "left", frame) >= knee_cutoffs(one_rep_inside).inside_mild
    assert "in line" not in head and "crossed" in head
    assert "in line" in caption_lines(one_rep_inside, "right", worst_rep_frames(one_rep_inside)["right"])[0][0]


def test_worst_rep_png(tmp_path, valgus_left):
    frame = worst_rep_frames(valgus_left)["left"]
    rgb = np.full((valgus_left.track.height, valgus_left.track.width, 3), 90, np.uint8)
    path = tmp_path / "worst_rep_left.png"
    write_worst_rep_png(rgb, valgus_left, "left", frame, path)
    img = cv2.imread(str(path))
    assert img is not None and img.shape[0] > 300
    assert len(np.unique(img.reshape(-1, 3), axis=0)) > 20  # drawn on, with text
