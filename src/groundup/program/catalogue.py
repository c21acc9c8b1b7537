"""The exercise catalogue as data (``catalogue.toml``), validated when loaded.

Tracks are either progressive (levels 1..n, each level linked to its easier and harder
neighbour) or standalone (release and lengthening work: kept, never progressed).
The programme rules (thresholds for accomplished, easy, pain, overdue, re-test) live in the
same file under ``[rules]`` so the data and the numbers the logic uses travel together.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from groundup.errors import ConfigError

DOSE_KINDS = ("seconds_per_leg", "reps", "seconds_per_rep")
SIDE_RULES = ("each leg", "affected leg", "both together")
BAND_LEGS = ("both", "standing leg", "affected leg")
PHASES = ("release", "lengthen", "activate")
BAND_WORD = re.compile(r"\bband\b")
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
RULE_KEYS = ("accomplished_max_difficulty", "easy_max_difficulty", "stop_pain_above", "overdue_after_days",
             "retest_weeks", "retest_after_completion_days", "maintenance_retest_weeks", "retest_max_weeks",
             "sets_per_session", "pain_high", "pain_recur_count", "pain_recur_days", "pain_pause_days")
EXERCISE_KEYS = {"id", "name", "track", "level", "dose", "equipment", "band", "side_rule", "cues",
                 "accomplished", "easier", "harder", "hands_free", "roll_in_cues"}


@dataclass(frozen=True)
class Dose:
    """How much of an exercise: a low-high range of reps or seconds; accomplished at ``high``."""

    kind: str  # seconds_per_leg | reps | seconds_per_rep
    low: int
    high: int
    step: int  # weekly rise of the aim at a level, toward the top
    reps: int | None = None  # holds per session, seconds_per_rep only

    @property
    def unit(self) -> str:
        """What a logged set counts: ``"reps"`` or ``"seconds"``."""
        return "reps" if self.kind == "reps" else "seconds"

    def ramp_weeks(self) -> int:
        """Weeks at a level until the weekly aim is the top (1 when it starts there)."""
        return 1 + (-(-(self.high - self.low) // self.step) if self.step else 0)

    def describe(self) -> str:
        span = f"{self.low}-{self.high}" if self.low != self.high else f"{self.high}"
        if self.kind == "seconds_per_leg":
            return f"{span} s"
        if self.kind == "seconds_per_rep":
            return f"{self.reps} holds of {span} s"
        return f"{span} reps"


@dataclass(frozen=True)
class Band:
    """Where the resistance band goes; it always pulls the knee inward, to be resisted."""

    placement: str
    legs: str  # both | standing leg | affected leg


@dataclass(frozen=True)
class Track:
    """A sequence of exercises (progressive) or a group of standalone ones."""

    id: str
    name: str
    phase: str  # release | lengthen | activate
    progressive: bool
    order: int


@dataclass(frozen=True)
class Exercise:
    """One catalogue entry."""

    id: str
    name: str
    track: str
    level: int
    dose: Dose
    equipment: tuple[str, ...]
    band: Band | None
    side_rule: str  # each leg | affected leg | both together
    cues: tuple[str, ...]
    accomplished: str
    easier: str | None
    harder: str | None
    hands_free: bool = False  # mastery needs the hold without touching support
    roll_in_cues: tuple[str, ...] = ()  # cues that fit only an ankle rolling in

    def cues_for(self, ankle_rolls_out: bool) -> tuple[str, ...]:
        """The cues to show: without the roll-in ones when an ankle rolls out."""
        return self.cues if ankle_rolls_out else self.cues + self.roll_in_cues


@dataclass(frozen=True)
class ProgramRules:
    """The numbers the progression rules use (documented in catalogue.toml [rules])."""

    accomplished_max_difficulty: int
    easy_max_difficulty: int
    stop_pain_above: int
    overdue_after_days: int
    retest_weeks: int
    retest_after_completion_days: int
    maintenance_retest_weeks: int
    retest_max_weeks: int
    sets_per_session: int
    pain_high: int
    pain_recur_count: int
    pain_recur_days: int
    pain_pause_days: int


@dataclass(frozen=True)
class Catalogue:
    """All tracks, exercises and programme rules."""

    version: str
    rules: ProgramRules
    tracks: tuple[Track, ...]
    exercises: tuple[Exercise, ...]

    def exercise(self, exercise_id: str) -> Exercise:
        for ex in self.exercises:
            if ex.id == exercise_id:
                return ex
        raise KeyError(exercise_id)

    def has(self, exercise_id: str) -> bool:
        return any(ex.id == exercise_id for ex in self.exercises)

    def track(self, track_id: str) -> Track:
        for t in self.tracks:
            if t.id == track_id:
                return t
        raise KeyError(track_id)

    def in_track(self, track_id: str) -> tuple[Exercise, ...]:
        """The track's exercises, easiest first."""
        return tuple(sorted((e for e in self.exercises if e.track == track_id), key=lambda e: e.level))

    def first(self, track_id: str) -> Exercise:
        return self.in_track(track_id)[0]


