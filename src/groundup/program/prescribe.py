"""Prescription: which tracks an assessment's findings call for, as a warm-up.

Rules (issue 3, seed article, domain.md):
- pain reported -> no exercises; stop and see a professional (checked first);
- the clip cannot be judged (capture refused, a knee 'insufficient') -> no programme, re-film;
- an overhead squat whose compensations (forward lean, shoulders rising, low back arching) call
  for the arms-down squat -> no programme from its knees; film the arms-down squat, and the
  programme is built from that clip (the source article's handover);
- knee valgus on both sides -> single-leg balance + band-resisted squat;
- knee valgus on one side only (symmetry 'left only' / 'right only') -> also the single-side
  band-resisted track for that leg;
- any valgus (knee valgus or ankle eversion, the seed's "ankle valgus") -> release and
  lengthening first;
- ankle eversion without knee valgus -> balance emphasis (balance track only);
- an ankle rolling out (inversion) without knee valgus -> no programme: this warm-up is built for
  rolling in; advice to have a professional look. With knee valgus, the programme is for the knee
  and its cues that fit only an ankle rolling in are left out;
- nothing found -> say so; the activation routine (balance + band squat) is offered as optional.
Every track starts at level 1. Order in the session: release, lengthening, then activation,
before the main training. The first re-test is due when meeting each week's aim would have every
activation level mastered, bounded to ``retest_weeks``-``retest_max_weeks`` (4-6) weeks after the
start (4 weeks for the optional routine).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, timedelta

from groundup.pose.landmarks import SIDES
from groundup.program.assessment import Citation, can_judge, cite, refilm_advice
from groundup.program.catalogue import Catalogue, Dose, Exercise, load_catalogue

PLACEMENT = "Warm-up: before your main training, release first, then lengthening, then activation."
PHASE_WORDS = {"release": "release", "lengthen": "lengthening", "activate": "activation"}


def placement_for(entries: tuple[ProgramEntry, ...]) -> str:
    """Where the routine goes, naming only the phases it has."""
    phases = [PHASE_WORDS[p] for p in dict.fromkeys(e.phase for e in entries) if p in PHASE_WORDS]
    if len(phases) <= 1:
        return "Warm-up: before your main training."
    return f"Warm-up: before your main training, {phases[0]} first, then " + ", then ".join(phases[1:]) + "."
REFER = ("You reported pain, so no exercises are prescribed. See a physiotherapist or doctor before "
         "training this; groundup is a screening aid, not a diagnosis.")
STATUSES = ("program", "none_found", "refer", "refilm", "arms_down", "ankle_out")
ANKLE_OUT = ("The {sides} rolls outward (inversion) without the knee caving in. This warm-up is built for knees "
             "and ankles that roll in, and its cues would push an outward-rolling ankle further out, so no program "
             "is built from it. Have a physiotherapist or coach look at the ankle.")
ARMS_DOWN = ("No program from this clip's knees: {advice} Film the arms-down squat and assess it for this "
             "person; the program is built from that clip.")
MOVEMENT_WORDS = {"overhead-squat": "overhead squat", "arms-down-squat": "arms-down squat"}


@dataclass(frozen=True)
class ProgramEntry:
    """One prescribed item: a track at its starting level, for which sides, and why."""

    order: int
    track: str
    exercise_id: str
    level: int
    phase: str
    sides: tuple[str, ...]  # ("left", "right"), ("left",) or ("both",)
    dose: Dose
    reason: str
    cites: tuple[Citation, ...]


@dataclass(frozen=True)
class Prescription:
    """What to do, from one assessment. ``entries`` is empty for 'refer' and 'refilm'."""

    status: str  # program | none_found | refer | refilm | arms_down
    message: str
    start: date
    retest_due: date | None
    placement: str
    entries: tuple[ProgramEntry, ...] = ()
    findings: tuple[Citation, ...] = ()
    notes: tuple[str, ...] = ()
    affected_side: str | None = None  # the leg of the single-side track
    optional: bool = False  # True when nothing was found and the routine is only offered
    based_on: str = ""  # the clip the programme rests on, in words ("the arms-down squat filmed on ...")

    def exercise_ids(self, catalogue: Catalogue | None = None) -> tuple[str, ...]:
        """Every exercise that may be logged under this programme (all levels of its tracks)."""
        cat = catalogue or load_catalogue()
        return tuple(ex.id for e in self.entries for ex in cat.in_track(e.track)
                     if cat.track(e.track).progressive or ex.id == e.exercise_id)

    def as_dict(self) -> dict:
        data = asdict(self)
        data["start"] = self.start.isoformat()
        data["retest_due"] = self.retest_due.isoformat() if self.retest_due else None
        return data


def prescription_from_dict(data: dict) -> Prescription:
    """Rebuild a ``Prescription`` from ``Prescription.as_dict()`` (e.g. after storing it as JSON)."""
    entries = tuple(ProgramEntry(e["order"], e["track"], e["exercise_id"], e["level"], e["phase"],
                                 tuple(e["sides"]), Dose(**e["dose"]), e["reason"],
                                 tuple(Citation(**c) for c in e["cites"])) for e in data["entries"])
    due = data.get("retest_due")
    return Prescription(data["status"], data["message"], date.fromisoformat(data["start"]),
                        date.fromisoformat(due) if due else None, data["placement"], entries,
                        tuple(Citation(**c) for c in data["findings"]), tuple(data["notes"]),
                        data.get("affected_side"), bool(data.get("optional")), str(data.get("based_on", "")))


def arms_down_advice(result: dict) -> str | None:
    """The overhead squat's advice to judge the knees on the arms-down squat, or None."""
    if result.get("movement", {}).get("requested") != "overhead-squat":
        return None
    screen = result.get("screen") or {}
    if not screen.get("figures", {}).get("arms_down_retest"):
        return None
    notes = [str(n) for n in screen.get("notes", []) if "arms down" in str(n)]
    return notes[0] if notes else "the overhead squat brought compensations that change how the knees move."


