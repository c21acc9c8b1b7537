"""Web accounts and what each may see: coaches own people, an athlete is one person.

Every read of a person or an assessment on behalf of a user goes through ``visible_*``:
the owner filter is part of the SQL query itself, so a row of another coach is never
loaded, and the caller cannot tell it from a row that does not exist (``NotVisible``).
Passwords arrive here already hashed; the hashing lives in ``groundup.web.auth``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Select, delete, func, select, update
from sqlalchemy.orm import Session

from groundup.store import convert, repo, validate
from groundup.store import models as m
from groundup.store.errors import StoreError
from groundup.store.records import AssessmentRecord, PersonRecord

ROLES = ("coach", "athlete")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
OWNER_TAG = " #c"  # web people are stored as "<name> #c<coach id>": names stay unique across coaches


class NotVisible(StoreError):
    """The object does not exist or belongs to someone the user may not see."""


@dataclass(frozen=True)
class UserRecord:
    """A web account."""

    id: int
    email: str
    role: str  # coach | athlete
    coach_id: int | None  # an athlete's coach
    person_id: int | None  # an athlete's own person
    password_hash: str
    failed_logins: int
    locked_until: datetime | None


@dataclass(frozen=True)
class SessionUser:
    """The user behind a browser session and the CSRF token of that session."""

    user: UserRecord
    csrf_token: str
    expires_at: datetime


def _user(row: m.UserRow) -> UserRecord:
    locked = convert.aware(row.locked_until) if row.locked_until else None
    return UserRecord(row.id, row.email, row.role, row.coach_id, row.person_id, row.password_hash,
                      row.failed_logins, locked)


def normal_email(email: str) -> str:
    """The e-mail address trimmed and lower-cased; refused when it does not look like one."""
    value = email.strip().lower() if isinstance(email, str) else ""
    if not EMAIL.match(value) or len(value) > 254:
        raise StoreError(f"{email!r} is not an e-mail address.")
    return value


def stored_name(display: str, coach_id: int) -> str:
    """The unique ``people.name`` of a coach's person called ``display``."""
    return f"{validate.name(display)}{OWNER_TAG}{coach_id}"


def display_name(person: PersonRecord, coach_id: int | None) -> str:
    """The name a coach typed, without the owner tag."""
    return person.name.removesuffix(f"{OWNER_TAG}{coach_id}") if coach_id else person.name


# --- users -------------------------------------------------------------------------------------

def add_user(s: Session, email: str, password_hash: str, role: str, *, coach: UserRecord | None = None,
             person: PersonRecord | None = None, now: datetime | None = None) -> UserRecord:
    """Store an account: a coach (no coach, no person) or an athlete (their coach and own person)."""
    validate.choice(role, ROLES, "A role")
    email = normal_email(email)
    if role == "athlete" and (coach is None or coach.role != "coach" or person is None):
        raise StoreError("An athlete account needs a coach and the athlete's person.")
    if role == "coach" and (coach is not None or person is not None):
        raise StoreError("A coach account has no coach and no person of its own.")
    if s.scalar(select(m.UserRow.id).where(m.UserRow.email == email)) is not None:
        raise StoreError(f"An account for {email} already exists.")
    if person is not None and s.scalar(select(m.UserRow.id).where(m.UserRow.person_id == person.id)) is not None:
        raise StoreError("This person already has an account.")
    row = m.UserRow(email=email, password_hash=password_hash, role=role, coach_id=coach.id if coach else None,
                    person_id=person.id if person else None, created_at=now or datetime.now(UTC),
                    failed_logins=0, locked_until=None)
    repo._insert(s, [row], f"An account for {email} already exists.")
    return _user(row)


def get_user_by_email(s: Session, email: str) -> UserRecord | None:
    """The account with this e-mail address, or None (also for something that is no address)."""
    try:
        wanted = normal_email(email)
    except StoreError:
        return None
    row = s.scalar(select(m.UserRow).where(m.UserRow.email == wanted))
    return None if row is None else _user(row)


def get_user(s: Session, user_id: int) -> UserRecord | None:
    row = s.get(m.UserRow, user_id)
    return None if row is None else _user(row)


def record_failed_login(s: Session, user: UserRecord, now: datetime, max_failures: int,
                        lock_for: timedelta) -> datetime | None:
    """Count a wrong password; from the ``max_failures``-th on, lock the account for ``lock_for``.

    A lock that has run out gives a fresh count. Returns the time the account stays locked until, or None.
    """
    expired = user.locked_until is not None and user.locked_until <= now
    failures = 1 if expired else user.failed_logins + 1
    locked = now + lock_for if failures >= max_failures else None
    s.execute(update(m.UserRow).where(m.UserRow.id == user.id)
              .values(failed_logins=failures, locked_until=locked))
    return locked


def clear_failed_logins(s: Session, user: UserRecord) -> None:
    """A successful sign-in forgets earlier failures."""
    s.execute(update(m.UserRow).where(m.UserRow.id == user.id).values(failed_logins=0, locked_until=None))


