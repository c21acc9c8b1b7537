"""Deleting and editing what a coach owns: a person (with every row of theirs), one screen, one
logged set; renaming a person and their sign-in. Each goes through ``accounts.visible_*``, so
someone else's object is ``NotVisible`` exactly like one that does not exist.

The database cascades do the rows (people -> assessments, programs, sessions, set logs, the
athlete's account and its browser sessions); the caller removes the files these functions return.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from groundup.store import accounts, validate
from groundup.store import models as m
from groundup.store.accounts import NotVisible, UserRecord
from groundup.store.errors import StoreError


@dataclass(frozen=True)
class Removed:
    """What a deletion leaves for the caller to remove from disk: analysis folders and videos."""

    folders: list[str]
    videos: list[str]


def _coach_only(user: UserRecord) -> None:
    if user.role != "coach":
        raise NotVisible("Only the coach can delete or change this.")


def delete_person(s: Session, user: UserRecord, person_id: int) -> Removed:
    """Remove a coach's person and everything stored for them; their folders and videos to remove."""
    _coach_only(user)
    person = accounts.visible_person(s, user, person_id)
    rows = s.execute(select(m.AssessmentRow.folder, m.AssessmentRow.video_path)
                     .where(m.AssessmentRow.person_id == person.id)).all()
    s.execute(delete(m.PersonRow).where(m.PersonRow.id == person.id))
    return Removed([f for f, _ in rows if f], [v for _, v in rows if v])


def delete_assessment(s: Session, user: UserRecord, assessment_id: int) -> Removed:
    """Remove one screen of a coach's person (a program prescribed from it stays, as history)."""
    _coach_only(user)
    record, _ = accounts.visible_assessment(s, user, assessment_id)
    s.execute(delete(m.AssessmentRow).where(m.AssessmentRow.id == record.id))
    return Removed([record.folder] if record.folder else [], [record.video_path] if record.video_path else [])


def delete_set_log(s: Session, user: UserRecord, person_id: int, log_id: int) -> None:
    """Remove one logged set of a person the user may see (the coach, or the athlete themselves);
    a training session left without sets goes with it."""
    person = accounts.visible_person(s, user, person_id)
    found = s.execute(select(m.SetLogRow.id, m.SessionRow.id).join(m.SessionRow, m.SessionRow.id ==
                                                                    m.SetLogRow.session_id)
                      .where(m.SetLogRow.id == log_id, m.SessionRow.person_id == person.id)).first()
    if found is None:
        raise NotVisible(f"No logged set {log_id}.")
    s.execute(delete(m.SetLogRow).where(m.SetLogRow.id == log_id))
    if s.scalar(select(m.SetLogRow.id).where(m.SetLogRow.session_id == found[1]).limit(1)) is None:
        s.execute(delete(m.SessionRow).where(m.SessionRow.id == found[1]))


def rename_person(s: Session, user: UserRecord, person_id: int, name: str) -> None:
    """Give a coach's person a new name (unused among the coach's people)."""
    _coach_only(user)
    person = accounts.visible_person(s, user, person_id)
    stored = accounts.stored_name(name, user.id)
    taken = s.scalar(select(m.PersonRow.id).where(m.PersonRow.name == stored, m.PersonRow.id != person.id))
    if taken is not None:
        raise StoreError(f"You already coach someone called {validate.name(name)!r}.")
    s.execute(update(m.PersonRow).where(m.PersonRow.id == person.id).values(name=stored))


def set_athlete_sign_in(s: Session, user: UserRecord, person_id: int, email: str | None,
                        password_hash: str | None) -> None:
    """Change the e-mail and/or set a new (already hashed) password of a person's athlete account,
    or create the account when there is none (then both are needed). A new password ends the
    athlete's open browser sessions and any lock."""
    _coach_only(user)
    person = accounts.visible_person(s, user, person_id)
    account = accounts.athlete_account(s, person)
    if account is None:
        if not email and not password_hash:
            return
        if not (email and password_hash):
            raise StoreError("Give both an e-mail address and a first password to open a sign-in.")
        accounts.add_user(s, email, password_hash, "athlete", coach=user, person=person)
        return
    values: dict[str, object] = {}
    if email:
        wanted = accounts.normal_email(email)
        other = s.scalar(select(m.UserRow.id).where(m.UserRow.email == wanted, m.UserRow.id != account.id))
        if other is not None:
            raise StoreError("That e-mail address cannot be used for the athlete's sign-in; choose another one.")
        values["email"] = wanted
    if password_hash:
        values.update(password_hash=password_hash, failed_logins=0, locked_until=None)
        s.execute(delete(m.WebSessionRow).where(m.WebSessionRow.user_id == account.id))
    if values:
        s.execute(update(m.UserRow).where(m.UserRow.id == account.id).values(**values))
