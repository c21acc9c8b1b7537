"""Request dependencies: the app's context, the signed-in user, the CSRF check."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from groundup.store.accounts import SessionUser
from groundup.web import auth
from groundup.web.service import WebContext

CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"


class NotSignedIn(Exception):
    """No valid session: pages redirect to the sign-in page, the API answers 401."""


class CsrfRefused(Exception):
    """An unsafe request without the session's CSRF token."""


def context(request: Request) -> WebContext:
    return request.app.state.ctx


def signed_in(request: Request) -> SessionUser:
    """The session's user, or ``NotSignedIn``."""
    ctx: WebContext = request.app.state.ctx
    found = auth.session_for(ctx.store, request.cookies.get(auth.SESSION_COOKIE))
    if found is None:
        raise NotSignedIn()
    request.state.session = found
    return found


async def csrf_checked(request: Request, session: Annotated[SessionUser, Depends(signed_in)]) -> SessionUser:
    """The user, after checking the request carries the session's CSRF token (form field or header)."""
    sent = request.headers.get(CSRF_HEADER)
    if sent is None and request.headers.get("content-type", "").startswith(
            ("application/x-www-form-urlencoded", "multipart/form-data")):
        form = await request.form()
        value = form.get(CSRF_FIELD)
        sent = value if isinstance(value, str) else None
    if not auth.tokens_equal(sent, session.csrf_token):
        raise CsrfRefused()
    return session


Ctx = Annotated[WebContext, Depends(context)]
User = Annotated[SessionUser, Depends(signed_in)]
CsrfUser = Annotated[SessionUser, Depends(csrf_checked)]
