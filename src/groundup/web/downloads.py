"""What leaves the server as a file: an analysis's files, the report (naming the athlete, its
video inside it), result.json, the pose exports and the zip of an athlete's data. No download
holds a folder of the server: file names only."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Request
from fastapi import Path as PathParam
from fastapi.responses import FileResponse, Response

from groundup.exports import FORMATS, export_text
from groundup.exports.archive import ScreenFiles, athlete_zip
from groundup.render.report import render_report_html, video_data_uri
from groundup.store import accounts
from groundup.store.accounts import UserRecord
from groundup.store.export import export_rows
from groundup.store.records import AssessmentRecord
from groundup.web import service
from groundup.web.deps import Ctx, User
from groundup.web.service import ANALYSIS_FILES, WebContext
from groundup.web.settings import WebSettings

router = APIRouter(include_in_schema=False)
Id = Annotated[int, PathParam(ge=1, le=2**31 - 1)]
REPORT_ASSETS = {"worst_rep_left": "worst_rep_left.png", "worst_rep_right": "worst_rep_right.png",
                 "plots": "measures.png"}
VIDEO_SUFFIXES = (".mp4", ".mov")


def public_result(result: dict) -> dict:
    """A result document with every file given by its name only (older results kept whole paths)."""
    doc = copy.deepcopy(result)
    video = doc.get("video")
    if isinstance(video, dict):
        for key in ("path", "side_video"):
            if isinstance(video.get(key), str):
                video[key] = Path(video[key]).name
    return doc


def uploaded_video(settings: WebSettings, folder: Path) -> Path | None:
    """The uploaded clip an analysis folder was made from (``uploads/<folder name>.mp4|mov``)."""
    return next((p for p in (settings.uploads / f"{folder.name}{s}" for s in VIDEO_SUFFIXES) if p.is_file()), None)


def report_html(record: AssessmentRecord, athlete: str, embed_video: bool) -> str:
    """The report of one screen naming the athlete; its video inside it, or beside it (in the zip)."""
    folder = Path(record.folder)
    result = public_result(record.summary)
    assets = {key: str(folder / name) for key, name in REPORT_ASSETS.items()}
    video = folder / "annotated.mp4"
    source = video_data_uri(video) if embed_video and video.is_file() else None
    return render_report_html(result, assets, athlete=athlete, video=source)


def _attachment(body: bytes | str, media: str, filename: str) -> Response:
    return Response(body, media_type=media, headers={"content-disposition": f'attachment; filename="{filename}"'})


@router.get("/assessments/{assessment_id}/files/{name}")
def assessment_file(ctx: Ctx, session: User, assessment_id: Id,
                    name: Annotated[str, PathParam(max_length=40)]) -> Response:
    media, download = ANALYSIS_FILES.get(name, ("", False))
    filename = f"groundup-{assessment_id}-{name}"
    if name == "report.html":  # made afresh: it names the athlete and carries its video
        record, person = service.assessment(ctx, session.user, assessment_id)
        return _attachment(report_html(record, service.display(session.user, person), True), media, filename)
    path = service.analysis_file(ctx, session.user, assessment_id, name)
    if name == "result.json":
        doc = public_result(json.loads(path.read_text(encoding="utf-8")))
        return _attachment(json.dumps(doc, indent=2, allow_nan=False), media, filename)
    return FileResponse(path, media_type=media, filename=filename if download else None,
                        content_disposition_type="attachment" if download else "inline")


@router.get("/assessments/{assessment_id}/export/{fmt}")
def pose_export(request: Request, ctx: Ctx, session: User, assessment_id: Id,
                fmt: Annotated[str, PathParam(pattern="^(coco|trc|dlc)$")]) -> Response:
    """The screen's pose track in a format other tools open (tracked once, then kept)."""
    from groundup.exports.pose import CACHE, cached_track
    from groundup.web.app import error_response

    record, _ = service.assessment(ctx, session.user, assessment_id)
    folder = Path(record.folder)
    video = uploaded_video(ctx.settings, folder)
    if not folder.is_dir() or (video is None and not (folder / CACHE).is_file()):
        return error_response(request.scope, 404, "The uploaded video of this screen is no longer kept, so its "
                                                  "pose cannot be exported.")
    video = video or folder / "missing"
    name = f"groundup-{assessment_id}"
    text = export_text(cached_track(folder, video), fmt, name)
    return _attachment(text, FORMATS[fmt].media_type, name + FORMATS[fmt].suffix)


def _screen_files(record: AssessmentRecord, athlete: str) -> ScreenFiles:
    folder = Path(record.folder)
    screen = ScreenFiles(f"{record.created_at:%Y-%m-%d}-{record.id}")
    for name in ANALYSIS_FILES:
        if name not in ("report.html", "result.json") and (folder / name).is_file():
            screen.files[name] = folder / name
    if (folder / "result.json").is_file():
        screen.texts["result.json"] = json.dumps(public_result(record.summary), indent=2, allow_nan=False)
        screen.texts["report.html"] = report_html(record, athlete, embed_video=False)
    return screen


def athlete_archive(ctx: WebContext, user: UserRecord, person_id: int) -> tuple[str, bytes]:
    """(display name, zip bytes) of everything stored for a person the user may see."""
    with ctx.store.session() as s:
        person = accounts.visible_person(s, user, person_id)
        tables = export_rows(s, person)
    name = service.display(user, person)
    by_id = {a.id: a for a in service.assessments(ctx, user, person_id)}
    for row in tables["assessments"]:
        record = by_id.get(row["id"])
        row.update(person=name, video_path=Path(str(row.get("video_path") or "")).name or None,
                   folder=f"screens/{record.created_at:%Y-%m-%d}-{record.id}" if record else None)
    for row in tables["set_logs"]:
        row["person"] = name
    screens = [_screen_files(a, name) for a in by_id.values()]
    return name, athlete_zip(name, datetime.now(UTC).strftime("%Y-%m-%d"), tables, screens)


@router.get("/people/{person_id}/export.zip")
def athlete_zip_download(ctx: Ctx, session: User, person_id: Id) -> Response:
    name, body = athlete_archive(ctx, session.user, person_id)
    safe = "".join(c if c.isalnum() else "-" for c in name).strip("-") or "athlete"
    return _attachment(body, "application/zip", f"groundup-{safe}.zip")
