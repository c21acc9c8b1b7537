"""A coach's changes to what they own: edit an athlete (name, sign-in e-mail, a new password),
delete an athlete with their rows and files, delete one screen, delete a logged set."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi import Path as PathParam
from fastapi.responses import Response

from groundup.errors import GroundupError
from groundup.store import removal
from groundup.store.accounts import NotVisible, UserRecord
from groundup.store.errors import StoreError
from groundup.web import auth, service
from groundup.web.deps import CsrfUser, Ctx, User
from groundup.web.downloads import VIDEO_SUFFIXES
from groundup.web.pages import render, see_other
from groundup.web.service import WebContext
from groundup.web.settings import WebSettings

router = APIRouter(include_in_schema=False)
Id = Annotated[int, PathParam(ge=1, le=2**31 - 1)]


def _inside(path: Path, root: Path) -> bool:
    return path.resolve().is_relative_to(root.resolve())


def remove_files(settings: WebSettings, removed: removal.Removed) -> None:
    """Delete the analysis folders, their uploaded clips and the stored videos, only inside the data folder."""
    for folder in (Path(f) for f in removed.folders):
        if _inside(folder, settings.data_dir):
            shutil.rmtree(folder, ignore_errors=True)
            for suffix in VIDEO_SUFFIXES:
                (settings.uploads / f"{folder.name}{suffix}").unlink(missing_ok=True)
    for video in (Path(v) for v in removed.videos):
        if video.is_absolute() and _inside(video, settings.data_dir):
            video.unlink(missing_ok=True)


def delete_person(ctx: WebContext, user: UserRecord, person_id: int) -> None:
    with ctx.store.session() as s:
        removed = removal.delete_person(s, user, person_id)
    remove_files(ctx.settings, removed)


def delete_assessment(ctx: WebContext, user: UserRecord, assessment_id: int) -> int:
    """Delete one screen and its files; the person's id."""
    _, person = service.assessment(ctx, user, assessment_id)
    with ctx.store.session() as s:
        removed = removal.delete_assessment(s, user, assessment_id)
    remove_files(ctx.settings, removed)
    return person.id


def delete_set(ctx: WebContext, user: UserRecord, person_id: int, log_id: int) -> None:
    with ctx.store.session() as s:
        removal.delete_set_log(s, user, person_id, log_id)


def edit_person(ctx: WebContext, user: UserRecord, person_id: int, name: str, email: str, password: str) -> None:
    """Rename the person and change (or open) their sign-in; a new password is checked and hashed."""
    hashed = None
    if password:
        try:
            hashed = auth.hash_password(password)
        except ValueError as exc:
            raise StoreError(str(exc)) from None
    with ctx.store.session() as s:
        removal.rename_person(s, user, person_id, name)
        removal.set_athlete_sign_in(s, user, person_id, email.strip() or None, hashed)


def _edit_page(request: Request, ctx: Ctx, session, person_id: int, status: int = 200, error: str = "") -> Response:
    if session.user.role != "coach":
        raise NotVisible("Only the coach edits an athlete.")
    return render(request, "edit.html.j2", status, person=service.person(ctx, session.user, person_id), error=error)


@router.get("/people/{person_id}/edit")
def edit_page(request: Request, ctx: Ctx, session: User, person_id: Id) -> Response:
    return _edit_page(request, ctx, session, person_id)


@router.post("/people/{person_id}/edit")
def edit(request: Request, ctx: Ctx, session: CsrfUser, person_id: Id, name: Annotated[str, Form(max_length=200)],
         athlete_email: Annotated[str, Form(max_length=320)] = "",
         new_password: Annotated[str, Form(max_length=auth.MAX_PASSWORD)] = "") -> Response:
    try:
        edit_person(ctx, session.user, person_id, name, athlete_email, new_password)
    except NotVisible:
        raise
    except GroundupError as exc:
        return _edit_page(request, ctx, session, person_id, 400, str(exc))
    return see_other(f"/people/{person_id}?done=saved")


@router.post("/people/{person_id}/delete")
def delete_person_form(request: Request, ctx: Ctx, session: CsrfUser, person_id: Id,
                       confirm: Annotated[str, Form(max_length=10)] = "") -> Response:
    if confirm != "yes":
        return _edit_page(request, ctx, session, person_id, 400, "Tick the box to confirm that everything stored "
                                                                 "for this athlete is to be deleted.")
    delete_person(ctx, session.user, person_id)
    return see_other("/people?done=deleted")


@router.post("/assessments/{assessment_id}/delete")
def delete_assessment_form(ctx: Ctx, session: CsrfUser, assessment_id: Id) -> Response:
    person_id = delete_assessment(ctx, session.user, assessment_id)
    return see_other(f"/people/{person_id}?done=screen-deleted")


@router.post("/people/{person_id}/logs/{log_id}/delete")
def delete_set_form(ctx: Ctx, session: CsrfUser, person_id: Id, log_id: Id) -> Response:
    delete_set(ctx, session.user, person_id, log_id)
    return see_other(f"/people/{person_id}/plan?done=set-deleted")
