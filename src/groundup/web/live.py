"""The Live page and its WebSocket: the browser's camera frames through the streaming engine.

Signed-in users only (the session cookie, as for every page), from this site's own pages
(the Origin must be this host), one live stream per user at a time. Frames are looked at
and let go; only while the person records are they written to a clip, which is then
handed to the normal upload and analysis.
"""

from __future__ import annotations

import asyncio
import json
import secrets
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import APIRouter, Query, Request, WebSocket, WebSocketDisconnect
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from groundup.errors import GroundupError
from groundup.live.movements import LIVE_MOVEMENTS
from groundup.live.stream import BadFrame, LiveStream
from groundup.store.accounts import SessionUser
from groundup.thresholds import load_thresholds
from groundup.web import auth, service
from groundup.web.deps import Ctx, User
from groundup.web.pages import render
from groundup.web.service import Forbidden, WebContext
from groundup.web.uploads import UploadRefused

router = APIRouter(include_in_schema=False)
POLICY, BUSY = 1008, 4409  # close codes: refused (not signed in, foreign page), already streaming


@router.get("/live")
def live_page(request: Request, ctx: Ctx, session: User,
              person: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None) -> Response:
    people = service.people(ctx, session.user)
    chosen = person or session.user.person_id or (people[0].id if len(people) == 1 else None)
    return render(request, "live.html.j2", people=people, person_id=chosen)


def _same_origin(ws: WebSocket) -> bool:
    origin, host = ws.headers.get("origin"), ws.headers.get("host")
    return bool(origin and host and urlsplit(origin).netloc == host)


async def _session(ws: WebSocket, ctx: WebContext) -> SessionUser | None:
    return await run_in_threadpool(auth.session_for, ctx.store, ws.cookies.get(auth.SESSION_COOKIE))


@router.websocket("/live/ws")
async def live_socket(ws: WebSocket) -> None:
    ctx: WebContext = ws.app.state.ctx
    session = await _session(ws, ctx)
    if session is None or not _same_origin(ws):
        await ws.close(code=POLICY, reason="Sign in on this site first.")
        return
    movement = ws.query_params.get("movement", "squat")
    if movement not in LIVE_MOVEMENTS:
        await ws.close(code=POLICY, reason=f"Live mode follows {' or '.join(LIVE_MOVEMENTS)}.")
        return
    streams: set[int] = ws.app.state.__dict__.setdefault("live_users", set())
    if session.user.id in streams:
        await ws.close(code=BUSY, reason="Live mode is already open in another tab or device.")
        return
    streams.add(session.user.id)
    try:
        await ws.accept()
        await _serve(ws, ctx, session, movement)
    except WebSocketDisconnect:
        pass
    finally:
        streams.discard(session.user.id)


async def _serve(ws: WebSocket, ctx: WebContext, session: SessionUser, movement: str) -> None:
    """Answer each frame with the engine's reading; text messages start and stop a recording."""
    from groundup.pose.estimator import BlazePoseEstimator

    loop = asyncio.get_running_loop()
    model = getattr(ws.app.state, "live_pose_model", BlazePoseEstimator)  # tests put a scripted model here
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="live") as worker:
        estimator = await loop.run_in_executor(worker, model)
        stream = LiveStream(estimator, load_thresholds(), movement)
        try:
            while True:
                message = await ws.receive()
                if message["type"] == "websocket.disconnect":
                    return
                if message.get("bytes") is not None:
                    try:
                        reply = await loop.run_in_executor(worker, stream.process, message["bytes"])
                    except BadFrame as exc:
                        reply = {"error": str(exc)}
                else:
                    reply = await _command(loop, worker, stream, ctx, session, message.get("text") or "")
                await ws.send_text(json.dumps(reply))
        finally:
            await loop.run_in_executor(worker, _close, stream)


def _close(stream: LiveStream) -> None:
    clip = stream.stop_recording()
    if clip is not None:
        clip.unlink(missing_ok=True)  # the stream ended without Stop: nothing is kept
    stream.estimator.close()


async def _command(loop: asyncio.AbstractEventLoop, worker: ThreadPoolExecutor, stream: LiveStream,
                   ctx: WebContext, session: SessionUser, text: str) -> dict:
    """{"record": true} starts a recording; {"record": false, "person": id, "movement": name} ends it
    and sends the clip to the analysis."""
    try:
        command = json.loads(text)
    except ValueError:
        return {"error": "Unknown message."}
    if not isinstance(command, dict) or not isinstance(command.get("record"), bool):
        return {"error": "Unknown message."}
    if command["record"]:
        path = Path(tempfile.gettempdir()) / f"groundup-live-{secrets.token_hex(8)}.mp4"
        await loop.run_in_executor(worker, stream.start_recording, path)
        return {"recording": True}
    clip = await loop.run_in_executor(worker, stream.stop_recording)
    if clip is None:
        return {"recording": False, "error": "Nothing was recorded."}
    try:
        return {"recording": False, "job": await run_in_threadpool(_analyse, ctx, session, clip, command)}
    except (GroundupError, Forbidden, UploadRefused, ValueError) as exc:
        return {"recording": False, "error": str(exc) or "The recording could not be analysed."}
    finally:
        clip.unlink(missing_ok=True)


def _analyse(ctx: WebContext, session: SessionUser, clip: Path, command: dict) -> str:
    """Hand the recorded clip to the normal upload and analysis; the job page's address."""
    person, movement = command.get("person"), str(command.get("movement", "squat"))
    if not isinstance(person, int) or movement not in LIVE_MOVEMENTS:
        raise ValueError("Choose whose recording it is and the movement.")
    with clip.open("rb") as f:
        status = service.start_analysis(ctx, session.user, person, f, LIVE_MOVEMENTS[movement])
    return f"/jobs/{status.id}"