def set_password(s: Session, user: UserRecord, password_hash: str) -> None:
    s.execute(update(m.UserRow).where(m.UserRow.id == user.id).values(password_hash=password_hash))


# --- browser sessions --------------------------------------------------------------------------

def add_web_session(s: Session, user: UserRecord, token_hash: str, csrf_token: str, now: datetime,
                    lifetime: timedelta) -> None:
    """Remember a signed-in browser (by the hash of its cookie token); drops the user's expired ones."""
    s.execute(delete(m.WebSessionRow).where(m.WebSessionRow.user_id == user.id, m.WebSessionRow.expires_at < now))
    s.add(m.WebSessionRow(id=token_hash, user_id=user.id, csrf_token=csrf_token, created_at=now,
                          expires_at=now + lifetime))


def session_user(s: Session, token_hash: str, now: datetime) -> SessionUser | None:
    """The user of an unexpired session, or None."""
    found = s.execute(select(m.WebSessionRow, m.UserRow).join(m.UserRow, m.UserRow.id == m.WebSessionRow.user_id)
                      .where(m.WebSessionRow.id == token_hash)).first()
    if found is None:
        return None
    session, user = found
    expires = convert.aware(session.expires_at)
    if expires <= now:
        return None
    return SessionUser(_user(user), session.csrf_token, expires)


def end_web_session(s: Session, token_hash: str) -> None:
    s.execute(delete(m.WebSessionRow).where(m.WebSessionRow.id == token_hash))


# --- people and assessments, as a user may see them --------------------------------------------

def _visible_people(user: UserRecord) -> Select:
    """People rows the user may see: a coach's own, or the athlete's one person."""
    query = select(m.PersonRow)
    if user.role == "coach":
        return query.join(m.PersonCoachRow, m.PersonCoachRow.person_id == m.PersonRow.id).where(
            m.PersonCoachRow.coach_id == user.id)
    return query.where(m.PersonRow.id == user.person_id)


def add_coached_person(s: Session, coach: UserRecord, name: str) -> PersonRecord:
    """A new person owned by ``coach``; the name must be unused among the coach's people."""
    if coach.role != "coach":
        raise StoreError("Only a coach can add people.")
    stored = stored_name(name, coach.id)
    if s.scalar(select(m.PersonRow.id).where(m.PersonRow.name == stored)) is not None:
        raise StoreError(f"You already coach someone called {name.strip()!r}.")
    person = repo.add_person(s, stored)
    s.add(m.PersonCoachRow(person_id=person.id, coach_id=coach.id))
    s.flush()
    return person


def visible_people(s: Session, user: UserRecord) -> list[PersonRecord]:
    """Everyone the user may see, by name."""
    return [convert.person(r) for r in s.scalars(_visible_people(user).order_by(m.PersonRow.name))]


def visible_person(s: Session, user: UserRecord, person_id: int) -> PersonRecord:
    """One person the user may see (``NotVisible`` otherwise)."""
    row = s.scalar(_visible_people(user).where(m.PersonRow.id == person_id))
    if row is None:
        raise NotVisible(f"No person {person_id}.")
    return convert.person(row)


def person_coach_id(s: Session, person: PersonRecord) -> int | None:
    """The id of the coach who owns the person, if any."""
    return s.scalar(select(m.PersonCoachRow.coach_id).where(m.PersonCoachRow.person_id == person.id))


def visible_assessment(s: Session, user: UserRecord, assessment_id: int) -> tuple[AssessmentRecord, PersonRecord]:
    """One assessment of someone the user may see, with its person (``NotVisible`` otherwise)."""
    people = _visible_people(user).subquery()
    found = s.execute(select(m.AssessmentRow, m.PersonRow)
                      .join(people, people.c.id == m.AssessmentRow.person_id)
                      .join(m.PersonRow, m.PersonRow.id == people.c.id)
                      .where(m.AssessmentRow.id == assessment_id)).first()
    if found is None:
        raise NotVisible(f"No assessment {assessment_id}.")
    return convert.assessment(found[0]), convert.person(found[1])


def visible_assessments(s: Session, user: UserRecord, person_id: int) -> list[AssessmentRecord]:
    """The assessments of one person the user may see, newest first (``NotVisible`` for others)."""
    person = visible_person(s, user, person_id)
    return repo.latest_assessments(s, person, n=10_000)


def athlete_account(s: Session, person: PersonRecord) -> UserRecord | None:
    """The athlete account linked to the person, if there is one."""
    row = s.scalar(select(m.UserRow).where(m.UserRow.person_id == person.id))
    return None if row is None else _user(row)


def count_assessments(s: Session, person: PersonRecord) -> int:
    return int(s.scalar(select(func.count()).select_from(m.AssessmentRow)
                        .where(m.AssessmentRow.person_id == person.id)) or 0)
