"""The JSON API under ``/api``: the same data as the pages, described by the OpenAPI schema.

Authentication is the browser session cookie; POSTs also need the session's CSRF token in
the ``X-CSRF-Token`` header (``GET /api/me`` returns it).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path as FsPath
from typing import Annotated, Any, Literal, cast

from fastapi import APIRouter, File, Form, Path, Query, Request, Response, UploadFile
from pydantic import BaseModel, Field

from groundup.program import SetLog
from groundup.store.records import AssessmentRecord, KneeFinding
from groundup.web import manage, service
from groundup.web.deps import CsrfUser, Ctx, User
from groundup.web.downloads import public_result
from groundup.web.jobs import JobStatus
from groundup.web.service import PersonSummary

router = APIRouter(prefix="/api", tags=["api"])
Id = Annotated[int, Path(ge=1, le=2**31 - 1)]
JobId = Annotated[str, Path(pattern=r"^[0-9a-f]{32}$")]


# The values the job queue and the account store write (checked where they are written).
Role = Literal["coach", "athlete"]
JobState = Literal["queued", "running", "done", "failed"]

class Message(BaseModel):
    detail: str


ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": Message, "description": "A value was refused (one sentence in 'detail')."},
    401: {"model": Message, "description": "Not signed in."},
    404: {"model": Message, "description": "No such object, or not yours to see."},
}


class Me(BaseModel):
    email: str
    role: Role
    person_id: int | None
    csrf_token: str


class KneeOut(BaseModel):
    verdict: str | None
    severity: str | None
    value: float | None = Field(description="Inward knee shift against standing, shank lengths (+ = valgus).")
    confidence: float | None
    ankle_verdict: str | None


class AssessmentOut(BaseModel):
    id: int
    person_id: int
    created_at: str
    movement: str | None
    left: KneeOut
    right: KneeOut
    symmetry_pattern: str | None


class AssessmentDetail(AssessmentOut):
    result: dict[str, Any] = Field(description="The analysis's result.json (schema groundup.assessment/1).")
    files: list[str] = Field(description="Files under /assessments/{id}/files/.")


class PersonOut(BaseModel):
    id: int
    name: str
    assessments: int
    program_status: str | None
    athlete_email: str | None
    latest: AssessmentOut | None


class PersonIn(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    athlete_email: str | None = Field(default=None, max_length=320)
    athlete_password: str | None = Field(default=None, max_length=1024)


class JobOut(BaseModel):
    id: str
    person_id: int
    state: JobState
    stage: str
    fraction: float
    assessment_id: int | None
    message: str
    result_url: str | None


class PlanEntryOut(BaseModel):
    order: int
    exercise_id: str
    name: str
    track: str
    level: int
    levels: int
    phase: str
    sides: list[str]
    aim: int
    unit: str
    dose_low: int
    dose_high: int
    why: str
    reason: str
    overdue: bool
    last_logged: date | None


class PlanOut(BaseModel):
    person_id: int
    week: int
    week_start: date
    week_end: date
    mode: str
    placement: str
    entries: list[PlanEntryOut]
    left_out: list[dict[str, Any]]
    retest_due: date | None
    retest_is_due: bool
    notes: list[str]


class SetLogIn(BaseModel):
    exercise_id: str = Field(min_length=1, max_length=80)
    day: date
    side: Literal["left", "right", "both"]
    unit: Literal["reps", "seconds"]
    target: int = Field(ge=1, le=3600)
    actual: int = Field(ge=0, le=3600)
    difficulty: int = Field(ge=1, le=10)
    pain: int = Field(ge=0, le=10)
    collapse: bool = False
    discomfort: bool = Field(default=False, description="Rolling or stretching only: the pain figure is the "
                             "ordinary ache of the work, not pain.")
    hands_free: bool | None = Field(default=None, description="Balance: held without touching support; "
                                    "mastery of a balance level needs it.")
    band: str | None = Field(default=None, max_length=40)
    notes: str = Field(default="", max_length=2000)


class ProgressPointOut(BaseModel):
    date: str
    side: str
    value: float | None
    verdict: str
    mdc: float | None = Field(description="Minimal detectable change (95 %) of the comparison, shank lengths.")


class ProgressOut(BaseModel):
    person_id: int
    points: list[ProgressPointOut]
    next_retest: date | None


def _knee(k: KneeFinding) -> KneeOut:
    return KneeOut(verdict=k.verdict, severity=k.severity, value=k.value, confidence=k.confidence,
                   ankle_verdict=k.ankle_verdict)


def _assessment(a: AssessmentRecord) -> AssessmentOut:
    return AssessmentOut(id=a.id, person_id=a.person_id, created_at=a.created_at.isoformat(), movement=a.movement,
                         left=_knee(a.left), right=_knee(a.right), symmetry_pattern=a.symmetry_pattern)


def _person(p: PersonSummary) -> PersonOut:
    return PersonOut(id=p.id, name=p.name, assessments=p.assessments, program_status=p.program_status,
                     athlete_email=p.account_email, latest=_assessment(p.latest) if p.latest else None)


def _job(j: JobStatus) -> JobOut:
    url = f"/assessments/{j.assessment_id}" if j.assessment_id else None
    return JobOut(id=j.id, person_id=j.person_id, state=cast(JobState, j.state), stage=j.stage, fraction=j.fraction,
                  assessment_id=j.assessment_id, message=j.message, result_url=url)


@router.get("/openapi.json", include_in_schema=False)
def openapi(request: Request, _session: User) -> dict[str, Any]:
    return request.app.openapi()


@router.get("/me", response_model=Me, responses=ERRORS)
def me(session: User) -> Me:
    u = session.user
    return Me(email=u.email, role=cast(Role, u.role), person_id=u.person_id, csrf_token=session.csrf_token)


@router.get("/people", response_model=list[PersonOut], responses=ERRORS)
def list_people(ctx: Ctx, session: User) -> list[PersonOut]:
    return [_person(p) for p in service.people(ctx, session.user)]


@router.post("/people", response_model=PersonOut, status_code=201, responses={**ERRORS, 403: {"model": Message}})
def add_person(ctx: Ctx, session: CsrfUser, body: PersonIn) -> PersonOut:
    return _person(service.add_person(ctx, session.user, body.name, body.athlete_email, body.athlete_password))


@router.get("/people/{person_id}", response_model=PersonOut, responses=ERRORS)
def get_person(ctx: Ctx, session: User, person_id: Id) -> PersonOut:
    return _person(service.person(ctx, session.user, person_id))


@router.get("/people/{person_id}/assessments", response_model=list[AssessmentOut], responses=ERRORS)
def list_assessments(ctx: Ctx, session: User, person_id: Id) -> list[AssessmentOut]:
    return [_assessment(a) for a in service.assessments(ctx, session.user, person_id)]


@router.post("/people/{person_id}/assessments", response_model=JobOut, status_code=202,
             responses={**ERRORS, 413: {"model": Message}, 415: {"model": Message}})
def upload(ctx: Ctx, session: CsrfUser, person_id: Id, video: Annotated[UploadFile, File()],
           movement: Annotated[str, Form(max_length=60)]) -> JobOut:
    """Upload an MP4/MOV clip; the analysis runs in the background (poll ``/api/jobs/{id}``)."""
    return _job(service.start_analysis(ctx, session.user, person_id, video.file, movement))


@router.get("/jobs/{job_id}", response_model=JobOut, responses=ERRORS)
def get_job(ctx: Ctx, session: User, job_id: JobId) -> JobOut:
    return _job(service.job(ctx, session.user, job_id))


@router.get("/assessments/{assessment_id}", response_model=AssessmentDetail, responses=ERRORS)
def get_assessment(ctx: Ctx, session: User, assessment_id: Id) -> AssessmentDetail:
    record, _ = service.assessment(ctx, session.user, assessment_id)
    files = [name for name in service.ANALYSIS_FILES if (FsPath(record.folder) / name).is_file()]
    return AssessmentDetail(**_assessment(record).model_dump(), result=public_result(record.summary), files=files)


@router.delete("/people/{person_id}", status_code=204, responses=ERRORS)
def delete_person(ctx: Ctx, session: CsrfUser, person_id: Id) -> Response:
    """Delete a coach's athlete: every screen, video, program, logged set and their sign-in."""
    manage.delete_person(ctx, session.user, person_id)
    return Response(status_code=204)