def _fail(source: str, where: str, problem: str) -> ConfigError:
    return ConfigError(f"Exercise catalogue {source}: {where}: {problem}.")


def _int(value: Any, source: str, where: str, minimum: int = 0) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise _fail(source, where, f"expected a whole number >= {minimum}, got {value!r}")
    return value


def _text(value: Any, source: str, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _fail(source, where, f"expected non-empty text, got {value!r}")
    return value


def _texts(value: Any, source: str, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not value:
        raise _fail(source, where, "expected a non-empty list of text")
    return tuple(_text(v, source, where) for v in value)


def _rules(raw: Any, source: str) -> ProgramRules:
    if not isinstance(raw, dict) or set(raw) != set(RULE_KEYS):
        raise _fail(source, "[rules]", f"expected exactly the keys {', '.join(RULE_KEYS)}")
    values = {k: _int(raw[k], source, f"rules.{k}") for k in RULE_KEYS}
    if values["easy_max_difficulty"] > values["accomplished_max_difficulty"]:
        raise _fail(source, "[rules]", "easy_max_difficulty cannot exceed accomplished_max_difficulty")
    return ProgramRules(**values)


def _track(tid: str, raw: Any, source: str) -> Track:
    where = f"track '{tid}'"
    if not SLUG.match(tid) or not isinstance(raw, dict):
        raise _fail(source, where, "bad id or not a table")
    if raw.get("phase") not in PHASES:
        raise _fail(source, where, f"phase must be one of {', '.join(PHASES)}")
    if not isinstance(raw.get("progressive"), bool):
        raise _fail(source, where, "progressive must be true or false")
    return Track(tid, _text(raw.get("name"), source, where), raw["phase"], raw["progressive"],
                 _int(raw.get("order"), source, where, 1))


def _dose(raw: Any, source: str, where: str) -> Dose:
    if not isinstance(raw, dict) or raw.get("kind") not in DOSE_KINDS:
        raise _fail(source, where, f"dose.kind must be one of {', '.join(DOSE_KINDS)}")
    low, high = _int(raw.get("low"), source, where, 1), _int(raw.get("high"), source, where, 1)
    if low > high:
        raise _fail(source, where, f"dose low {low} is above high {high}")
    reps = raw.get("reps")
    if (raw["kind"] == "seconds_per_rep") != (reps is not None):
        raise _fail(source, where, "dose.reps is required for seconds_per_rep and only there")
    return Dose(raw["kind"], low, high, _int(raw.get("step", 0), source, where),
                None if reps is None else _int(reps, source, where, 1))


def _band(raw: Any, source: str, where: str) -> Band | None:
    if raw is None:
        return None
    if not isinstance(raw, dict) or raw.get("legs") not in BAND_LEGS:
        raise _fail(source, where, f"band.legs must be one of {', '.join(BAND_LEGS)}")
    return Band(_text(raw.get("placement"), source, where), raw["legs"])


def _exercise(raw: Any, source: str, index: int) -> Exercise:
    if not isinstance(raw, dict):
        raise _fail(source, f"exercise #{index + 1}", "not a table")
    eid = raw.get("id")
    where = f"exercise '{eid}'" if isinstance(eid, str) else f"exercise #{index + 1}"
    if not isinstance(eid, str) or not SLUG.match(eid):
        raise _fail(source, where, "id must be a lower-case slug such as 'band-squat'")
    unknown = set(raw) - EXERCISE_KEYS
    if unknown:
        raise _fail(source, where, f"unknown keys {', '.join(sorted(unknown))}")
    if raw.get("side_rule") not in SIDE_RULES:
        raise _fail(source, where, f"side_rule must be one of {', '.join(SIDE_RULES)}")
    equipment = _texts(raw.get("equipment"), source, where)
    band = _band(raw.get("band"), source, where)
    if (band is None) == any(BAND_WORD.search(e) for e in equipment):
        raise _fail(source, where, "a band placement is needed exactly when the equipment lists a band")
    links = {k: raw.get(k) for k in ("easier", "harder")}
    for k, v in links.items():
        if v is not None and not isinstance(v, str):
            raise _fail(source, where, f"{k} must be an exercise id")
    return Exercise(eid, _text(raw.get("name"), source, where), _text(raw.get("track"), source, where),
                    _int(raw.get("level"), source, where, 1), _dose(raw.get("dose"), source, where), equipment,
                    band, raw["side_rule"], _texts(raw.get("cues"), source, where),
                    _text(raw.get("accomplished"), source, where), links["easier"], links["harder"],
                    _flag(raw.get("hands_free", False), source, where),
                    _texts(raw["roll_in_cues"], source, where) if "roll_in_cues" in raw else ())


def _flag(value: Any, source: str, where: str) -> bool:
    if not isinstance(value, bool):
        raise _fail(source, where, "hands_free must be true or false")
    return value


def _check_track_links(track: Track, members: list[Exercise], ids: set[str], source: str) -> None:
    """Progressive: levels 1..n, easier/harder point at the neighbours. Standalone: level 1, no links."""
    for ex in members:
        for link in (ex.easier, ex.harder):
            if link is not None and link not in ids:
                raise _fail(source, f"exercise '{ex.id}'", f"links to unknown exercise '{link}'")
    if not track.progressive:
        for ex in members:
            if ex.level != 1 or ex.easier or ex.harder:
                raise _fail(source, f"exercise '{ex.id}'", f"track '{track.id}' is standalone: level 1, no links")
        return
    ordered = sorted(members, key=lambda e: e.level)
    if [e.level for e in ordered] != list(range(1, len(ordered) + 1)):
        raise _fail(source, f"track '{track.id}'", f"levels must run 1..{len(ordered)} without gaps or repeats")
    for i, ex in enumerate(ordered):
        want_easier = ordered[i - 1].id if i > 0 else None
        want_harder = ordered[i + 1].id if i + 1 < len(ordered) else None
        if (ex.easier, ex.harder) != (want_easier, want_harder):
            raise _fail(source, f"exercise '{ex.id}'",
                        f"easier/harder should be {want_easier!r}/{want_harder!r}, got {ex.easier!r}/{ex.harder!r}")


def parse_catalogue(data: dict, source: str = "<data>") -> Catalogue:
    """Build and validate a catalogue from parsed TOML; ``ConfigError`` names the bad entry."""
    if not isinstance(data.get("tracks"), dict) or not isinstance(data.get("exercises"), list):
        raise _fail(source, "top level", "needs [tracks.*] tables and [[exercises]] entries")
    rules = _rules(data.get("rules"), source)
    tracks = tuple(sorted((_track(k, v, source) for k, v in data["tracks"].items()), key=lambda t: t.order))
    if len({t.order for t in tracks}) != len(tracks):
        raise _fail(source, "tracks", "two tracks share an order number")
    exercises = tuple(_exercise(raw, source, i) for i, raw in enumerate(data["exercises"]))
    ids = [e.id for e in exercises]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise _fail(source, f"exercise '{dupes[0]}'", "id used more than once")
    track_ids = {t.id for t in tracks}
    for ex in exercises:
        if ex.track not in track_ids:
            raise _fail(source, f"exercise '{ex.id}'", f"unknown track '{ex.track}'")
    for t in tracks:
        members = [e for e in exercises if e.track == t.id]
        if not members:
            raise _fail(source, f"track '{t.id}'", "has no exercises")
        _check_track_links(t, members, set(ids), source)
    return Catalogue(_text(data.get("version"), source, "version"), rules, tracks, exercises)


@lru_cache(maxsize=1)
def load_catalogue() -> Catalogue:
    """The packaged catalogue (``groundup/program/catalogue.toml``), validated once."""
    text = resources.files("groundup.program").joinpath("catalogue.toml").read_text(encoding="utf-8")
    return parse_catalogue(tomllib.loads(text), "groundup/program/catalogue.toml")
