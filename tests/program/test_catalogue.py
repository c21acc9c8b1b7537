import copy
import tomllib
from importlib import resources

import pytest

from groundup.errors import ConfigError
from groundup.program.catalogue import load_catalogue, parse_catalogue

CAT = load_catalogue()


def raw() -> dict:
    text = resources.files("groundup.program").joinpath("catalogue.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def test_the_three_progressions_in_the_seed_order() -> None:
    assert [e.id for e in CAT.in_track("balance")] == [
        "balance-bodyweight", "balance-foam-pad", "balance-contralateral-weight", "balance-band"]
    assert [e.id for e in CAT.in_track("band-squat")] == ["band-box-squat-parallel", "band-box-squat-low", "band-squat"]
    assert [e.id for e in CAT.in_track("single-side")] == [
        "single-half-kneeling", "single-box-squat", "single-squat", "single-step-up", "single-split-squat"]


def test_doses_side_rules_and_bands() -> None:
    assert all((e.dose.kind, e.dose.low, e.dose.high) == ("seconds_per_leg", 10, 20) for e in CAT.in_track("balance"))
    assert all((e.dose.kind, e.dose.low, e.dose.high) == ("reps", 10, 20) for e in CAT.in_track("band-squat"))
    hold = CAT.exercise("single-half-kneeling")
    assert (hold.dose.kind, hold.dose.low, hold.dose.high) == ("seconds_per_rep", 15, 20)
    assert {e.side_rule for e in CAT.in_track("single-side")} == {"affected leg"}
    assert {e.side_rule for e in CAT.in_track("band-squat")} == {"both together"}
    assert "below the knees" in CAT.exercise("band-squat").band.placement
    assert "above the knee" in CAT.exercise("single-split-squat").band.placement
    assert CAT.exercise("balance-bodyweight").band is None


def test_release_and_lengthening_work() -> None:
    assert {e.id for e in CAT.in_track("release")} == {"roll-adductors", "roll-inner-calf"}
    assert {e.id for e in CAT.in_track("lengthen")} == {"stretch-calf-straight-knee", "stretch-calf-bent-knee"}
    assert CAT.exercise("roll-adductors").dose.low == 30 and CAT.exercise("roll-adductors").dose.high == 60
    assert CAT.exercise("stretch-calf-bent-knee").dose.high == 30


def test_links_resolve_and_mirror_each_other() -> None:
    for ex in CAT.exercises:
        if ex.harder:
            assert CAT.exercise(ex.harder).easier == ex.id
        if ex.easier:
            assert CAT.exercise(ex.easier).harder == ex.id
        assert ex.cues and ex.accomplished


def _broken(edit) -> str:
    data = copy.deepcopy(raw())
    edit(data)
    with pytest.raises(ConfigError) as caught:
        parse_catalogue(data, "test.toml")
    return str(caught.value)


def _exercise(data: dict, eid: str) -> dict:
    return next(e for e in data["exercises"] if e["id"] == eid)


@pytest.mark.parametrize("edit,words", [
    (lambda d: _exercise(d, "balance-foam-pad").update(harder="no-such-thing"), "balance-foam-pad"),
    (lambda d: _exercise(d, "band-squat").update(level=5), "band-squat"),
    (lambda d: _exercise(d, "band-squat").update(side_rule="one leg"), "side_rule"),
    (lambda d: _exercise(d, "band-squat")["dose"].update(low=30), "low 30 is above high 20"),
    (lambda d: _exercise(d, "band-squat").pop("band"), "band placement"),
    (lambda d: _exercise(d, "roll-adductors").update(colour="red"), "unknown keys colour"),
    (lambda d: d["exercises"].append(copy.deepcopy(_exercise(d, "band-squat"))), "used more than once"),
    (lambda d: _exercise(d, "band-squat").update(track="nowhere"), "unknown track"),
    (lambda d: _exercise(d, "balance-band").update(easier="balance-bodyweight"), "easier/harder"),
    (lambda d: d["rules"].pop("overdue_after_days"), "[rules]"),
])
def test_invalid_catalogue_is_refused_naming_the_entry(edit, words: str) -> None:
    message = _broken(edit)
    assert words in message and "test.toml" in message
