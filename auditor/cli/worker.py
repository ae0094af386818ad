"""`auditor worker`: a collector for one network zone (a Celery worker on queue collect.ZONE).

Run it on a host inside the zone, where the zone's devices are reachable and their passwords
are in the environment (AUDITOR_PASSWORD, or the variables the inventory's `password_env`
names). It needs the broker and the shared store; it never needs the inventory.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from auditor.cli import common
from auditor.collect.hostkeys import add_host_key_options
from auditor.errors import InputError


def register(sub: argparse._SubParsersAction) -> None:
    w = sub.add_parser(
        "worker",
        help="collect for one zone: audit the devices `audit --engine celery` sends to it",
    )
    w.add_argument(
        "--zone", required=True, help="the zone this host can reach (queue collect.ZONE)"
    )
    w.add_argument(
        "--broker",
        default=None,
        metavar="URL",
        help=f"Celery broker, e.g. redis://10.0.0.5:6379/0 (default: ${common.BROKER_ENV})",
    )
    w.add_argument(
        "--store",
        default=None,
        metavar="URL",
        help="the shared history store the dispatcher uses (postgresql://...; a SQLite path "
        "only when every worker runs on the dispatcher's machine) (default: $AUDITOR_STORE)",
    )
    w.add_argument(
        "--catalogue",
        type=Path,
        default=common.DEFAULT_CATALOGUE,
        help="catalogue folder; must be the dispatcher's (checked per task by its SHA-256)",
    )
    w.add_argument(
        "--concurrency",
        type=common.count(1),
        default=16,
        metavar="N",
        help="devices audited at once by this worker (threads; default 16)",
    )
    w.add_argument("--name", default=None, help="Celery node name (default ZONE.PID@HOSTNAME)")
    w.add_argument(
        "--visibility-timeout",
        type=common.positive,
        default=None,
        metavar="S",
        help="a task whose worker died is handed out again after S seconds; keep it above "
        "the longest device deadline (default 900)",
    )
    w.add_argument("--loglevel", default="INFO", choices=("DEBUG", "INFO", "WARNING", "ERROR"))
    add_host_key_options(w)
    w.set_defaults(func=run_worker)


def run_worker(args: argparse.Namespace) -> int:
    from auditor.distributed import require_celery

    require_celery()
    from auditor.catalogue import load_catalogue
    from auditor.collect.hostkeys import HostKeyPolicy
    from auditor.distributed.app import VISIBILITY_TIMEOUT_S, check_zone
    from auditor.distributed.worker import WorkerContext
    from auditor.distributed.worker import run_worker as serve
    from auditor.inventory.credentials import CredentialResolver
    from auditor.store import STORE_ENV, open_store

    zone = check_zone(args.zone)
    broker = args.broker or os.environ.get(common.BROKER_ENV, "").strip()
    if not broker:
        raise InputError("auditor worker needs --broker URL (or $AUDITOR_BROKER)")
    store = args.store or os.environ.get(STORE_ENV, "").strip()
    if not store:
        raise InputError(
            "auditor worker needs --store URL (or $AUDITOR_STORE): the store the dispatcher uses"
        )
    open_store(store).close()  # unreachable or unusable: fail now, not on the first task
    catalogue = load_catalogue(args.catalogue)
    context = WorkerContext(
        zone=zone,
        store_location=store,
        catalogue=catalogue,
        host_keys=HostKeyPolicy.from_args(args),
        resolver=CredentialResolver(interactive=False),
    )
    serve(
        context,
        broker=broker,
        concurrency=args.concurrency,
        name=args.name,
        visibility_timeout=args.visibility_timeout or VISIBILITY_TIMEOUT_S,
        loglevel=args.loglevel,
    )
    return 0
