"""Collection spread over machines: Celery workers, one queue per network zone.

Management networks are split into zones that one host cannot all reach. Each inventory host
names its `zone` (default `default`); `auditor worker --zone Z` consumes only queue `collect.Z`,
audits the devices it is handed with the same Auditor as a local run, and writes each result
to the shared store itself. `auditor audit --engine celery` checks that every zone has a live
worker, sends one task per device, waits on the store, then reports exactly as a local run.

What crosses the wire is a device's inventory entry (names of credential variables, never
their values), the run id and the audit options; passwords are read by the worker from its own
environment. Modules: `app` (the Celery app and its delivery settings), `payload` (what a task
carries), `worker` (what a task does), `dispatch` (preflight, send, wait).
"""

from __future__ import annotations

import importlib.util

from auditor.errors import InputError


def require_celery() -> None:
    """The distributed engine is an extra: say how to get it rather than print a traceback."""
    missing = [m for m in ("celery", "redis", "psycopg") if importlib.util.find_spec(m) is None]
    if missing:
        raise InputError(
            f"distributed audits need the {', '.join(missing)} package(s)",
            tip="pip install -e '.[distributed]' on the dispatcher and on every worker",
        )
