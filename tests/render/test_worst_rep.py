import cv2
import numpy as np

from groundup.render.worst_rep import worst_rep_frames, write_worst_rep_png


def test_worst_frame_is_in_a_rep(valgus_left):
    frames = worst_rep_frames(valgus_left)
    left = frames["left"]
    assert left is not None
    assert any(r.start <= left <= r.end for r in valgus_left.reps)
    best = max(e.value for e in valgus_left.knees["left"].evidence)
    assert best == next(e.value for e in valgus_left.knees["left"].evidence if e.frame == left)


def test_no_worst_frame_when_not_judged(no_reps):
    assert worst_rep_frames(no_reps) == {"left": None, "right": None}


def test_worst_rep_png(tmp_path, valgus_left):
    frame = worst_rep_frames(valgus_left)["left"]
    rgb = np.full((valgus_left.track.height, valgus_left.track.width, 3), 90, np.uint8)
    path = tmp_path / "worst_rep_left.png"
    write_worst_rep_png(rgb, valgus_left, "left", frame, path)
    img = cv2.imread(str(path))
    assert img is not None and img.shape[0] > 300
    assert len(np.unique(img.reshape(-1, 3), axis=0)) > 20  # drawn on, with text
