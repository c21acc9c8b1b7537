import numpy as np

from groundup.pose.landmarks import INDEX
from groundup.pose.tracking import TrackingSettings, mark_identity_jumps, mark_leg_swaps
from synthetic import squat_track


def test_clean_track_stays_valid() -> None:
    tr = squat_track()
    assert mark_identity_jumps(tr, TrackingSettings()) == 0
    assert mark_leg_swaps(tr) == 0
    assert tr.valid.all()


def test_jump_to_a_smaller_person_is_marked() -> None:
    tr = squat_track()
    frames = slice(100, 120)
    centre = np.array([600.0, 400.0])
    tr.image_xy[frames] = centre + 0.5 * (tr.image_xy[frames] - tr.image_xy[frames].mean(axis=1, keepdims=True))
    n = mark_identity_jumps(tr, TrackingSettings())
    assert n == 20
    assert not tr.valid[frames].any() and tr.valid[:100].all() and tr.valid[120:].all()
    assert tr.invalid_reason[110] == "tracking jumped to another person"


def test_leg_swap_is_marked() -> None:
    tr = squat_track()
    for joint in ("knee", "ankle", "heel", "foot_index"):
        li, ri = INDEX[f"left_{joint}"], INDEX[f"right_{joint}"]
        tr.image_xy[50:55, [li, ri]] = tr.image_xy[50:55, [ri, li]]
    assert mark_leg_swaps(tr) == 5
    assert not tr.valid[50:55].any() and tr.valid[:50].all()
    assert tr.invalid_reason[52] == "left and right legs swapped"
