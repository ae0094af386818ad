"""Spares cover per hardware model, for vendors whose supply is at risk.

Installed base: every audited device of such a vendor counts once for its chassis model and
once for each module, board or stack member of another model (a line card breaks too).
Required spares: ⌈installed × threshold % ÷ 100⌉, computed exactly; a model meets the policy
when held ≥ required. Without a spares inventory nothing is claimed about what is held
(`held` is null, not 0). Devices whose model is unknown (not audited, or not reported) are
listed, because the installed base is then a lower bound.

Which vendors: the policy's `spares.vendors` if given; else every vendor the catalogue marks
at-risk, designated-high-risk or ceased on the as-of date, every high-risk vendor of the policy,
and every scenario vendor.
"""

from __future__ import annotations

import math
from collections import defaultdict
from datetime import date
from typing import Any

from auditor.catalogue.model import Catalogue
from auditor.report.compliance.fleet import FleetDevice
from auditor.report.compliance.policy import AT_RISK_SUPPLY, Policy
from auditor.report.compliance.rules import number
from auditor.report.compliance.spares import Spares


def at_risk_vendors(
    catalogue: Catalogue, policy: Policy, as_of: date, extra: tuple[str, ...] = ()
) -> list[str]:
    if policy.spares and policy.spares.vendors:
        return sorted(policy.spares.vendors)
    found = set(policy.high_risk_ids) | set(extra)
    for vid, vendor in catalogue.vendors.items():
        supply = vendor.supply_on(as_of)
        if supply is not None and supply.status in AT_RISK_SUPPLY:
            found.add(vid)
    return sorted(found)


def spares_cover(
    fleet: list[FleetDevice],
    vendors: list[str],
    policy: Policy,
    spares: Spares | None,
) -> dict[str, Any]:
    installed: dict[str, dict[str | None, int]] = defaultdict(lambda: defaultdict(int))
    spelling: dict[str, str] = {}
    owner: dict[str, str] = {}
    unknown = []
    for dev in fleet:
        if dev.vendor_id not in vendors:
            continue
        if dev.facts is None or not dev.facts.model:
            unknown.append(dev.name)
            continue
        models = [dev.facts.model] + [
            m.model
            for m in dev.facts.modules
            if m.model and m.model.upper() != dev.facts.model.upper()
        ]
        for model in models:
            key = model.upper()
            spelling.setdefault(key, model)
            owner.setdefault(key, dev.vendor_id or "")
            installed[key][dev.device.site] += 1
    rule = policy.spares
    rows = []
    for key in sorted(installed, key=lambda k: (owner[k], k)):
        sites = installed[key]
        count = sum(sites.values())
        held = spares.held(key) if spares else None
        required = math.ceil(rule.min_cover_percent * count / 100) if rule else None
        held_sites = spares.held_by_site(key) if spares else {}
        rows.append(
            {
                "model": spelling[key],
                "vendor": owner[key],
                "installed": count,
                "held": held,
                "required": required,
                "cover_percent": round(held * 100 / count, 1) if held is not None else None,
                "meets": held >= required if held is not None and required is not None else None,
                "by_site": [
                    {
                        "site": s,
                        "installed": sites.get(s, 0),
                        "held": held_sites.get(s, 0) if spares else None,
                    }
                    for s in sorted(
                        set(sites) | set(held_sites), key=lambda s: (s is None, s or "")
                    )
                ],
            }
        )
    others = []
    if spares:
        for e in spares.entries:
            if e.model.upper() not in installed:
                others.append({"model": e.model, "site": e.site, "held": e.held})
    return {
        "vendors": vendors,
        "min_cover_percent": number(rule.min_cover_percent) if rule else None,
        "basis": rule.basis if rule else None,
        "source": rule.source if rule else None,
        "inventory": {"file": spares.file, "sha256": spares.sha256} if spares else None,
        "models": rows,
        "unknown_model": unknown,
        "other_spares": sorted(others, key=lambda o: (o["model"].upper(), o["site"] or "")),
    }
