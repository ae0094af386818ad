"""The Celery app and how its tasks are delivered.

At-least-once delivery, made exactly-once in the store: a task is acknowledged only after its
result is written (`acks_late`), a worker takes one task at a time per thread (prefetch 1), and
a worker that dies holding a task leaves it unacknowledged in Redis, which hands it out again
once `visibility_timeout` has passed. The store's `take_delivery` turns the redelivery into a
second attempt at the same row, never a second row (see `worker.collect`).

The visibility timeout must exceed the longest a device can take (its deadline): a task still
running past it is handed to a second worker as well, which costs a duplicate session (still one
row). Celery's own task time limits need the prefork pool; the threads pool used here relies on
the Auditor's per-device deadline instead, which every attempt already obeys.
"""

from __future__ import annotations

from typing import Any

from celery import Celery

from auditor.errors import InputError
from auditor.models import ZONE_NAME, ZONE_RULE

TASK_NAME = "auditor.collect_device"
QUEUE_PREFIX = "collect."
#: Ten times the default device deadline (90 s): a dead worker's devices are redone within
#: 15 minutes, not Celery's default hour, which would outlast most scheduled audit windows.
VISIBILITY_TIMEOUT_S = 900.0

app = Celery("auditor", set_as_current=False)
app.conf.update(
    task_acks_late=True,
    task_reject_on_worker_lost=True,
    task_acks_on_failure_or_timeout=True,
    worker_prefetch_multiplier=1,
    task_serializer="json",
    accept_content=["json"],
    task_ignore_result=True,  # results go to the store, not to a Celery result backend
    worker_hijack_root_logger=False,
    broker_connection_retry_on_startup=True,
    worker_cancel_long_running_tasks_on_connection_loss=False,
)


def configure(broker: str, visibility_timeout: float = VISIBILITY_TIMEOUT_S) -> Celery:
    """Point the app at a broker (`redis://host:6379/0`, `redis+socket:///path`)."""
    restore_every = max(1.0, min(60.0, visibility_timeout / 4))
    options: dict[str, Any] = {
        "visibility_timeout": visibility_timeout,
        # look for tasks orphaned by a dead worker this often (kombu: interval x throttle)
        "unacked_restore_interval": restore_every,
        "unacked_restore_throttle": 1,
    }
    app.conf.update(
        broker_url=broker,
        broker_transport_options=options,
        broker_connection_timeout=5,
    )
    return app


def queue_for(zone: str) -> str:
    return QUEUE_PREFIX + zone


def check_zone(zone: str, where: str = "--zone") -> str:
    """A worker's `--zone` becomes its queue name (inventory zones are checked on loading)."""
    if not ZONE_NAME.match(zone):
        raise InputError(f"{where}: zone {zone!r} is not a valid name", tip=f"use {ZONE_RULE}")
    return zone
