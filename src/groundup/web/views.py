"""Plain data for the page templates, from stored records and result documents (no I/O).

The words come from the report and plan-page renderers (``render.report``,
``render.plan_page``): the web pages say what the report and the printed plan say.
"""

from __future__ import annotations

from datetime import date, datetime

from groundup.pose.landmarks import SIDES
from groundup.program import WeekPlan
from groundup.render import plan_page, report
from groundup.store.records import AssessmentRecord, KneeFinding, SetLogRecord

STATE_CLASS = {"neutral": "ok", "varus": "note", "mild": "warn", "marked": "bad", "insufficient": "muted"}


def when(stamp: datetime | date | None) -> str:
    if stamp is None:
        return ""
    if isinstance(stamp, datetime):
        return f"{plan_page.day_text(stamp.date())}, {stamp:%H:%M} UTC"
    return plan_page.day_text(stamp)


def knee_words(finding: KneeFinding) -> str:
    """'valgus (mild)', 'neutral', ... from the stored columns."""
    verdict = finding.verdict or "not judged"
    return f"{verdict} ({finding.severity})" if finding.severity not in (None, "none", "flag") else verdict


def knee_state(finding: KneeFinding) -> str:
    return report.state_of({"verdict": finding.verdict, "severity": finding.severity})


def movement_title(name: str | None) -> str:
    """A screen's one name on every page ("Arms-down squat"), from the screens' own titles."""
    from groundup.screens import SCREENS

    if not name:
        return "Screen"
    return SCREENS[name].title if name in SCREENS else name.replace("-", " ").capitalize()


STATUS_MODE = {"corrective": "corrective", "maintenance": "maintenance", "stopped": "refer", "none": "optional"}


def program_words(mode_or_status: str | None) -> str:
    """A program's state in the plan page's words, from a plan mode or a stored program status."""
    if not mode_or_status:
        return "No program yet"
    mode = STATUS_MODE.get(mode_or_status, mode_or_status)
    return plan_page.MODE.get(mode, (mode_or_status, ""))[0]


def assessment_row(a: AssessmentRecord) -> dict:
    """One line of a person's assessment list."""
    return {"id": a.id, "when": when(a.created_at), "movement": movement_title(a.movement),
            "sides": [{"side": side, "words": knee_words(getattr(a, side)),
                       "css": STATE_CLASS.get(knee_state(getattr(a, side)), "muted")} for side in SIDES]}


def _side(result: dict, side: str, stored: KneeFinding) -> dict:
    """The report's view of one side; the stored columns when the document lacks a part."""
    try:
        view = report.side_view(side, result)
    except (KeyError, TypeError, IndexError, AttributeError):
        view = {"side": side, "state": knee_state(stored),
                "headline": f"{side.capitalize()} knee: {knee_words(stored)}",
                "detail": "", "confidence": "", "confidence_pct": round(100 * (stored.confidence or 0)),
                "reasons": [], "evidence": [],
                "ankle": f"{side.capitalize()} ankle: {stored.ankle_verdict or 'not judged'}."}
    view["css"] = STATE_CLASS.get(view["state"], "muted")
    return view


def _capture(result: dict) -> dict:
    try:
        return report.capture_view(result["capture"])
    except (KeyError, TypeError, AttributeError):
        return {"can_judge": True, "issues": [], "stats": []}


def _dict(value: object) -> dict:
    """``value`` when it is a dict (stored JSON may hold anything), else an empty one."""
    return value if isinstance(value, dict) else {}


def for_coach(side: dict, name: str) -> dict:
    """A side's words written to the athlete, turned to a coach reading about ``name``."""
    words = {k: report.third_person(side[k], name) for k in ("headline", "detail") if side.get(k)}
    return {**side, **words, "reasons": [report.third_person(r, name) for r in side.get("reasons", [])]}


def program_for_coach(program: dict, name: str) -> dict:
    """The plan's words to the athlete ("Your squat video ...") turned to a coach reading about ``name``."""
    return {**program, **{k: report.third_person(program[k], name) for k in ("mode_text", "message")
                          if program.get(k)}}


def result_view(a: AssessmentRecord, coach_reads: str | None = None) -> dict:
    """The result page: verdict per side with confidence and evidence, capture checks, files;
    ``coach_reads``: the athlete's name when a coach reads it (the words then name the athlete)."""
    result = a.summary
    files = _dict(result.get("files"))
    worst = _dict(files.get("worst_rep"))
    reps = result.get("reps")
    reps = reps if isinstance(reps, list) else []
    sides = [_side(result, side, getattr(a, side)) for side in SIDES]
    return {
        "id": a.id, "when": when(a.created_at), "movement": movement_title(a.movement),
        "reps": len(reps), "sides": [for_coach(s, coach_reads) for s in sides] if coach_reads else sides,
        "symmetry": report.symmetry_words(result.get("symmetry") or {}), "capture": _capture(result),
        "worst": [side for side in SIDES if worst.get(side)], "disclaimer": result.get("disclaimer", ""),
        "screen": _screen(result),
    }


def _screen(result: dict) -> dict | None:
    """The screen's rated items, events and notes (overhead squat, single-leg, landing, gait, balance)."""
    screen = result.get("screen")
    if not isinstance(screen, dict):
        return None
    try:
        return report.screen_view(screen)
    except (KeyError, TypeError, ValueError):  # an older or hand-edited result: show nothing rather than fail
        return None


def logged_in_week(logs: list[SetLogRecord], plan: WeekPlan, exercise_id: str) -> list[dict]:
    """The sets of one exercise logged in the plan's week: target beside actual, how it felt, the band."""
    return [{"day": plan_page.day_text(s.date), "side": s.side, "target": s.target_value, "actual": s.actual_value,
             "unit": "s" if s.target_kind == "seconds" else s.target_kind, "difficulty": s.difficulty,
             "pain": s.pain, "collapse": s.collapse, "met": s.actual_value >= (s.target_value or 0),
             "band": s.band or "", "id": s.id}
            for s in logs if s.exercise_id == exercise_id and s.date and plan.week_start <= s.date <= plan.week_end]


def plan_view(plan: WeekPlan, prescription, name: str, week: int, logs: list[SetLogRecord] | None = None) -> dict:
    """The printable plan's data, each exercise with what its logging form needs and its sets this week."""
    context = plan_page.plan_context(plan, prescription, name, week)
    for view, entry in zip(context["entries"], plan.entries):
        view.update({"exercise_id": entry.exercise_id, "aim": entry.aim, "unit_name": entry.unit,
                     "side_choices": list(entry.sides),
                     "logged": logged_in_week(logs or [], plan, entry.exercise_id)})
    context["retest_due"] = plan.retest_due
    return context


def progress_rows(rows: list[tuple[str, ...]]) -> list[dict]:
    """The progress table: date, side, inward shift, change, real change?, smallest real change."""
    keys = ("date", "side", "value", "change", "verdict", "mdc")
    return [dict(zip(keys, row)) for row in rows]
