"""The FastAPI application: routers, static files, limits, security headers, error pages.

Every error reaches the user as one sentence with a proper status: an HTML page for the
pages, ``{"detail": ...}`` for ``/api``; never a traceback.
"""

from __future__ import annotations

import logging
from collections.abc import MutableMapping
from contextlib import asynccontextmanager
from typing import Any
from urllib.parse import quote

import jinja2
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from groundup import __version__
from groundup.errors import GroundupError
from groundup.store.accounts import NotVisible
from groundup.store.db import Store
from groundup.web import api, compare, downloads, live, manage, pages
from groundup.web.auth import AddressThrottle
from groundup.web.deps import CsrfRefused, NotSignedIn
from groundup.web.jobs import JobQueue, default_queue
from groundup.web.service import Forbidden, WebContext, serial_store
from groundup.web.settings import WebSettings
from groundup.web.uploads import UploadRefused

log = logging.getLogger("groundup.web")
UPLOAD_SLACK = 1 << 20  # form fields and multipart framing around the video
CSP = ("default-src 'self'; img-src 'self' data:; media-src 'self'; style-src 'self'; script-src 'self'; "
       "object-src 'none'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'")
TOO_LARGE = "groundup.too_large"


def templates() -> Jinja2Templates:
    env = jinja2.Environment(loader=jinja2.PackageLoader("groundup.web", "templates"), autoescape=True,
                             trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined)
    return Jinja2Templates(env=env)


class BodyTooLarge(Exception):
    """The request body went past the upload limit while it was being read."""


class LimitsAndHeaders:
    """ASGI middleware: refuse request bodies over the limit, add security headers to every response
    (``Cache-Control: no-store`` on everything but the static files)."""

    def __init__(self, app: Any, max_body: int) -> None:
        self.app, self.max_body = app, max_body

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = dict(scope["headers"]).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_body):
            await too_large(scope, self.max_body)(scope, receive, send)
            return
        seen = 0

        async def counted() -> dict:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.max_body:
                scope[TOO_LARGE] = True
                raise BodyTooLarge()
            return message

        private = not str(scope.get("path", "")).startswith("/static/")

        async def with_headers(message: dict) -> None:
            if message["type"] == "http.response.start":
                headers = message.setdefault("headers", [])
                names = {k.lower() for k, _ in headers}
                extra = [(b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"same-origin"),
                         (b"x-frame-options", b"DENY"), (b"content-security-policy", CSP.encode())]
                if private:  # Back after signing out must not show a person's data from the browser's cache
                    extra.append((b"cache-control", b"no-store"))
                headers.extend((k, v) for k, v in extra if k not in names)
            await send(message)

        await self.app(scope, counted, with_headers)


