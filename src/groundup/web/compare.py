"""Two screens of one athlete and one movement side by side: the worst moments, each side's
values, the smallest real change and whether the difference is a real change."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import Response

from groundup.coach import same_screen
from groundup.pose.landmarks import SIDES
from groundup.program.retest import compare_assessments
from groundup.store.records import AssessmentRecord
from groundup.web import service, views
from groundup.web.deps import Ctx, User
from groundup.web.pages import render

router = APIRouter(include_in_schema=False)
Id = Annotated[int, PathParam(ge=1, le=2**31 - 1)]
Pick = Annotated[int | None, Query(ge=1, le=2**31 - 1)]


def _num(value: float | None, sign: str = "") -> str:
    return "–" if value is None else f"{value:{sign}.3f}"


def screen_column(a: AssessmentRecord) -> dict:
    """One screen's column: when, what, the worst-moment pictures and each knee's value and verdict."""
    row = views.assessment_row(a)
    files = a.summary.get("files")
    found = files.get("worst_rep") if isinstance(files, dict) else None
    worst = found if isinstance(found, dict) else {}
    return {**row, "worst": [s for s in SIDES if worst.get(s)],
            "values": {s: _num(getattr(a, s).value, "+") for s in SIDES}}


def comparison(first: AssessmentRecord, second: AssessmentRecord) -> dict:
    """Earlier against later, per side: the change, the minimal detectable change, real or not."""
    before, after = sorted((first, second), key=lambda a: (a.created_at, a.id))
    if not same_screen(before.movement, after.movement):
        return {"columns": [screen_column(before), screen_column(after)], "sides": [],
                "message": "These two screens are of different movements; their numbers cannot be compared. "
                           "Choose two screens of the same movement."}
    outcome = compare_assessments(before.summary, after.summary)
    sides = [{"side": c.side, "before": _num(c.before, "+"), "after": _num(c.after, "+"),
              "change": _num(c.change, "+"), "mdc": _num(c.mdc), "verdict": c.verdict} for c in outcome.sides]
    return {"columns": [screen_column(before), screen_column(after)], "sides": sides, "message": ""}


@router.get("/people/{person_id}/compare")
def compare_page(request: Request, ctx: Ctx, session: User, person_id: Id, first: Pick = None,
                 second: Pick = None) -> Response:
    person = service.person(ctx, session.user, person_id)
    screens = service.assessments(ctx, session.user, person_id)  # newest first
    by_id = {a.id: a for a in screens}
    first = first if first in by_id else (screens[1].id if len(screens) > 1 else None)
    second = second if second in by_id else (screens[0].id if screens else None)
    result = comparison(by_id[first], by_id[second]) if first and second and first != second else None
    choices = [(a.id, f"{views.when(a.created_at)} · {views.movement_title(a.movement)}") for a in screens]
    return render(request, "compare.html.j2", person=person, choices=choices, first=first, second=second,
                  result=result)
