import pytest

from groundup.findings.quality import assess_capture
from groundup.thresholds import load_thresholds

TH = load_thresholds()
GOOD = {"duration_s": 9.0, "detected_share": 1.0, "invalid_share_in_reps": 0.0, "identity_jump_frames": 0.0,
        "hip_yaw_deg": 2.0, "width_ratio": 0.63, "person_height": 0.45, "lower_visibility": 0.98,
        "out_of_frame_share": 0.0, "knee_jitter": 0.005, "upright_share": 1.0, "second_person_probes": 9.0,
        "second_person_hits": 0.0, "second_person_height": 0.0, "reps": 5.0}


def gate(**changes):
    return assess_capture({**GOOD, **changes}, TH)


def codes(q, severity):
    return {i.code for i in q.issues if i.severity == severity}


def test_good_capture_passes_with_full_factor() -> None:
    q = gate()
    assert q.can_judge and q.issues == [] and q.confidence_factor == 1.0


@pytest.mark.parametrize("changes,code,severity", [
    ({"hip_yaw_deg": 14.0}, "not_square", "warn"),
    ({"hip_yaw_deg": 25.0}, "not_square", "refuse"),
    ({"width_ratio": 0.3}, "side_view", "refuse"),
    ({"out_of_frame_share": 0.5}, "cut_off", "refuse"),
    ({"person_height": 0.2}, "too_small", "warn"),
    ({"person_height": 0.1}, "too_small", "refuse"),
    ({"lower_visibility": 0.6}, "poorly_seen", "warn"),
    ({"lower_visibility": 0.3}, "poorly_seen", "refuse"),
    ({"knee_jitter": 0.03}, "noisy_tracking", "warn"),
    ({"knee_jitter": 0.08}, "noisy_tracking", "refuse"),
    ({"invalid_share_in_reps": 0.5}, "lost_track", "refuse"),
    ({"upright_share": 0.1}, "sideways", "refuse"),
    ({"duration_s": 0.5}, "too_short", "refuse"),
    ({"reps": 0.0}, "no_reps", "refuse"),
    ({"reps": 2.0}, "few_reps", "warn"),
    ({"second_person_hits": 1.0, "second_person_height": 1.1}, "second_person", "warn"),
    ({"second_person_hits": 4.0, "second_person_height": 1.1}, "second_person", "refuse"),
    ({"second_person_hits": 2.0, "second_person_probes": 31.0}, "second_person", "warn"),
])
def test_each_check_warns_or_refuses(changes: dict, code: str, severity: str) -> None:
    q = gate(**changes)
    assert code in codes(q, severity)
    assert q.can_judge == (severity == "warn")
    assert q.confidence_factor < 1.0
    issue = next(i for i in q.issues if i.code == code)
    assert issue.message and issue.advice


def test_few_reps_lowers_confidence_more_than_a_warning() -> None:
    assert gate(reps=2.0).confidence_factor == pytest.approx(0.7)
    assert gate(hip_yaw_deg=14.0).confidence_factor == pytest.approx(0.8)