def based_on(result: dict, today: date) -> str:
    """The clip a programme rests on, in words."""
    movement = str(result.get("movement", {}).get("requested") or "overhead-squat")
    return f"the {MOVEMENT_WORDS.get(movement, movement.replace('-', ' '))} filmed on {today.isoformat()}"


def sides_for(exercise: Exercise, affected: str | None) -> tuple[str, ...]:
    """The sides an exercise is done on, from its side rule."""
    if exercise.side_rule == "both together":
        return ("both",)
    if exercise.side_rule == "affected leg":
        return (affected,) if affected else SIDES
    return SIDES


def _one_sided(pattern: str | None, knee_valgus: list[Citation]) -> str | None:
    if pattern in ("left only", "right only"):
        side = pattern.split()[0]
        return side if any(c.side == side for c in knee_valgus) else None
    if pattern is None and len(knee_valgus) == 1:  # older result without a symmetry block
        return knee_valgus[0].side
    return None


def _reason(track: str, affected: str | None, ankle_only: bool) -> str:
    if track in ("release", "lengthen"):
        return "Valgus found: ease the inner thigh and calf that pull the knee and ankle inward before activation."
    if track == "single-side":
        return f"Valgus on the {affected} side only: band work for that leg to teach it to hold its line."
    if track == "balance" and ankle_only:
        return "Ankle finding without knee valgus: balance work is the emphasis, to hold the foot's arch."
    if track == "balance":
        return "Single-leg balance trains the foot and knee to stay stacked over each other."
    return "Squatting against a band that pulls the knees together trains them to stay over the toes."


def _entries(cat: Catalogue, tracks: list[str], cites: dict[str, tuple[Citation, ...]], affected: str | None,
             ankle_only: bool) -> tuple[ProgramEntry, ...]:
    chosen = [t for t in cat.tracks if t.id in tracks]
    exercises = [ex for t in chosen for ex in (cat.in_track(t.id) if not t.progressive else (cat.first(t.id),))]
    return tuple(ProgramEntry(i + 1, ex.track, ex.id, ex.level, cat.track(ex.track).phase, sides_for(ex, affected),
                              ex.dose, _reason(ex.track, affected, ankle_only), cites.get(ex.track, ()))
                 for i, ex in enumerate(exercises))


def expected_mastery_weeks(entries: tuple[ProgramEntry, ...], cat: Catalogue) -> int:
    """Weeks until every activation track is mastered when each week's aim is met exactly."""
    tracks = [e for e in entries if e.phase == "activate"]
    return max((sum(ex.dose.ramp_weeks() for ex in cat.in_track(e.track) if ex.level >= e.level) for e in tracks),
               default=0)


def _retest_in(entries: tuple[ProgramEntry, ...], cat: Catalogue) -> tuple[int, str]:
    """Weeks to the first re-test (expected mastery, within the re-test bounds) and a note saying so."""
    rules, expected = cat.rules, expected_mastery_weeks(entries, cat)
    weeks = min(rules.retest_max_weeks, max(rules.retest_weeks, expected))
    note = (f"Meeting each week's aim, every level is mastered in about {expected} weeks. Aim for the top of each "
            f"range, not just the week's aim: the sooner you master a level, the sooner you move on. The re-test "
            f"is in week {weeks + 1}" + (" (sooner if you finish every track first)." if expected > weeks else "."))
    return weeks, note


