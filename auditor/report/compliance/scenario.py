"""Supply-risk scenario: "if vendor V ships no updates from date D, what becomes unsupportable,
and when?"

Not a separate rule set: the catalogue is copied with V's supply set to `ceased` from D, and each
of V's devices is evaluated again by `auditor.evaluate` (the same code that judged the run), on
D or on the run's as-of date if D is earlier. A device becomes unsupportable on D, or earlier if
its own support ends first (the day after its policy support date). Devices already
unsupportable stay so; devices that could not be audited cannot be judged and are listed apart.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from auditor.catalogue.model import Catalogue, Source, SupplyStatus
from auditor.errors import InputError
from auditor.evaluate import evaluate
from auditor.models import Status
from auditor.report.compliance.fleet import FleetDevice
from auditor.report.compliance.support import Support


@dataclass(frozen=True)
class Scenario:
    vendor: str
    """A vendor id, name or alias the catalogue knows."""
    since: date
    """The first day with no updates."""


def parse_scenario(text: str) -> Scenario:
    """`VENDOR:YYYY-MM-DD` (the CLI's `--scenario`)."""
    vendor, sep, day = text.rpartition(":")
    try:
        since = date.fromisoformat(day.strip())
    except ValueError:
        since = None
    if not sep or not vendor.strip() or since is None:
        raise InputError(
            f"--scenario {text!r}: expected VENDOR:YYYY-MM-DD",
            tip="for example --scenario huawei:2027-01-01 (the vendor's catalogue id or name)",
        )
    return Scenario(vendor.strip(), since)


def ceased_catalogue(catalogue: Catalogue, vendor_id: str, since: date) -> Catalogue:
    """A copy of the catalogue in which `vendor_id` ships nothing from `since` on (the original
    is untouched: a replaced Catalogue builds its own indexes)."""
    vendor = catalogue.vendors[vendor_id]
    ceased = SupplyStatus(
        "ceased",
        since,
        None,
        f"scenario: {vendor.name} ships no updates from {since.isoformat()}",
        Source(url=None, file="scenario"),
    )
    vendors = dict(catalogue.vendors)
    vendors[vendor_id] = replace(vendor, supply=(*vendor.supply, ceased))
    return replace(catalogue, vendors=vendors)


def run_scenario(
    scenario: Scenario,
    fleet: list[FleetDevice],
    supports: dict[str, Support],
    catalogue: Catalogue,
    as_of: date,
    horizon_days: int,
) -> dict[str, Any]:
    vendor = catalogue.vendor(scenario.vendor)
    if vendor is None:
        raise InputError(
            f"scenario vendor {scenario.vendor!r} is not in the catalogue",
            tip=f"use one of: {', '.join(sorted(catalogue.vendors))}",
        )
    changed = ceased_catalogue(catalogue, vendor.id, scenario.since)
    day = max(scenario.since, as_of)
    rows = []
    for dev in fleet:
        if dev.vendor_id != vendor.id:
            continue
        rows.append(_device(dev, supports[dev.name], changed, scenario.since, day, horizon_days))
    counts = {k: sum(1 for r in rows if r["outcome"] == k) for k in OUTCOMES}
    return {
        "vendor": vendor.id,
        "vendor_name": vendor.name,
        "from": scenario.since.isoformat(),
        "evaluated_on": day.isoformat(),
        "assumption": f"{vendor.name} ships no software updates from {scenario.since.isoformat()} on",
        "devices": rows,
        "counts": {"devices": len(rows), **counts},
    }


OUTCOMES = ("becomes-unsupportable", "already-unsupportable", "unaffected", "not-audited")


def _device(
    dev: FleetDevice,
    support: Support,
    catalogue: Catalogue,
    since: date,
    day: date,
    horizon_days: int,
) -> dict[str, Any]:
    row: dict[str, Any] = {
        "name": dev.name,
        "support_state": support.state,
        "status_under_scenario": None,
        "unsupportable_from": None,
        "because": None,
        "outcome": "not-audited",
    }
    if dev.facts is None:
        return row
    if support.state == "unsupportable":
        row["outcome"] = "already-unsupportable"
        row["because"] = "already unsupportable at the run's as-of date"
        return row
    verdict = evaluate(dev.device, dev.facts, catalogue, day, horizon_days)  # status only
    row["status_under_scenario"] = verdict.status.value
    if verdict.status is not Status.UNSUPPORTABLE:
        row["outcome"] = "unaffected"
        return row
    own_end = support.supported_until + timedelta(days=1) if support.supported_until else None
    lifecycle_first = own_end is not None and own_end < since
    row["outcome"] = "becomes-unsupportable"
    row["unsupportable_from"] = (own_end if lifecycle_first and own_end else since).isoformat()
    row["because"] = (
        "its own support ends first"
        if lifecycle_first
        else next(
            (
                f.title
                for f in verdict.findings
                if f.kind == "vendor-supply" and f.status is Status.UNSUPPORTABLE
            ),
            "re-evaluated as unsupportable",
        )
    )
    return row