def too_large(scope: MutableMapping[str, Any], max_body: int) -> Response:
    mb = max(1, (max_body - UPLOAD_SLACK) // 2**20)
    return error_response(scope, 413, f"The upload is larger than the {mb} MB limit.")


def _is_api(scope: MutableMapping[str, Any]) -> bool:
    return str(scope.get("path", "")).startswith("/api/")


def back_link(scope: MutableMapping[str, Any]) -> str:
    """The page the user came from (the Referer, when it is a page of this site), else the start page."""
    from urllib.parse import urlsplit

    headers = dict(scope.get("headers") or [])
    referer = headers.get(b"referer", b"").decode("latin-1")
    host = headers.get(b"host", b"").decode("latin-1")
    parts = urlsplit(referer)
    if referer and parts.netloc == host and parts.path.startswith("/") and not parts.path.startswith("//"):
        return parts.path + (f"?{parts.query}" if parts.query else "")
    return "/"


def error_response(scope: MutableMapping[str, Any], status: int, message: str) -> Response:
    """``{"detail": message}`` for the API, a small HTML page otherwise (no template: it must not fail),
    with a way back: the page the user came from and the start page."""
    if _is_api(scope):
        return JSONResponse({"detail": message}, status_code=status)
    from html import escape

    back = back_link(scope)
    links = (f"<a class='button primary' id=error-back href='{escape(back)}'>Back to the previous page</a> "
             if back != "/" else "") + "<a class=button href=/>Start page</a>"
    body = (f"<!doctype html><html lang=en><head><meta charset=utf-8><title>groundup: {status}</title>"
            "<meta name=viewport content='width=device-width, initial-scale=1'>"
            "<link rel=stylesheet href=/static/app.css></head><body><header class=top><a class=brand href=/>"
            "<span class=mark aria-hidden=true></span>groundup</a></header><main class=narrow>"
            f"<div class='card error'><h1>{escape(TITLES.get(status, 'Something went wrong'))}</h1>"
            f"<p id=error-message>{escape(message)}</p><p>{links}</p></div></main></body></html>")
    return Response(body, status_code=status, media_type="text/html; charset=utf-8")


TITLES = {400: "That did not work", 401: "Please sign in", 403: "Not allowed", 404: "Not found",
          405: "Not allowed", 413: "Too large", 415: "Not a video", 422: "That did not work",
          429: "Too many attempts", 500: "Something went wrong"}


def _handlers(app: FastAPI) -> None:
    @app.exception_handler(NotSignedIn)
    async def _not_signed_in(request: Request, _exc: NotSignedIn) -> Response:
        if _is_api(request.scope):
            return JSONResponse({"detail": "Sign in first."}, status_code=401)
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)

    @app.exception_handler(CsrfRefused)
    async def _csrf(request: Request, _exc: CsrfRefused) -> Response:
        return error_response(request.scope, 403, "The form's security token is missing or out of date. "
                                                  "Go back, reload the page and try again.")

    @app.exception_handler(NotVisible)
    async def _not_visible(request: Request, _exc: NotVisible) -> Response:
        return error_response(request.scope, 404, "There is nothing here, or it is not yours to see.")

    @app.exception_handler(Forbidden)
    async def _forbidden(request: Request, exc: Forbidden) -> Response:
        return error_response(request.scope, 403, str(exc))

    @app.exception_handler(UploadRefused)
    async def _upload(request: Request, exc: UploadRefused) -> Response:
        return error_response(request.scope, exc.status, exc.message)

    @app.exception_handler(GroundupError)
    async def _user_error(request: Request, exc: GroundupError) -> Response:
        return error_response(request.scope, 400, str(exc))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        if _is_api(request.scope):
            return JSONResponse({"detail": jsonable(exc.errors())}, status_code=422)
        problems = "; ".join(f"{'.'.join(str(p) for p in e.get('loc', ())[1:]) or 'request'}: {e.get('msg', '')}"
                             for e in exc.errors())
        return error_response(request.scope, 400, f"Some values were not accepted ({problems}).")

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        if request.scope.get(TOO_LARGE):
            return too_large(request.scope, request.app.state.max_body)
        message = exc.detail if isinstance(exc.detail, str) else TITLES.get(exc.status_code, "Error")
        if exc.status_code == 404:
            message = "There is nothing here, or it is not yours to see."
        return error_response(request.scope, exc.status_code, message)

    @app.exception_handler(BodyTooLarge)
    async def _body(request: Request, _exc: BodyTooLarge) -> Response:
        return too_large(request.scope, request.app.state.max_body)

    @app.exception_handler(Exception)
    async def _bug(request: Request, exc: Exception) -> Response:
        log.error("internal error on %s %s: %s: %s", request.method, request.url.path, type(exc).__name__, exc)
        return error_response(request.scope, 500, "Something went wrong on our side; the error was logged.")


def jsonable(errors: Any) -> Any:
    from fastapi.encoders import jsonable_encoder

    return jsonable_encoder(errors, custom_encoder={Exception: str, bytes: lambda b: b.decode("latin-1")})


def create_app(settings: WebSettings, store: Store, jobs: JobQueue | None = None) -> FastAPI:
    """The web app on an opened ``store``; analyses go to ``jobs`` (default: the broker's workers when one is
    configured, else a ``ProcessJobQueue``)."""
    queue = jobs if jobs is not None else default_queue(settings.db_url, settings.data_dir, settings.broker_url,
                                                        settings.worker_nice)

    @asynccontextmanager
    async def lifespan(_app: FastAPI):
        yield
        queue.close()

    app = FastAPI(title="groundup", version=__version__, lifespan=lifespan, docs_url=None, redoc_url=None,
                  openapi_url=None,
                  description="Knee and ankle valgus screening, program, training log and progress. "
                              "Every endpoint needs a signed-in session (cookie from /login); POSTs also need "
                              "the session's CSRF token in the X-CSRF-Token header (GET /api/me shows it).")
    app.state.ctx = WebContext(settings, serial_store(store), queue,
                               AddressThrottle(settings.ip_failures, settings.ip_window_s))
    app.state.templates = templates()
    app.state.max_body = settings.max_upload_bytes + UPLOAD_SLACK
    app.mount("/static", StaticFiles(packages=[("groundup.web", "static")]), name="static")
    app.include_router(pages.router)
    for extra in (downloads.router, manage.router, compare.router):
        app.include_router(extra)
    app.include_router(api.router)
    app.include_router(live.router)
    _handlers(app)
    app.add_middleware(LimitsAndHeaders, max_body=app.state.max_body)
    return app
