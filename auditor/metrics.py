"""A Prometheus textfile for node_exporter's textfile collector (`--metrics FILE`).

Written with prometheus_client into a fresh registry (so none of the library's process
metrics leak in) and atomically: `write_to_textfile` writes `FILE.<pid>.<thread>` beside the
target and renames it over, so node_exporter never reads half a file. The collector only reads
names ending in `.prom`. Every status and every failure cause is written, zeros included, so an
alert on `auditor_devices{status="unsupportable"} > 0` never silently has no series.
Label values (vendor names) are escaped by the library as the exposition format requires.
"""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from auditor.errors import InputError, UnknownPlatformError
from auditor.models import AuditRun, Cause, DeviceResult, Status

if TYPE_CHECKING:
    from prometheus_client import CollectorRegistry


def vendor_of(result: DeviceResult) -> str:
    """The platform registry's vendor name (as the reports' `by_vendor` uses), so a device
    that could not be audited still counts under its vendor; else what the device said."""
    from auditor.platforms import get_platform

    try:
        return get_platform(result.device.platform).vendor
    except UnknownPlatformError:
        return result.facts.vendor if result.facts and result.facts.vendor else "unknown"


def check_metrics_path(path: Path) -> None:
    """Fail before the audit, not after it, if the metrics file cannot be written."""
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise InputError(f"--metrics {path}: folder {folder} does not exist")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise InputError(
            f"--metrics {path}: folder {folder} is not writable by this user",
            tip="node_exporter's textfile folder must be writable by the account running audits",
        )


def render_registry(run: AuditRun) -> CollectorRegistry:
    """The run's metrics in a fresh CollectorRegistry."""
    from prometheus_client import CollectorRegistry, Gauge

    registry = CollectorRegistry(auto_describe=True)
    devices = Gauge(
        "auditor_devices",
        "Devices in the last audit run, by status",
        ["status"],
        registry=registry,
    )
    by_vendor = Gauge(
        "auditor_devices_by_vendor",
        "Devices in the last audit run, by vendor and status",
        ["vendor", "status"],
        registry=registry,
    )
    failed = Gauge(
        "auditor_devices_failed",
        "Devices the last audit run could not audit, by cause",
        ["cause"],
        registry=registry,
    )
    duration = Gauge(
        "auditor_run_duration_seconds",
        "Wall-clock duration of the last audit run",
        registry=registry,
    )
    timestamp = Gauge(
        "auditor_run_timestamp_seconds",
        "When the last audit run finished (Unix time)",
        registry=registry,
    )
    interrupted = Gauge(
        "auditor_run_interrupted",
        "1 if the last audit run was interrupted (its results are partial)",
        registry=registry,
    )
    statuses = Counter(r.status for r in run.results)
    for status in Status:
        devices.labels(status=status.value).set(statuses[status])
    vendors = Counter((vendor_of(r), r.status) for r in run.results)
    for vendor in sorted({v for v, _ in vendors}):
        for status in Status:
            by_vendor.labels(vendor=vendor, status=status.value).set(vendors[(vendor, status)])
    causes = Counter(r.cause for r in run.results if r.cause)
    for cause in Cause:
        failed.labels(cause=cause.value).set(causes[cause])
    duration.set(max(0.0, (run.finished_at - run.started_at).total_seconds()))
    timestamp.set(run.finished_at.timestamp())
    interrupted.set(1 if run.interrupted else 0)
    return registry


def write_metrics(run: AuditRun, path: Path) -> Path:
    """Write the textfile atomically; an unwritable path is an input error (exit 2)."""
    from prometheus_client import write_to_textfile

    registry = render_registry(run)
    try:
        write_to_textfile(str(path), registry)
    except OSError as exc:
        raise InputError(f"--metrics {path}: cannot write: {exc.strerror or exc}") from None
    return path
