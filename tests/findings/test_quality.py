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


def test_every_gate_cut_off_is_a_threshold_with_unit_and_source() -> None:
    from groundup.findings.quality import GATE, FirstOf

    rows = [row for check in GATE if isinstance(check, FirstOf) for row in check.rows]
    assert len(rows) >= 10
    for row in rows:
        for key in filter(None, (row.key, row.scale_key)):
            assert TH[key].unit and TH[key].source, key
        assert row.fails in ("below", "above") and row.effect in ("refuse", "warn")


@pytest.mark.parametrize("changes,code,severity", [
    ({"out_of_frame_share": 0.05}, "cut_off", "warn"),
    ({"identity_jump_frames": 3.0}, "second_person", "warn"),
])
def test_warnings_that_keep_the_verdict(changes: dict, code: str, severity: str) -> None:
    q = gate(**changes)
    assert q.can_judge and [(i.code, i.severity) for i in q.issues] == [(code, severity)]


def test_a_statistic_that_is_not_a_number_raises_no_issue() -> None:
    nan = float("nan")
    assert gate(width_ratio=nan, hip_yaw_deg=nan, knee_jitter=nan).issues == []


def test_gate_cut_offs_follow_the_config(tmp_path) -> None:
    cfg = tmp_path / "c.toml"
    cfg.write_text("[quality.min_upright_share]\nvalue = 0.05\n[quality.person_height_refuse_factor]\nvalue = 0.9\n")
    th = load_thresholds(cfg)
    assert assess_capture({**GOOD, "upright_share": 0.1}, th).issues == []
    assert gate(upright_share=0.1).issues[0].code == "sideways"
    refused = [(i.code, i.severity, i.threshold_key) for i in assess_capture({**GOOD, "person_height": 0.2}, th).issues]
    assert refused == [("too_small", "refuse", "quality.min_person_height")]


def test_issue_messages_carry_the_measured_values() -> None:
    q = gate(duration_s=0.5, out_of_frame_share=0.5, hip_yaw_deg=25.0)
    messages = {i.code: i.message for i in q.issues}
    assert messages["too_short"] == "The clip lasts 0.5 s, too short for a squat."
    assert "50% of the frames" in messages["cut_off"]
    assert "about 25 deg off the front" in messages["not_square"]
