"""Server-rendered pages. Every page but the sign-in page needs a session; every form carries
the session's CSRF token (the sign-in form a double-submit cookie)."""

from __future__ import annotations

import secrets
from datetime import date
from typing import Annotated

from fastapi import APIRouter, File, Form, Path, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from groundup.errors import GroundupError
from groundup.exports import FORMATS
from groundup.program import SetLog
from groundup.program.prescribe import prescribe
from groundup.render.plan_page import render_plan_html
from groundup.render.report import third_person
from groundup.web import auth, service, views
from groundup.web.deps import CSRF_FIELD, CsrfUser, Ctx, User
from groundup.web.service import Forbidden

router = APIRouter(include_in_schema=False)
Id = Annotated[int, Path(ge=1, le=2**31 - 1)]
JobId = Annotated[str, Path(pattern=r"^[0-9a-f]{32}$")]
Week = Annotated[int | None, Query(ge=1, le=520)]
DONE = {"added": "Athlete added.", "logged": "Set logged. The plan below counts it from next week on.",
        "pain": "Set logged with pain: the plan below already changed for it. Do not repeat what hurt.",
        "deleted": "The athlete and everything stored for them were deleted.", "saved": "Saved.",
        "screen-deleted": "The screen and its files were deleted.", "set-deleted": "The logged set was deleted."}
PRINT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'"


def render(request: Request, template: str, status: int = 200, **data: object) -> HTMLResponse:
    """A page, with the signed-in user and their CSRF token for its forms."""
    session = getattr(request.state, "session", None)
    context = {"me": session.user if session else None, "csrf": session.csrf_token if session else "",
               "csrf_field": CSRF_FIELD, "done": DONE.get(request.query_params.get("done", ""), ""),
               "error": "", **data}
    return request.app.state.templates.TemplateResponse(request, template, context, status_code=status)