def _notes(knees: list[Citation], ankles: list[Citation]) -> tuple[str, ...]:
    notes = []
    for c in knees:
        if c.verdict == "varus":
            notes.append(f"The {c.side} knee moves outward (varus): this programme does not correct that; "
                         "ask a coach or physiotherapist to look at it.")
    for c in knees + ankles:
        if c.verdict in ("valgus", "eversion", "inversion") and c.confidence_label == "low":
            notes.append(f"The {c.side} {c.joint} finding has low confidence: film again to confirm it.")
    for c in ankles:
        if c.verdict == "inversion":
            notes.append(f"The {c.side} ankle rolls outward: the cues about lifting the arch or pressing through the "
                         "outer edge of the foot are left out; keep your weight spread over the big toe, little toe "
                         "and heel, and have a coach or physiotherapist look at that ankle.")
        if c.verdict == "insufficient":
            notes.append(f"The {c.side} ankle could not be judged from this clip.")
    return tuple(notes)


def prescribe(result: dict, pain_reported: bool = False, *, today: date,
              catalogue: Catalogue | None = None) -> Prescription:
    """The corrective programme an assessment's ``result.json`` dict calls for (rules above)."""
    cat = catalogue or load_catalogue()
    if pain_reported:
        return Prescription("refer", REFER, today, None, PLACEMENT)
    knees = [cite(result, s, "knee") for s in SIDES]
    ankles = [cite(result, s, "ankle") for s in SIDES]
    pattern = result.get("symmetry", {}).get("pattern")
    handover = arms_down_advice(result) if can_judge(result) else None
    if handover:
        return Prescription("arms_down", ARMS_DOWN.format(advice=handover), today, None, PLACEMENT,
                            findings=tuple(knees + ankles))
    if not can_judge(result) or pattern == "insufficient" or any(c.verdict == "insufficient" for c in knees):
        advice = " ".join(refilm_advice(result))
        message = ("This video cannot support a verdict, so there is no programme yet: film the movement again "
                   f"following the filming guide. {advice}").strip()
        return Prescription("refilm", message,
                            today, None, PLACEMENT, findings=tuple(knees + ankles))
    valgus = [c for c in knees if c.verdict == "valgus"]
    ankle_flags = [c for c in ankles if c.verdict == "eversion"]
    rolls_out = [c for c in ankles if c.verdict == "inversion"]
    if rolls_out and not valgus and not ankle_flags:
        sides = " and ".join(f"{c.side} ankle" for c in rolls_out)
        return Prescription("ankle_out", ANKLE_OUT.format(sides=sides), today, None, PLACEMENT,
                            findings=tuple(knees + ankles))
    releasing = tuple(valgus + ankle_flags)
    affected = _one_sided(pattern, valgus)
    notes = _notes(knees, ankles)
    if not valgus and not ankle_flags and not rolls_out:
        entries = _entries(cat, ["balance", "band-squat"], {}, None, False)
        due = today + timedelta(weeks=cat.rules.retest_weeks)
        return Prescription("none_found", "No knee valgus or ankle roll was found: nothing needs correcting. "
                            "The activation routine below is optional.", today, due, placement_for(entries), entries,
                            tuple(knees + ankles), notes, None, True, based_on(result, today))
    if valgus:
        tracks = ["balance", "band-squat"] + (["single-side"] if affected else [])
        where = f"the {affected} knee only" if affected else "both knees" if len(valgus) == 2 else "the knees"
        message = f"Knee valgus on {where}: a corrective warm-up follows."
    else:
        tracks = ["balance"]
        message = "The ankle rolls without the knee caving in: a balance-first warm-up follows."
    if releasing:
        tracks = ["release", "lengthen"] + tracks
    cites = {"release": releasing, "lengthen": releasing, "balance": tuple(valgus + ankle_flags),
             "band-squat": tuple(valgus), "single-side": tuple(c for c in valgus if c.side == affected)}
    entries = _entries(cat, tracks, cites, affected, not valgus)
    weeks, retest_note = _retest_in(entries, cat)
    due = today + timedelta(weeks=weeks)
    return Prescription("program", message, today, due, placement_for(entries), entries, tuple(knees + ankles),
                        (retest_note, *notes), affected,
                        based_on=based_on(result, today))
