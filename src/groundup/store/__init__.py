"""Storage: people, assessments, programs and the training log in SQLite or PostgreSQL.

Open with ``open_store(resolve_url(db))``; run the repository functions inside
``with store.session() as s:`` (one transaction). Every failure is a ``StoreError``.
"""

from groundup.store.db import Store, default_path, open_store, resolve_url
from groundup.store.errors import StoreError
from groundup.store.export import export_rows
from groundup.store.records import (
    PROGRAM_STATUSES,
    TARGET_KINDS,
    AssessmentRecord,
    KneeFinding,
    PersonRecord,
    ProgramEntryRecord,
    ProgramRecord,
    SessionRecord,
    SetLogRecord,
)
from groundup.store.repo import (
    add_assessment,
    add_person,
    add_session,
    add_set_log,
    current_program,
    get_person_by_name,
    latest_assessments,
    list_people,
    logs_for,
    save_program,
)

__all__ = [
    "PROGRAM_STATUSES",
    "TARGET_KINDS",
    "AssessmentRecord",
    "KneeFinding",
    "PersonRecord",
    "ProgramEntryRecord",
    "ProgramRecord",
    "SessionRecord",
    "SetLogRecord",
    "Store",
    "StoreError",
    "add_assessment",
    "add_person",
    "add_session",
    "add_set_log",
    "current_program",
    "default_path",
    "export_rows",
    "get_person_by_name",
    "latest_assessments",
    "list_people",
    "logs_for",
    "open_store",
    "resolve_url",
    "save_program",
]
