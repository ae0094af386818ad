"""A fixed, demo-like audit run for report tests: same input, same bytes, every time.

Thirteen devices are evaluated by the real pipeline (`evaluate_collections`) from saved command
output in `data/outputs/` (rendered once by the mock device CLI) against the fixed catalogue in
`data/catalogue/`; two more could not be audited (wrong password, timeout). Timestamps and the
run id are constants, so the reports it gives are fit for golden files. The fleet mirrors the
demo inventory: four sites, five roles, four vendors, every status, a hostile hostname
(`<script>`) and an advisory whose source link is `javascript:`.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache
from pathlib import Path

from auditor.audit import AuditOptions, evaluate_collections
from auditor.catalogue import load_catalogue
from auditor.catalogue.model import Catalogue
from auditor.models import AuditRun, Cause, Collection, Device, DeviceResult, Status
from auditor.platforms import get_platform

DATA = Path(__file__).parent / "data"
AS_OF = date(2026, 6, 1)
STARTED = datetime(2026, 6, 1, 8, 0, 0, tzinfo=timezone.utc)
RUN_ID = "20260601T080000Z-c0ffee"

# name: (platform, site, role)
FLEET = {
    "lon-core-01": ("cisco_xe", "london", "core"),
    "lon-core-02": ("cisco_xe", "london", "core"),
    "man-agg-01": ("cisco_xe", "manchester", "aggregation"),
    "man-agg-02": ("cisco_xe", "manchester", "aggregation"),
    "edi-acc-01": ("cisco_ios", "edinburgh", "access"),
    "lon-dc-01": ("cisco_nxos", "london", "datacentre"),
    "lon-dc-02": ("cisco_nxos", "london", "datacentre"),
    "lon-pe-01": ("juniper_junos", "london", "edge"),
    "lon-pe-02": ("juniper_junos", "london", "edge"),
    "lon-leaf-01": ("arista_eos", "london", "datacentre"),
    "lon-leaf-02": ("arista_eos", "london", "datacentre"),
    "gla-pe-01": ("huawei", "glasgow", "edge"),
    "gla-acc-01": ("huawei", "glasgow", "access"),
}
UNREACHABLE: dict[str, tuple[str, str | None, str | None, Cause, str]] = {
    "edi-pe-01": ("cisco_xe", "edinburgh", "edge", Cause.AUTH, "authentication failed"),
    "edi-pe-02": ("juniper_junos", "edinburgh", None, Cause.TIMEOUT, "no answer within 25 s"),
}


@lru_cache(maxsize=1)
def catalogue() -> Catalogue:
    return load_catalogue(DATA / "catalogue")


def _device(name: str, platform: str, site: str | None, role: str | None, port: int) -> Device:
    return Device(name=name, host="127.0.0.1", platform=platform, port=port, site=site, role=role)


def _collections(name: str, platform: str, at: datetime) -> list[Collection]:
    out = []
    for command in get_platform(platform).commands:
        text = (DATA / "outputs" / f"{name}.{command.replace(' ', '_')}.txt").read_text()
        digest = hashlib.sha256(text.encode()).hexdigest()
        out.append(Collection(command, text, at, digest))
    return out


def demo_run() -> AuditRun:
    """The run every report test renders (built fresh: AuditRun is immutable anyway)."""
    cat = catalogue()
    options = AuditOptions(as_of=AS_OF, horizon_days=180)
    results = []
    for i, (name, (platform, site, role)) in enumerate(FLEET.items()):
        device = _device(name, platform, site, role, 10001 + i)
        at = STARTED + timedelta(seconds=2 + i)
        result = evaluate_collections(device, _collections(name, platform, at), cat, options)
        results.append(result)
    for i, (name, (platform, where, what, cause, error)) in enumerate(UNREACHABLE.items()):
        device = _device(name, platform, where, what, 10014 + i)
        results.append(DeviceResult(device, Status.FAILED, cause=cause, error=error))
    return AuditRun(
        run_id=RUN_ID,
        started_at=STARTED,
        finished_at=STARTED + timedelta(seconds=31),
        as_of=AS_OF,
        tool_version="0.1.0",
        inventory_source="device_inventories/demo.yaml",
        inventory_sha256=hashlib.sha256(b"report test inventory").hexdigest(),
        catalogue_version=cat.version,
        catalogue_sha256=cat.sha256,
        results=tuple(results),
        horizon_days=180,
    )