@router.delete("/assessments/{assessment_id}", status_code=204, responses=ERRORS)
def delete_assessment(ctx: Ctx, session: CsrfUser, assessment_id: Id) -> Response:
    """Delete one screen with its files."""
    manage.delete_assessment(ctx, session.user, assessment_id)
    return Response(status_code=204)


@router.delete("/people/{person_id}/logs/{log_id}", status_code=204, responses=ERRORS)
def delete_set(ctx: Ctx, session: CsrfUser, person_id: Id, log_id: Id) -> Response:
    """Delete one logged set."""
    manage.delete_set(ctx, session.user, person_id, log_id)
    return Response(status_code=204)


@router.get("/people/{person_id}/plan", response_model=PlanOut | None, responses=ERRORS)
def get_plan(ctx: Ctx, session: User, person_id: Id,
             week: Annotated[int | None, Query(ge=1, le=520)] = None) -> PlanOut | None:
    """This week's plan (or week ``week``); null when there is no program yet."""
    found = service.plan(ctx, session.user, person_id, week)
    if found is None:
        return None
    p = found.plan
    entries = [PlanEntryOut(order=e.order, exercise_id=e.exercise_id, name=e.name, track=e.track, level=e.level,
                            levels=e.levels, phase=e.phase, sides=list(e.sides), aim=e.aim, unit=e.unit,
                            dose_low=e.dose.low, dose_high=e.dose.high, why=e.why, reason=e.reason,
                            overdue=e.overdue, last_logged=e.last_logged) for e in p.entries]
    left_out = [{"exercise_id": x.exercise_id, "name": x.name, "kind": x.kind, "why": x.why,
                 "returns": x.returns.isoformat() if x.returns else None} for x in p.left_out]
    return PlanOut(person_id=person_id, week=found.week, week_start=p.week_start, week_end=p.week_end, mode=p.mode,
                   placement=p.placement, entries=entries, left_out=left_out, retest_due=p.retest_due,
                   retest_is_due=p.retest_is_due, notes=list(p.notes))


@router.post("/people/{person_id}/logs", response_model=Message, status_code=201, responses=ERRORS)
def log_set(ctx: Ctx, session: CsrfUser, person_id: Id, body: SetLogIn) -> Message:
    log = SetLog(body.exercise_id, body.day, body.side, body.unit, body.target, body.actual, body.difficulty,
                 body.pain, body.collapse, body.band, body.notes, body.discomfort, body.hands_free)
    hurt = service.log_set(ctx, session.user, person_id, log)
    return Message(detail=f"Logged {body.exercise_id}: {body.actual} {body.unit} ({body.side}). {hurt}".strip())


@router.get("/people/{person_id}/progress", response_model=ProgressOut, responses=ERRORS)
def get_progress(ctx: Ctx, session: User, person_id: Id) -> ProgressOut:
    found = service.progress(ctx, session.user, person_id)
    points = [ProgressPointOut(date=p.when.isoformat(), side=p.side, value=p.value, verdict=p.verdict, mdc=p.mdc)
              for p in found.points]
    return ProgressOut(person_id=person_id, points=points, next_retest=found.retest_due)
