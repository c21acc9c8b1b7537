"""The week's warm-up plan as one self-contained, printable HTML page.

Everything the page shows is prepared here as plain data from the ``WeekPlan`` and the
``Prescription`` (pure functions, no I/O); ``templates/plan.html.j2`` only lays it out, with
autoescape on. The page has no external CSS, scripts, fonts or images and prints on A4
(landscape, so the write-in columns stay wide enough for a pen).

Stable element ids: ``plan-title``, ``plan-mode``, ``plan-table`` (only when the week has
exercises, i.e. not in the 'refer' and 'refilm' modes), ``retest-due``, ``left-out``, ``notes``,
``rules``, ``disclaimer``; ``overdue`` and ``notes`` only when there is something to say.
"""

from __future__ import annotations

import re
from datetime import date

import jinja2
import markupsafe

from groundup.program.assessment import Citation
from groundup.program.catalogue import Catalogue, Exercise, load_catalogue
from groundup.program.prescribe import Prescription
from groundup.program.progression import LeftOut, WeekEntry, WeekPlan

MODE = {
    "corrective": ("Corrective warm-up",
                   "Your squat video showed something worth correcting. Work through the list below in order, "
                   "each time you train."),
    "optional": ("Optional activation routine",
                 "Your video showed nothing that needs correcting. The routine below is there if you want a "
                 "short activation warm-up; skipping it is fine."),
    "maintenance": ("Maintenance",
                    "Your re-test showed a real improvement. Keep the gains with a short activation set before "
                    "your main lifts."),
    "refer": ("Stop and see a professional",
              "You reported pain, so there are no exercises this week. Have a physiotherapist or doctor look at "
              "it before you train this."),
    "refilm": ("Film your squat again",
               "The last video could not be judged, so there is no plan yet. Film the squat again following the "
               "filming guide, then run the check again."),
}
PHASE = {"release": "Release: foam rolling", "lengthen": "Lengthening: calf stretches",
         "activate": "Activation: balance and band work"}
JOINT_WORDS = {("knee", "valgus"): "caves in", ("knee", "varus"): "pushes out", ("knee", "neutral"): "stays in line",
               ("ankle", "eversion"): "rolls in", ("ankle", "inversion"): "rolls out",
               ("ankle", "neutral"): "stays in line"}
LEFT_OUT_KIND = {"pain": "Stopped for pain", "pause": "Paused for pain",
                 "easy": "Week off: it was easy", "maintenance": "Optional now"}
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
DISCLAIMER = ("groundup is a screening aid, not a diagnosis. It cannot see injuries and does not replace a coach, "
              "physiotherapist or doctor.")


def day_text(d: date | None) -> str:
    """'Mon 4 Mar 2024', or '' for no date."""
    return "" if d is None else f"{d:%a} {d.day} {d:%b %Y}"


def friendly_dates(text: str) -> str:
    """ISO dates in the programme's prose ('2024-03-05') as 'Tue 5 Mar 2024'."""
    return ISO_DATE.sub(lambda m: day_text(date.fromisoformat(m.group(0))), text)


def cite_text(c: Citation, short: bool = False) -> str:
    """A finding in plain words: 'left knee caves in (marked), +0.34 shin lengths, high confidence'
    (``short``: without the number and the confidence)."""
    words = JOINT_WORDS.get((c.joint, c.verdict), c.verdict)
    severity = f" ({c.severity})" if c.severity not in ("none", "flag", "") else ""
    if short:
        return f"{c.side} {c.joint} {words}{severity}"
    unit = "shin lengths" if c.unit == "shank lengths" else c.unit
    value = "" if c.value is None else f", {c.value:+.2f} {unit}"
    return f"{c.side} {c.joint} {words}{severity}{value}, {c.confidence_label} confidence"


def sides_text(sides: tuple[str, ...]) -> str:
    if sides == ("both",):
        return "Both legs together"
    if len(sides) == 1:
        return f"{sides[0].capitalize()} leg only"
    return "Each leg: " + " and ".join(sides)


def target(e: WeekEntry, progressive: bool) -> dict:
    """This week's aim in words, and the range it sits in."""
    if e.dose.kind == "seconds_per_rep":
        aim = f"{e.dose.reps} holds of {e.aim} s"
    elif e.dose.kind == "seconds_per_leg":
        aim = f"{e.aim} s"
    else:
        aim = f"{e.aim} reps"
    per = "per leg" if len(e.sides) > 1 else "" if e.sides == ("both",) else f"{e.sides[0]} leg"
    if progressive and e.aim < e.dose.high:
        span = (f"Range {e.dose.describe()}. The week's aim is the least to do: go for {e.dose.high}, the top of "
                "the range; reaching it masters the level.")
    elif progressive:
        span = f"Range {e.dose.describe()}; the level is mastered at {e.dose.high}."
    else:
        span = f"Range {e.dose.describe()}."
    return {"aim": aim, "per": per, "span": span}


def checks(ex: Exercise, cat: Catalogue) -> list[str]:
    """What the printed sheet asks of each set: the evidence mastery needs, or ache or pain for release work."""
    if cat.track(ex.track).phase != "activate":
        return ["Ache or pain?"]
    asked = ["Caved in? y / n"]
    if ex.hands_free:
        asked.append("Hands-free? y / n")
    if ex.band is not None:
        asked.append("Band: ______")
    return asked


