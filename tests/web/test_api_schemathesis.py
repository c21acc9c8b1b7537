"""Property-based API tests: schemathesis generates requests from the app's own OpenAPI schema.

Bounded (a fixed number of examples per operation, no deadline) and deterministic (derandomised);
every generated request must get an answer other than a server error, in the documented shape.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance
from webapp import RecordingQueue, Web, signed_in

from groundup.store.db import open_store
from groundup.web.app import create_app
from groundup.web.auth import SESSION_COOKIE, AddressThrottle
from groundup.web.service import WebContext
from groundup.web.settings import WebSettings

EXAMPLES = 25


APP = create_app(WebSettings("sqlite://", Path("unused")), open_store("sqlite://"), RecordingQueue())
schema = schemathesis.openapi.from_dict(APP.openapi())
schema.app = APP


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    """The app on a store with a coach and an athlete with a program; the coach's session."""
    folder: Path = tmp_path_factory.mktemp("api")
    url = f"sqlite:///{folder / 'api.sqlite3'}"
    settings_ = WebSettings(db_url=url, data_dir=folder / "data", max_upload_bytes=2**20)
    store = open_store(url)
    web = Web(settings_, store, RecordingQueue(), APP)
    APP.state.ctx = WebContext(settings_, store, web.queue, AddressThrottle(100, 60))
    coach = web.coach("coach@example.org")
    web.assessment(web.person(coach, "Ana"))
    client, csrf = signed_in(web, "coach@example.org")
    yield {"csrf": csrf, "cookie": client.cookies.get(SESSION_COOKIE)}
    store.close()


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
def test_no_request_gets_a_server_error(case, api: dict) -> None:
    response = case.call(headers={"x-csrf-token": api["csrf"]}, cookies={SESSION_COOKIE: api["cookie"]})
    case.validate_response(response, checks=[not_a_server_error, response_schema_conformance])
    assert response.status_code < 500
