"""The estate as the pack sees it: each device of a report view, with its catalogue vendor,
its policy domains and whether its vendor is high-risk.

The pack is computed from the JSON view (`auditor-report/1`), never from live objects, so a
pack built from a `report.json` and one built from a stored run agree figure for figure. For
re-evaluation (the supply-risk scenario) the device and its facts are rebuilt from the view:
the view keeps everything evaluation reads (platform, site, role, tags, vendor, OS, version,
model, modules).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from auditor.catalogue.model import Catalogue
from auditor.models import Device, Facts, Module
from auditor.report.compliance.policy import Policy


@dataclass(frozen=True)
class FleetDevice:
    name: str
    view: dict[str, Any]
    """The device's entry in the report view, as read."""
    vendor_id: str | None
    """Catalogue vendor id, or None when the catalogue does not know the vendor."""
    vendor_name: str | None
    domains: tuple[str, ...]
    high_risk: bool
    device: Device
    facts: Facts | None
    """None when the device could not be audited."""

    @property
    def audited(self) -> bool:
        return self.facts is not None

    @property
    def status(self) -> str:
        return str(self.view["status"])

    @property
    def model(self) -> str | None:
        return self.facts.model if self.facts else None


def fleet_from_view(
    view: dict[str, Any], catalogue: Catalogue, policy: Policy
) -> list[FleetDevice]:
    """Every device of the view, sorted by name (the pack's one stable order)."""
    high_risk = set(policy.high_risk_ids)
    fleet = []
    for d in view["devices"]:
        facts = _facts(d.get("facts")) if d.get("facts") and not d.get("cause") else None
        # evaluation resolves the vendor the device reported; a device that never answered
        # has only its platform's vendor
        reported = facts.vendor if facts else d.get("vendor")
        vendor = catalogue.vendor(reported) if reported else None
        tags = tuple(d.get("tags") or ())
        fleet.append(
            FleetDevice(
                name=d["name"],
                view=d,
                vendor_id=vendor.id if vendor else None,
                vendor_name=vendor.name if vendor else reported,
                domains=tuple(policy.domains_of(d.get("role"), tags, d.get("site"))),
                high_risk=bool(vendor and vendor.id in high_risk),
                device=Device(
                    name=d["name"],
                    host=d.get("host") or "",
                    platform=d.get("platform") or "",
                    port=int(d.get("port") or 22),
                    site=d.get("site"),
                    role=d.get("role"),
                    tags=tags,
                ),
                facts=facts,
            )
        )
    return sorted(fleet, key=lambda f: f.name)


def _facts(f: dict[str, Any]) -> Facts:
    return Facts(
        vendor=f.get("vendor") or "",
        os=f.get("os") or "",
        version=f.get("version") or "",
        model=f.get("model"),
        hostname=f.get("hostname"),
        serial=f.get("serial"),
        modules=tuple(
            Module(m.get("name") or "", m.get("model"), m.get("version"), m.get("serial"))
            for m in f.get("modules") or ()
        ),
    )