def see_other(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def safe_next(target: str | None) -> str:
    """Only a path on this site ('/...', not '//host')."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


# --- signing in and out --------------------------------------------------------------------------

def _login_page(request: Request, next_url: str, status: int = 200, error: str = "", email: str = "") -> Response:
    token = secrets.token_hex(32)
    response = render(request, "login.html.j2", status, login_csrf=token, next_url=safe_next(next_url), error=error,
                      email=email)
    secure = request.app.state.ctx.settings.secure_cookies
    response.set_cookie(auth.LOGIN_CSRF_COOKIE, token, httponly=True, samesite="strict", secure=secure,
                        path="/login", max_age=3600)
    return response


@router.get("/login")
def login_form(request: Request, ctx: Ctx, next: str = "/") -> Response:
    if auth.session_for(ctx.store, request.cookies.get(auth.SESSION_COOKIE)) is not None:
        return see_other(safe_next(next))
    return _login_page(request, next)


@router.post("/login")
def login(request: Request, ctx: Ctx, email: Annotated[str, Form(max_length=320)] = "",
          password: Annotated[str, Form(max_length=auth.MAX_PASSWORD)] = "",
          csrf_token: Annotated[str, Form(max_length=200)] = "", next: Annotated[str, Form(max_length=2000)] = "/",
          ) -> Response:
    if not auth.tokens_equal(csrf_token, request.cookies.get(auth.LOGIN_CSRF_COOKIE)):
        return _login_page(request, next, 403, "The sign-in form had expired. Please try again.", email)
    address = request.client.host if request.client else "unknown"
    try:
        signed = auth.sign_in(ctx.store, ctx.settings, ctx.throttle, email, password, address)
    except auth.LoginRefused as refused:
        return _login_page(request, next, refused.status, refused.message, email)
    response = see_other(safe_next(next))
    response.set_cookie(auth.SESSION_COOKIE, signed.token, httponly=True, samesite="lax",
                        secure=ctx.settings.secure_cookies, max_age=int(ctx.settings.session_hours * 3600), path="/")
    response.delete_cookie(auth.LOGIN_CSRF_COOKIE, path="/login")
    return response


@router.post("/logout")
def logout(request: Request, ctx: Ctx, _user: CsrfUser) -> Response:
    auth.sign_out(ctx.store, request.cookies.get(auth.SESSION_COOKIE))
    response = see_other("/login")
    response.delete_cookie(auth.SESSION_COOKIE, path="/")
    return response


# --- people --------------------------------------------------------------------------------------

@router.get("/")
def home(session: User) -> Response:
    user = session.user
    return see_other("/people" if user.role == "coach" else f"/people/{user.person_id}")


def _people_page(request: Request, ctx: Ctx, session, status: int = 200, error: str = "",
                 form: dict | None = None) -> Response:
    return render(request, "people.html.j2", status, people=service.people(ctx, session.user), error=error,
                  form=form or {}, views=views)


@router.get("/people")
def people_page(request: Request, ctx: Ctx, session: User) -> Response:
    if session.user.role != "coach":
        return see_other(f"/people/{session.user.person_id}")
    return _people_page(request, ctx, session)


@router.post("/people")
def add_person(request: Request, ctx: Ctx, session: CsrfUser, name: Annotated[str, Form(max_length=200)] = "",
               athlete_email: Annotated[str, Form(max_length=320)] = "",
               athlete_password: Annotated[str, Form(max_length=auth.MAX_PASSWORD)] = "") -> Response:
    try:
        added = service.add_person(ctx, session.user, name, athlete_email, athlete_password)
    except Forbidden:
        raise
    except GroundupError as exc:
        return _people_page(request, ctx, session, 400, str(exc), {"name": name, "athlete_email": athlete_email})
    return see_other(f"/people/{added.id}?done=added")


def _person_page(request: Request, ctx: Ctx, session, person_id: int, status: int = 200, error: str = "") -> Response:
    summary = service.person(ctx, session.user, person_id)
    rows = [views.assessment_row(a) for a in service.assessments(ctx, session.user, person_id)]
    week = service.plan(ctx, session.user, person_id)
    return render(request, "person.html.j2", status, person=summary, assessments=rows, error=error,
                  screens=service.screens(), has_plan=week is not None, compare=len(rows) > 1,
                  plan_mode=views.program_words(week.plan.mode) if week else "",
                  retest_due=views.when(week.plan.retest_due) if week else "",
                  max_mb=ctx.settings.max_upload_bytes // 2**20)


@router.get("/people/{person_id}")
def person_page(request: Request, ctx: Ctx, session: User, person_id: Id) -> Response:
    return _person_page(request, ctx, session, person_id)


@router.post("/people/{person_id}/assessments")
def upload(request: Request, ctx: Ctx, session: CsrfUser, person_id: Id, video: Annotated[UploadFile, File()],
           movement: Annotated[str, Form(max_length=60)] = "") -> Response:
    status = service.start_analysis(ctx, session.user, person_id, video.file, movement)
    return see_other(f"/jobs/{status.id}")


@router.get("/jobs/{job_id}")
def job_page(request: Request, ctx: Ctx, session: User, job_id: JobId) -> Response:
    status = service.job(ctx, session.user, job_id)
    summary = service.person(ctx, session.user, status.person_id)
    return render(request, "job.html.j2", job=status, person=summary)


# --- results -------------------------------------------------------------------------------------

@router.get("/assessments/{assessment_id}")
def assessment_page(request: Request, ctx: Ctx, session: User, assessment_id: Id) -> Response:
    record, person = service.assessment(ctx, session.user, assessment_id)
    week = service.plan(ctx, session.user, person.id)
    name = service.display(session.user, person)
    coach_reads = name if session.user.role == "coach" else None
    program = views.plan_view(week.plan, week.view.prescription, week.name, week.week) if week else None
    if program and coach_reads:
        program = views.program_for_coach(program, coach_reads)
    from_here = week is not None and week.view.base.id == record.id
    no_program = prescribe(record.summary, today=record.created_at.date()).message
    no_program = third_person(no_program, coach_reads) if coach_reads else no_program
    return render(request, "assessment.html.j2", a=views.result_view(record, coach_reads), no_program=no_program,
                  formats=FORMATS,
                  person=service.person(ctx, session.user, person.id), program=program, from_here=from_here)


# --- program, log, progress ----------------------------------------------------------------------

def _plan_page(request: Request, ctx: Ctx, session, person_id: int, week: int | None, status: int = 200,
               error: str = "") -> Response:
    summary = service.person(ctx, session.user, person_id)
    found = service.plan(ctx, session.user, person_id, week)
    program = (views.plan_view(found.plan, found.view.prescription, found.name, found.week, found.logs)
               if found else None)
    if program and session.user.role == "coach":
        program = views.program_for_coach(program, summary.name)
    first_day = found.view.prescription.start.isoformat() if found else ""
    return render(request, "plan.html.j2", status, person=summary, program=program, error=error,
                  week=found.week if found else 1, today=date.today().isoformat(), first_day=first_day)


@router.get("/people/{person_id}/plan")
def plan_page(request: Request, ctx: Ctx, session: User, person_id: Id, week: Week = None) -> Response:
    return _plan_page(request, ctx, session, person_id, week)


@router.get("/people/{person_id}/plan/print")
def plan_print(ctx: Ctx, session: User, person_id: Id, week: Week = None) -> Response:
    found = service.plan(ctx, session.user, person_id, week)
    if found is None:
        raise GroundupError("There is no program yet: upload a squat video first.")
    html = render_plan_html(found.plan, found.view.prescription, found.name, found.week, web=True)
    return HTMLResponse(html, headers={"content-security-policy": PRINT_CSP})


@router.post("/people/{person_id}/log")
def log_set(request: Request, ctx: Ctx, session: CsrfUser, person_id: Id,
            exercise_id: Annotated[str, Form(max_length=80)], unit: Annotated[str, Form(max_length=10)],
            side: Annotated[str, Form(max_length=10)], actual: Annotated[int, Form(ge=0, le=3600)],
            target: Annotated[int, Form(ge=1, le=3600)], difficulty: Annotated[int, Form(ge=1, le=10)],
            pain: Annotated[int, Form(ge=0, le=10)], day: Annotated[date, Form()],
            collapse: Annotated[bool, Form()] = False, band: Annotated[str, Form(max_length=40)] = "",
            notes: Annotated[str, Form(max_length=2000)] = "", discomfort: Annotated[bool, Form()] = False,
            hands_free: Annotated[bool | None, Form()] = None) -> Response:
    try:
        log = SetLog(exercise_id, day, side, unit, target, actual, difficulty, pain, collapse, band or None, notes,
                     discomfort, hands_free)
        hurt = service.log_set(ctx, session.user, person_id, log)
    except GroundupError as exc:
        return _plan_page(request, ctx, session, person_id, None, 400, str(exc))
    return see_other(f"/people/{person_id}/plan?done={'pain' if hurt else 'logged'}")


@router.get("/people/{person_id}/progress")
def progress_page(request: Request, ctx: Ctx, session: User, person_id: Id) -> Response:
    found = service.progress(ctx, session.user, person_id)
    return render(request, "progress.html.j2", person=service.person(ctx, session.user, person_id),
                  rows=views.progress_rows(found.rows), retest_due=views.when(found.retest_due),
                  has_points=bool(found.points))


@router.get("/people/{person_id}/progress.png")
def progress_png(ctx: Ctx, session: User, person_id: Id) -> Response:
    return Response(service.progress_png(ctx, session.user, person_id), media_type="image/png")
