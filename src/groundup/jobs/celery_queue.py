"""Analyses on Celery workers with Redis as the broker (``GROUNDUP_BROKER_URL`` or ``--broker``).

Only job ids travel through the broker; the job itself, its progress and outcome live in the
database that every worker and the web app share, and the clips and analysis folders in a data
folder every worker reaches. Messages are acknowledged after the job (``acks_late``) and given back
when a worker process dies (``reject_on_worker_lost``), so a killed worker's job is delivered again;
``run_job`` makes a second delivery harmless.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Any

from celery import Celery  # type: ignore[import-untyped]
from kombu.exceptions import OperationalError

from groundup.jobs import records
from groundup.jobs.submit import submit_to_table, table_status
from groundup.jobs.types import AnalysisJob, JobStatus
from groundup.store.db import Store, open_store

WORKER_DB_ENV = "GROUNDUP_DB"  # what ``groundup worker`` hands its worker processes
WORKER_DATA_ENV = "GROUNDUP_WEB_DATA"
TASK = "groundup.analyse"
QUEUE = "groundup"
VISIBILITY_S = 3600  # a message taken by a worker that vanished (machine lost) comes back after this
UNREACHABLE = "The analysis service cannot be reached just now; please upload again in a minute."
_stores: dict[str, Store] = {}


def celery_app(broker: str) -> Celery:
    """The Celery app on ``broker``, with the delivery guarantees the jobs rely on."""
    app = Celery("groundup", broker=broker, set_as_current=False)
    app.conf.update(
        task_acks_late=True, task_reject_on_worker_lost=True, task_ignore_result=True,
        worker_prefetch_multiplier=1, task_default_queue=QUEUE, task_serializer="json", accept_content=["json"],
        broker_connection_retry_on_startup=True, broker_connection_max_retries=None,
        broker_transport_options={"visibility_timeout": VISIBILITY_S}, worker_hijack_root_logger=False,
        worker_redirect_stdouts=False, worker_cancel_long_running_tasks_on_connection_loss=False,
    )
    app.task(name=TASK, acks_late=True, reject_on_worker_lost=True, ignore_result=True)(analyse)
    return app


def analyse(job_id: str) -> None:
    """The task: run one job in this worker process (its database and data folder from the environment)."""
    from groundup.jobs.run import run_job
    from groundup.store.db import resolve_url

    url = resolve_url(None)
    store = _stores.get(url) or _stores.setdefault(url, open_store(url))
    data = os.environ.get(WORKER_DATA_ENV)
    run_job(store, job_id, Path(data) if data else None)


def send(app: Celery, job_ids: list[str]) -> None:
    """Put job ids on the broker (retrying a few times; ``OperationalError`` when it stays unreachable)."""
    with app.producer_or_acquire() as producer:
        for job_id in job_ids:
            app.send_task(TASK, args=[job_id], queue=QUEUE, producer=producer, retry=True,
                          retry_policy={"max_retries": 5, "interval_start": 0.2, "interval_step": 0.5,
                                        "interval_max": 2.0})


class CeleryJobQueue:
    """The web app's analyses through the broker to ``groundup worker`` processes.

    Unfinished jobs it submitted earlier are sent again when it starts (a restarted server, or a
    broker that lost its queue); a job already taken or done ignores the second message.
    """

    queue_name = "broker"

    def __init__(self, broker: str, db_url: str, data_dir: Path | None = None) -> None:
        self.app: Any = celery_app(broker)
        self.store = open_store(db_url)
        self.data_dir = data_dir
        resumed = records.unfinished(self.store, self.queue_name)
        if resumed:
            with contextlib.suppress(OperationalError):  # they stay queued and are sent again at the next start
                send(self.app, resumed)

    def submit(self, job: AnalysisJob) -> JobStatus:
        status, duplicate = submit_to_table(self.store, self.queue_name, job, self.data_dir)
        if duplicate:
            return status
        try:
            send(self.app, [status.id])
        except OperationalError:
            records.fail(self.store, status.id, UNREACHABLE)
            record = records.get_job(self.store, status.id)
            return records.status_of(record) if record is not None else status
        return status

    def status(self, job_id: str) -> JobStatus | None:
        return table_status(self.store, job_id)

    def close(self) -> None:
        self.store.close()
        self.app.close()
