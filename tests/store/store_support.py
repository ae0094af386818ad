"""Shared helpers for the history-store tests (a uniquely named module: no clash elsewhere).

Device results are made the real way: saved `show version` outputs from the parser fixtures,
with the version swapped, parsed and evaluated against the test catalogue.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from auditor.audit import AuditOptions, evaluate_collections
from auditor.catalogue import Catalogue, load_catalogue
from auditor.collect.base import make_collection
from auditor.models import AuditRun, Cause, Device, DeviceResult, Status
from auditor.platforms import get_platform
from auditor.store import Store
from auditor.store.session import new_run_id

TESTS = Path(__file__).resolve().parents[1]
DATA = TESTS / "data" / "catalogue"
AS_OF = date(2026, 6, 1)
T0 = datetime(2026, 6, 1, 2, 0, tzinfo=timezone.utc)

_XE = (TESTS / "platforms" / "cisco_xe" / "c9300_17.9.5_padded.txt").read_text()
_IOS = (TESTS / "platforms" / "cisco_ios" / "c2960x_15.2-7-E4.txt").read_text()


def catalogue(path: Path = DATA) -> Catalogue:
    return load_catalogue(path)


def xe_output(version: str) -> str:
    """The C9300 fixture as if it ran `version` (both spellings IOS-XE prints: 17.9.5, 17.09.05)."""
    major, minor, patch = version.split(".")
    padded = f"{major}.{int(minor):02d}.{int(patch):02d}"
    return _XE.replace("17.09.05", padded).replace("17.9.5", version)


def ios_output(version: str) -> str:
    return _IOS.replace("15.2(7)E4", version)


def device(name: str, platform: str = "cisco_xe", **extra: Any) -> Device:
    return Device(
        name=name, host="127.0.0.1", platform=platform, site="lab", username="audit", **extra
    )


def evaluated(
    name: str,
    version: str,
    platform: str = "cisco_xe",
    cat: Catalogue | None = None,
    *,
    as_of: date = AS_OF,
    offset_s: float = 0.0,
) -> DeviceResult:
    text = xe_output(version) if platform == "cisco_xe" else ios_output(version)
    dev = device(name, platform)
    collection = make_collection(get_platform(platform).version_command, text)
    result = evaluate_collections(dev, [collection], cat or catalogue(), AuditOptions(as_of=as_of))
    return replace(result, started_at=T0 + timedelta(seconds=offset_s), duration_s=1.25)


def failed(name: str, cause: Cause = Cause.TIMEOUT, *, started: bool = True) -> DeviceResult:
    return DeviceResult(
        device(name),
        Status.FAILED,
        cause=cause,
        error=f"{cause.value} (test)",
        started_at=T0 if started else None,
        duration_s=3.0 if started else 0.0,
    )


def make_run(
    results: Sequence[DeviceResult],
    *,
    started: datetime = T0,
    cat: Catalogue | None = None,
    interrupted: bool = False,
) -> AuditRun:
    cat = cat or catalogue()
    return AuditRun(
        run_id=new_run_id(started),
        started_at=started,
        finished_at=started + timedelta(seconds=42.5),
        as_of=AS_OF,
        tool_version="0.1.0",
        inventory_source="inventory.yaml",
        inventory_sha256="ab" * 32,
        catalogue_version=cat.version,
        catalogue_sha256=cat.sha256,
        results=tuple(results),
        interrupted=interrupted,
    )


def begin(store: Store, run: AuditRun) -> str:
    return store.begin_run(
        run_id=run.run_id,
        started_at=run.started_at,
        as_of=run.as_of,
        tool_version=run.tool_version,
        inventory_source=run.inventory_source,
        inventory_sha256=run.inventory_sha256,
        catalogue_version=run.catalogue_version,
        catalogue_sha256=run.catalogue_sha256,
        horizon_days=run.horizon_days,
        options={"workers": 4},
    )


def store_run(store: Store, run: AuditRun) -> AuditRun:
    """What `auditor audit` does: begin, record each result as it arrives, finish."""
    run_id = begin(store, run)
    for result in reversed(run.results):  # arrival order is not inventory order
        store.record(run_id, result)
    return store.finish_run(run_id, run)
