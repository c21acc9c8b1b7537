"""Drop-jump landing screen: known synthetic events, refusals, and the real clips end to end."""

from __future__ import annotations

from pathlib import Path

import pytest
from jump_walk_bodies import jump_track

from clips import clip
from groundup.pose.track import PoseTrack
from groundup.screens import SCREENS
from groundup.screens.base import prepare
from groundup.screens.landing import analyse
from groundup.thresholds import load_thresholds
from real_tracks import real_track

TH = load_thresholds()


def run(track: PoseTrack):
    return analyse(prepare(track, TH), "drop-jump", TH)


def events(a, kind: str, side: str | None = None) -> list[int]:
    return [e.frame for e in a.screen.events if e.kind == kind and e.side == side]


def criterion(a, name: str, side: str | None = None):
    return next(c for c in a.screen.criteria if c.name == name and c.side == side)


@pytest.fixture(scope="module")
def asymmetric_valgus():
    track, truth = jump_track(n_jumps=3, contact_lag={"right": 4}, valgus={"left": 0.35})
    return run(track), truth


def test_events_are_found_within_two_frames(asymmetric_valgus) -> None:
    a, truth = asymmetric_valgus
    assert len(a.reps) == 3
    for found, expected in zip(events(a, "takeoff"), truth.takeoff):
        assert abs(found - expected) <= 2
    for side in ("left", "right"):
        for found, expected in zip(events(a, "contact", side), truth.contact):
            assert abs(found - expected[side]) <= 2, side
    for found, expected in zip(events(a, "deepest"), truth.deepest):
        assert abs(found - expected) <= 2
    assert [r.start for r in a.reps] == [min(c.values()) for c in events_by_landing(a)]


def events_by_landing(a) -> list[dict[str, int]]:
    left, right = events(a, "contact", "left"), events(a, "contact", "right")
    return [{"left": lf, "right": rf} for lf, rf in zip(left, right)]


def test_the_caving_knee_is_judged_valgus_and_the_other_neutral(asymmetric_valgus) -> None:
    a, _ = asymmetric_valgus
    assert a.quality.can_judge
    assert a.knees["left"].verdict == "valgus" and a.knees["left"].reps_judged == 3
    assert a.knees["left"].summary_value == pytest.approx(0.35, abs=0.05)
    assert a.knees["right"].verdict == "neutral"
    assert criterion(a, "knee_shift_deepest", "left").rating == "poor"
    assert criterion(a, "knee_shift_deepest", "right").rating == "good"
    assert criterion(a, "knee_shift_contact", "left").rating == "good"  # the knee caves in after contact
    assert a.symmetry["pattern"] == "left only"


def test_less_items_scored_with_evidence(asymmetric_valgus) -> None:
    a, _truth = asymmetric_valgus
    asym = criterion(a, "less_asymmetric_contact")
    assert asym.rating == "present" and asym.value == pytest.approx(4 / 60, abs=1.5 / 60)
    assert criterion(a, "less_knee_valgus_displacement").rating == "present"
    assert criterion(a, "less_knee_valgus_contact").rating == "absent"
    assert criterion(a, "less_stance_wide").rating == "absent" and criterion(a, "less_stance_narrow").rating == "absent"
    assert criterion(a, "less_lateral_trunk_flexion").rating == "absent"
    assert criterion(a, "less_foot_toe_out").rating == "unknown"  # foot angle unvalidated from one camera
    subset = criterion(a, "less_front_subset")
    assert subset.value == 2 and "not a full LESS score" in subset.note
    assert a.screen.figures["less_front_items_scored"] == 6
    for c in a.screen.criteria:
        if c.rating in ("present", "absent", "good", "poor"):
            assert c.frames and c.threshold is not None and c.threshold.source and 0 < c.confidence <= 0.95


def test_symmetric_landing_has_no_asymmetry_and_no_valgus() -> None:
    track, _truth = jump_track(n_jumps=3)
    a = run(track)
    assert criterion(a, "less_asymmetric_contact").rating == "absent"
    assert {a.knees[s].verdict for s in ("left", "right")} == {"neutral"}
    assert criterion(a, "less_front_subset").value == 0


def test_narrow_stance_is_a_less_error() -> None:
    track, _ = jump_track(n_jumps=3, stance_ratio=0.5)
    a = run(track)
    assert criterion(a, "less_stance_narrow").rating == "present"
    assert a.screen.figures["stance_width_contact"] < TH.value("landing.stance_narrow")


def test_clip_starting_after_the_landing_is_refused_with_refilming_advice() -> None:
    _track, truth = jump_track(n_jumps=1, start_frame=0)
    cut, _ = jump_track(n_jumps=1, start_frame=truth.contact[0]["right"] + 5)
    a = run(cut)
    assert not a.quality.can_judge and not a.reps
    issue = next(i for i in a.quality.issues if i.severity == "refuse" and i.code == "no_flight")
    assert "No flight phase" in issue.message and "after the landing" in issue.message
    assert "before you step off the box" in issue.advice
    assert a.knees["left"].verdict == "insufficient"


def test_registered_protocol_is_this_module() -> None:
    assert SCREENS["drop-jump"].analyse_fn() is analyse


# ---------------------------------------------------------------- real clips


def track_of(path: Path) -> PoseTrack:
    return real_track(path)


@pytest.fixture(scope="session")
def cmj_track() -> PoseTrack:
    return track_of(clip("ucsd_render_countermovement_jump.mp4"))


@pytest.fixture(scope="session")
def side_two_people_track() -> PoseTrack:
    return track_of(clip("sports2d_demo_side_two_people.mp4"))


@pytest.mark.slow
def test_real_countermovement_jump_three_landings_judged(cmj_track) -> None:
    a = run(cmj_track)
    times = cmj_track.times_s
    assert len(a.reps) == 3 and a.quality.can_judge
    # flights near 5.3-5.6 s, 8.4-8.6 s and 11.3-11.5 s: each contact shortly after
    for contact, (lo, hi) in zip([times[r.start] for r in a.reps], [(5.5, 6.0), (8.5, 9.0), (11.4, 11.9)]):
        assert lo <= contact <= hi
    for r in a.reps:
        assert r.start < r.bottom <= r.start + 30 and r.complete
    for side in ("left", "right"):
        assert a.knees[side].verdict == "neutral", a.knees[side]
        assert a.knees[side].reps_judged == 3
    assert criterion(a, "less_asymmetric_contact").rating == "absent"
    assert criterion(a, "knee_separation_deepest").rating == "good"


@pytest.mark.slow
def test_real_side_view_box_jump_is_not_judged(side_two_people_track) -> None:
    a = run(side_two_people_track)
    assert not a.quality.can_judge
    assert {a.knees[s].verdict for s in ("left", "right")} == {"insufficient"}
    assert all(c.rating == "unknown" for c in a.screen.criteria)
