from datetime import date, timedelta

from program_results import NEUTRAL, VALGUS, ankle, knee, result

from groundup.program.prescribe import prescribe, prescription_from_dict

TODAY = date(2024, 3, 4)


def tracks(p) -> list[str]:
    return list(dict.fromkeys(e.track for e in p.entries))


def test_valgus_both_sides_gets_release_then_balance_and_band_squat() -> None:
    p = prescribe(result(knee("valgus", VALGUS), knee("valgus", VALGUS)), today=TODAY)
    assert p.status == "program" and not p.optional and p.affected_side is None
    assert tracks(p) == ["release", "lengthen", "balance", "band-squat"]
    assert [e.phase for e in p.entries][:4] == ["release", "release", "lengthen", "lengthen"]
    assert [e.order for e in p.entries] == list(range(1, len(p.entries) + 1))
    activation = [e for e in p.entries if e.phase == "activate"]
    assert all(e.level == 1 for e in activation)
    assert {e.exercise_id for e in activation} == {"balance-bodyweight", "band-box-squat-parallel"}
    squat = next(e for e in p.entries if e.track == "band-squat")
    assert squat.sides == ("both",)
    assert {(c.side, c.joint, c.verdict, c.severity) for c in squat.cites} == {
        ("left", "knee", "valgus", "marked"), ("right", "knee", "valgus", "marked")}
    assert squat.cites[0].value == 0.34 and squat.cites[0].confidence == 0.9
    assert "warm-up" in p.placement.lower()
    assert p.retest_due == TODAY + timedelta(weeks=6)  # mastery expected in 12 weeks: the 6-week bound


def test_one_side_adds_the_single_side_track_for_that_leg_only() -> None:
    p = prescribe(result(knee("neutral", NEUTRAL), knee("valgus", VALGUS)), today=TODAY)
    assert p.affected_side == "right"
    assert tracks(p) == ["release", "lengthen", "balance", "band-squat", "single-side"]
    single = next(e for e in p.entries if e.track == "single-side")
    assert single.exercise_id == "single-half-kneeling" and single.sides == ("right",)
    assert [(c.side, c.verdict) for c in single.cites] == [("right", "valgus")]
    assert "right" in p.message


def test_single_side_track_only_for_a_one_sided_finding() -> None:
    both = prescribe(result(knee("valgus", VALGUS), knee("valgus", VALGUS)), today=TODAY)
    # one knee over the line but the engine judged the sides alike: bilateral programme
    alike = prescribe(result(knee("valgus", (0.16, 0.17, 0.16)), knee("neutral", (0.12, 0.13, 0.12)),
                             pattern="both"), today=TODAY)
    assert "single-side" not in tracks(both) and "single-side" not in tracks(alike)


def test_ankle_only_is_balance_emphasis() -> None:
    r = result(knee("neutral", NEUTRAL), knee("neutral", NEUTRAL), ankle("eversion", 0.08))
    p = prescribe(r, today=TODAY)
    assert p.status == "program"
    assert tracks(p) == ["release", "lengthen", "balance"]  # eversion is ankle valgus: release too
    balance = next(e for e in p.entries if e.track == "balance")
    assert [(c.side, c.joint, c.verdict) for c in balance.cites] == [("left", "ankle", "eversion")]
    inversion = prescribe(result(knee("neutral", NEUTRAL), knee("neutral", NEUTRAL), None,
                                 ankle("inversion", -0.08)), today=TODAY)
    assert inversion.status == "ankle_out" and inversion.entries == () and inversion.retest_due is None
    assert "right ankle rolls outward" in inversion.message and "physiotherapist" in inversion.message


def test_nothing_found_says_so_and_offers_optional_activation() -> None:
    p = prescribe(result(knee("neutral", NEUTRAL), knee("neutral", NEUTRAL)), today=TODAY)
    assert p.status == "none_found" and p.optional
    assert "nothing" in p.message.lower()
    assert tracks(p) == ["balance", "band-squat"] and all(not e.cites for e in p.entries)


def test_pain_stops_everything_and_refers() -> None:
    p = prescribe(result(knee("valgus", VALGUS), knee("valgus", VALGUS)), True, today=TODAY)
    assert p.status == "refer" and p.entries == () and p.retest_due is None
    assert "physiotherapist" in p.message


def test_insufficient_evidence_means_refilm_without_a_programme() -> None:
    p = prescribe(result(knee("insufficient", ()), knee("valgus", VALGUS)), today=TODAY)
    assert p.status == "refilm" and p.entries == ()
    assert "film" in p.message.lower() and "not seen" in p.message
    refused = prescribe(result(knee("valgus", VALGUS), knee("valgus", VALGUS), can_judge=False), today=TODAY)
    assert refused.status == "refilm" and "square to the camera" in refused.message


def test_varus_and_low_confidence_are_noted() -> None:
    p = prescribe(result(knee("varus", (-0.2, -0.2, -0.2)), knee("valgus", VALGUS, confidence=0.3)), today=TODAY)
    assert any("varus" in n for n in p.notes) and any("low confidence" in n for n in p.notes)


def test_prescription_round_trips_through_a_dict() -> None:
    p = prescribe(result(knee("neutral", NEUTRAL), knee("valgus", VALGUS)), today=TODAY)
    assert prescription_from_dict(p.as_dict()) == p