def entry_view(e: WeekEntry, cat: Catalogue, ankle_rolls_out: bool = False) -> dict:
    ex = cat.exercise(e.exercise_id)
    progressive = cat.track(e.track).progressive
    if e.overdue:
        since = f"last logged {day_text(e.last_logged)}" if e.last_logged else "never logged"
        overdue = f"Overdue: {since}. Do it this week."
    else:
        overdue = ""
    log_sides = ["both legs"] if e.sides == ("both",) else list(e.sides)
    return {"order": e.order, "name": e.name, "phase": e.phase, "phase_title": PHASE.get(e.phase, e.phase),
            "level": f"Level {e.level} of {e.levels}" if progressive else "",
            "sides": sides_text(e.sides), "target": target(e, progressive),
            "band": ex.band.placement if ex.band else "No band",
            "equipment": ", ".join(ex.equipment), "cues": list(ex.cues_for(ankle_rolls_out)),
            "why": friendly_dates(e.why),
            "reason": e.reason, "cites": list(dict.fromkeys(cite_text(c, short=True) for c in e.cites)),
            "overdue": overdue, "log_sides": log_sides, "holds": e.dose.kind == "seconds_per_rep",
            "exercise_id": e.exercise_id, "hands_free": ex.hands_free, "needs_band": ex.band is not None,
            "checks": checks(ex, cat), "sets": cat.rules.sets_per_session,
            "unit": "s" if e.unit == "seconds" else e.unit}


def left_out_view(item: LeftOut) -> dict:
    back = f" Back in the plan from {day_text(item.returns)}." if item.returns else ""
    return {"name": item.name, "kind": item.kind, "kind_words": LEFT_OUT_KIND.get(item.kind, item.kind),
            "why": friendly_dates(item.why) + back}


def retest_view(plan: WeekPlan) -> dict:
    if plan.retest_due is None:
        return {"due": False, "text": "No re-test date yet: there is no running programme."}
    when = day_text(plan.retest_due)
    if plan.retest_is_due:
        return {"due": True, "text": f"Re-test due this week (from {when}): film your squat again, with the same "
                                     "camera set-up as last time, before your main training."}
    return {"due": False, "text": f"Next re-test: film your squat again on {when}, with the same camera set-up "
                                  "as last time."}


def rules_view(cat: Catalogue) -> list[str]:
    r = cat.rules
    return [
        "Rolling and stretching may ache; log that as discomfort. Anything that hurts is pain: stop the set "
        "and log it.",
        "Pain on a level sends you back to the level below until it is pain-free again; on a first level (or "
        f"a roll or stretch) the exercise rests for {r.pain_pause_days} days, then starts again at the bottom "
        "of its range.",
        f"Pain of {r.pain_high}/10 or more, or pain in the same exercise {r.pain_recur_count} times within "
        f"{r.pain_recur_days} days, stops that exercise: have a physiotherapist or doctor look at it first.",
        f"Master a level before the next: reach the top of the range on every side, without the knee or ankle "
        f"caving in and at difficulty {r.accomplished_max_difficulty}/10 or less. Only then move up.",
        f"Train at least once a week; more often is fine. Anything not logged for {r.overdue_after_days} days is "
        "flagged overdue.",
        f"A mastered exercise that felt easy ({r.easy_max_difficulty}/10 or less) gets the next week off, so the "
        "time goes to what is still hard.",
        "Keep the order on the plan, then your main training.",
        "Watch your knees in a mirror, or film a set from the front: they should stay over the middle toes. "
        "That is how you answer whether the knee or ankle caved in.",
    ]


CLI_LOG = "with <code>groundup log --exercise ID</code>"
WEB_LOG = "on this week's plan page in groundup"


def plan_context(plan: WeekPlan, prescription: Prescription, person: str, week_number: int,
                 catalogue: Catalogue | None = None, web: bool = False) -> dict:
    """Everything the template shows, as plain data; ``web``: where the sets are logged is the web app."""
    cat = catalogue or load_catalogue()
    title, explain = MODE.get(plan.mode, (plan.mode, ""))
    rolls_out = any(c.joint == "ankle" and c.verdict == "inversion" for c in prescription.findings)
    entries = [entry_view(e, cat, rolls_out) for e in plan.entries]
    for i, e in enumerate(entries):  # a phase heading above the first exercise of each phase
        e["new_phase"] = i == 0 or entries[i - 1]["phase"] != e["phase"]
    message = prescription.message.strip()
    notes = [friendly_dates(n) for n in dict.fromkeys(plan.notes) if n.strip() and n.strip() != message]
    placement = plan.placement or prescription.placement
    if "before your main training" not in placement.lower():
        placement = f"As a warm-up, before your main training. {placement}".strip()
    return {
        "person": person, "week": week_number, "start": day_text(plan.week_start), "end": day_text(plan.week_end),
        "mode": plan.mode, "mode_title": title, "mode_text": explain, "message": message,
        "placement": placement,
        "assessed": day_text(prescription.start),
        "findings": [cite_text(c) for c in prescription.findings if c.verdict not in ("neutral", "insufficient")],
        "entries": entries, "left_out": [left_out_view(x) for x in plan.left_out],
        "overdue": [e["name"] for e in entries if e["overdue"]],
        "retest": retest_view(plan), "rules": rules_view(cat), "notes": notes, "disclaimer": DISCLAIMER,
        "log_where": markupsafe.Markup(WEB_LOG if web else CLI_LOG),
    }


def _environment() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.PackageLoader("groundup.render", "templates"),
                              autoescape=True, trim_blocks=True, lstrip_blocks=True)


def render_plan_html(plan: WeekPlan, prescription: Prescription, person: str, week_number: int, *,
                     catalogue: Catalogue | None = None, web: bool = False) -> str:
    """The week's plan as a self-contained printable HTML page (see the module docstring)."""
    context = plan_context(plan, prescription, person, week_number, catalogue, web)
    return _environment().get_template("plan.html.j2").render(**context)
