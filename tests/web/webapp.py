"""Web test helpers: a recording job queue, the app under test, sign-in through the form."""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

with warnings.catch_warnings():  # Starlette's notice about httpx, given once at import
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from groundup import coach
from groundup.store import accounts
from groundup.store.accounts import UserRecord
from groundup.store.db import Store
from groundup.store.records import PersonRecord
from groundup.web.auth import hash_password
from groundup.web.jobs import AnalysisJob, JobStatus
from groundup.web.settings import WebSettings
from program.program_results import NEUTRAL, VALGUS, knee, result

PASSWORD = "correct horse battery"
LOGIN_TOKEN = re.compile(r'name="csrf_token" value="([0-9a-f]+)"')


@dataclass
class RecordingQueue:
    """A JobQueue that keeps what it was given; tests finish jobs by hand."""

    jobs: dict[str, tuple[AnalysisJob, JobStatus]] = field(default_factory=dict)
    closed: bool = False

    def submit(self, job: AnalysisJob) -> JobStatus:
        status = JobStatus(f"{len(self.jobs) + 1:032x}", job.person_id, "queued", "Waiting", 0.0)
        self.jobs[status.id] = (job, status)
        return status

    def status(self, job_id: str) -> JobStatus | None:
        found = self.jobs.get(job_id)
        return found[1] if found else None

    def finish(self, job_id: str, assessment_id: int) -> None:
        job, status = self.jobs[job_id]
        self.jobs[job_id] = (job, replace(status, state="done", fraction=1.0, assessment_id=assessment_id))

    def close(self) -> None:
        self.closed = True


@dataclass
class Web:
    """The app under test and what it runs on."""

    settings: WebSettings
    store: Store
    queue: RecordingQueue
    app: object

    def client(self) -> TestClient:
        return TestClient(self.app, base_url="http://127.0.0.1")

    def coach(self, email: str) -> UserRecord:
        with self.store.session() as s:
            return accounts.add_user(s, email, hash_password(PASSWORD), "coach")

    def person(self, coach: UserRecord, name: str) -> PersonRecord:
        with self.store.session() as s:
            return accounts.add_coached_person(s, coach, name)

    def athlete(self, coach: UserRecord, email: str, name: str) -> tuple[UserRecord, PersonRecord]:
        with self.store.session() as s:
            person = accounts.add_coached_person(s, coach, name)
            return accounts.add_user(s, email, hash_password(PASSWORD), "athlete", coach=coach, person=person), person

    def assessment(self, person: PersonRecord, per_rep: tuple[float, ...] = VALGUS,
                   created: str = "2026-01-05T09:00:00+00:00", extra: dict | None = None) -> int:
        """A stored assessment (left knee valgus by default) with an analysis folder of small files."""
        folder = self.settings.analyses / f"a{person.id}-{created[:10]}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "result.json").write_text('{"stored": true}', encoding="utf-8")
        (folder / "frames.csv").write_text("time_s,valid\n0.0,1\n", encoding="utf-8")
        (folder / "measures.png").write_bytes(PNG_1PX)
        doc = result(knee("valgus" if per_rep == VALGUS else "neutral", per_rep), knee("neutral", NEUTRAL),
                     created=created)
        doc.update({"thresholds": {"items": {"knee.valgus_mild": {"value": 0.15}}}, "movement": {"requested":
                    "arms-down-squat"}, "disclaimer": "A screening aid."})
        doc.update(extra or {})
        return coach.store_assessment(self.store, person.name, doc, str(folder)).assessment.id


PNG_1PX = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                        "1f15c4890000000d49444154789c6360000002000100ffff03000006000557bfabd40000000049454e44ae426082")


@contextmanager
def web_on(db_url: str, data_dir: Path) -> Iterator[Web]:
    """The web app on ``db_url`` (small upload limit, quick lock-out) with a recording job queue."""
    from groundup.store.db import open_store
    from groundup.web.app import create_app

    settings = WebSettings(db_url=db_url, data_dir=data_dir, max_upload_bytes=2**20, max_failed_logins=3,
                           lock_minutes=10)
    store = open_store(db_url)
    queue = RecordingQueue()
    try:
        yield Web(settings, store, queue, create_app(settings, store, queue))
    finally:
        store.close()


def sign_in(client: TestClient, email: str, password: str = PASSWORD, next_url: str = "/"):
    """Sign in through the form (with its CSRF token); the response of the POST."""
    page = client.get("/login")
    token = LOGIN_TOKEN.search(page.text).group(1)
    return client.post("/login", data={"email": email, "password": password, "csrf_token": token,
                                       "next": next_url}, follow_redirects=False)


def signed_in(web: Web, email: str) -> tuple[TestClient, str]:
    """A client with a session, and the session's CSRF token."""
    client = web.client()
    assert sign_in(client, email).status_code == 303
    return client, client.get("/api/me").json()["csrf_token"]
