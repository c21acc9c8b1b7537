"""Passwords (argon2id), sign-in with lock-out and per-address slow-down, browser sessions.

A session is a random token in an HttpOnly, SameSite cookie; the database keeps only its
SHA-256, with the session's CSRF token beside it. A wrong password counts against the
account (locked for a while after ``max_failed_logins`` in a row) and against the client's
address (refused for a while after ``ip_failures`` within ``ip_window_s``).
"""

from __future__ import annotations

import hashlib
import secrets
import threading
import time
from collections import deque
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from groundup.store import accounts
from groundup.store.accounts import SessionUser, UserRecord
from groundup.store.db import Store
from groundup.web.settings import WebSettings

SESSION_COOKIE = "groundup_session"
LOGIN_CSRF_COOKIE = "groundup_login_csrf"
MIN_PASSWORD = 10
MAX_PASSWORD = 1024


class LoginRefused(Exception):
    """Sign-in refused: ``status`` 401 (wrong e-mail or password, or a locked account) or 429 (slowed down)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@lru_cache(maxsize=1)
def hasher() -> PasswordHasher:
    return PasswordHasher()  # argon2id with the library's current recommended cost


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    """Verified against when the e-mail is unknown, so both cases take as long."""
    return hasher().hash(secrets.token_urlsafe(16))


def check_password_rules(password: str) -> None:
    """A new password: 10 to 1024 characters."""
    if not isinstance(password, str) or not MIN_PASSWORD <= len(password) <= MAX_PASSWORD:
        raise ValueError(f"A password must be {MIN_PASSWORD} to {MAX_PASSWORD} characters long.")


def hash_password(password: str) -> str:
    check_password_rules(password)
    return hasher().hash(password)


def password_matches(password_hash: str, password: str) -> bool:
    try:
        return hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(32)


def tokens_equal(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return False
    return secrets.compare_digest(a.encode("utf-8", "surrogatepass"), b.encode("utf-8", "surrogatepass"))


class AddressThrottle:
    """Failed sign-ins per client address in a sliding window (kept in memory)."""

    def __init__(self, limit: int, window_s: float) -> None:
        self.limit, self.window_s = limit, window_s
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, address: str, now: float) -> deque[float]:
        times = self._failures.setdefault(address, deque())
        while times and times[0] <= now - self.window_s:
            times.popleft()
        return times

    def wait_s(self, address: str, now: float | None = None) -> float:
        """Seconds until this address may try again (0 when it may now)."""
        now = time.monotonic() if now is None else now
        with self._lock:
            times = self._recent(address, now)
            return 0.0 if len(times) < self.limit else times[0] + self.window_s - now

    def failed(self, address: str, now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        with self._lock:
            self._recent(address, now).append(now)


@dataclass(frozen=True)
class SignedIn:
    """A new browser session: the cookie token (shown once) and its user."""

    token: str
    session: SessionUser


def _minutes(delta: timedelta | float) -> int:
    seconds = delta.total_seconds() if isinstance(delta, timedelta) else delta
    return max(1, int(-(-seconds // 60)))


def refusal(settings: WebSettings) -> LoginRefused:
    """The one answer to every refused sign-in (unknown e-mail, wrong password, locked account): it does not
    tell which, so the answers cannot show which e-mail addresses have accounts."""
    return LoginRefused(401, f"Wrong e-mail or password. After {settings.max_failed_logins} wrong passwords in a "
                             f"row an account is locked for {_minutes(settings.lock_minutes * 60)} minutes.")


def sign_in(store: Store, settings: WebSettings, throttle: AddressThrottle, email: str, password: str,
            address: str, now: datetime | None = None) -> SignedIn:
    """Check the password and open a session, or raise ``LoginRefused`` with one sentence.

    A password hash is checked in every case (the account's, or a dummy one for an unknown or locked
    account's), so refusals take as long as each other and read the same.
    """
    now = now or datetime.now(UTC)
    wait = throttle.wait_s(address)
    if wait > 0:
        raise LoginRefused(429, f"Too many failed sign-ins from your address. Try again in {_minutes(wait)} "
                                "minutes.")
    with store.session() as s:
        user = accounts.get_user_by_email(s, email)
    locked = user is not None and user.locked_until is not None and user.locked_until > now
    if password and len(password) <= MAX_PASSWORD:
        ok = password_matches(user.password_hash if user else _dummy_hash(), password)
    else:
        ok = False
    if not ok or user is None or locked:
        throttle.failed(address)
        if user is not None and not locked:
            with store.session() as s:
                accounts.record_failed_login(s, user, now, settings.max_failed_logins,
                                             timedelta(minutes=settings.lock_minutes))
        raise refusal(settings)
    return open_session(store, settings, user, password, now)


def open_session(store: Store, settings: WebSettings, user: UserRecord, password: str | None,
                 now: datetime) -> SignedIn:
    """Forget failures, upgrade an outdated hash, store a new session."""
    token, csrf = new_token(), secrets.token_hex(32)
    lifetime = timedelta(hours=settings.session_hours)
    with store.session() as s:
        accounts.clear_failed_logins(s, user)
        if password is not None and hasher().check_needs_rehash(user.password_hash):
            accounts.set_password(s, user, hasher().hash(password))
        accounts.add_web_session(s, user, token_hash(token), csrf, now, lifetime)
    fresh = replace(user, failed_logins=0, locked_until=None)
    return SignedIn(token, SessionUser(fresh, csrf, now + lifetime))


def session_for(store: Store, token: str | None, now: datetime | None = None) -> SessionUser | None:
    """The signed-in user of a cookie token, or None."""
    if not token or len(token) > 200:
        return None
    with store.session() as s:
        return accounts.session_user(s, token_hash(token), now or datetime.now(UTC))


def sign_out(store: Store, token: str | None) -> None:
    if token and len(token) <= 200:
        with store.session() as s:
            accounts.end_web_session(s, token_hash(token))
