"""The web app with a broker: uploads are analysed by ``groundup worker`` processes, and a restarted
server sends its unfinished jobs again (here after the broker lost them)."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest
from queue_helpers import CLIP, flush, start_worker, stop

from groundup.store import open_store, repo
from groundup.web.app import create_app
from groundup.web.settings import WebSettings

sys.path.insert(0, str(Path(__file__).parents[1] / "web"))
from webapp import Web, signed_in


@pytest.mark.slow
def test_uploads_go_to_the_workers_and_survive_a_server_restart(tmp_path: Path, redis_url: str) -> None:
    db = f"sqlite:///{tmp_path / 'web.sqlite3'}"
    settings = WebSettings(db_url=db, data_dir=tmp_path / "data", max_upload_bytes=50 * 2**20, broker_url=redis_url)
    settings.data_dir.mkdir()
    store = open_store(db)
    try:
        first = create_app(settings, store)
        web = Web(settings, store, first.state.ctx.jobs, first)
        person = web.person(web.coach("coach@example.org"), "Ana")
        client, csrf = signed_in(web, "coach@example.org")
        sent = client.post(f"/api/people/{person.id}/assessments", data={"movement": "arms-down-squat"},
                           files={"video": ("squat.mp4", CLIP.read_bytes(), "video/mp4")},
                           headers={"x-csrf-token": csrf})
        assert sent.status_code == 202 and sent.json()["state"] == "queued", sent.text
        job_id = sent.json()["id"]
        first.state.ctx.jobs.close()  # the server stops with the job queued; no worker has seen it
        flush(redis_url)  # and the broker lost its queue
        second = create_app(settings, store)  # the restarted server sends it again
        worker = start_worker(redis_url, db, settings.data_dir, tmp_path / "worker.log")
        try:
            web = Web(settings, store, second.state.ctx.jobs, second)
            client, _ = signed_in(web, "coach@example.org")
            deadline, job = time.monotonic() + 600, {}
            while time.monotonic() < deadline and (job := client.get(f"/api/jobs/{job_id}").json())["state"] in (
                    "queued", "running"):
                time.sleep(0.5)
        finally:
            stop(worker)
            second.state.ctx.jobs.close()
        assert job["state"] == "done" and job["result_url"] == f"/assessments/{job['assessment_id']}", job
        assert client.get(job["result_url"]).status_code == 200
        with store.session() as s:
            stored = repo.latest_assessments(s, repo.get_person_by_name(s, person.name), n=5)
        assert [a.id for a in stored] == [job["assessment_id"]]
    finally:
        store.close()
