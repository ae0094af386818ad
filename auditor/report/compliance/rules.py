"""High-risk vendors per network domain: each cap, each exclusion, each deadline.

Shares are counted in devices: the audit knows devices, not ports, connections or traffic.
Every device the inventory puts in a domain counts, audited or not (a device that did not
answer is still in the network), and its vendor is the one it reported or, if it never
answered, its platform's. Compliance with a cap is decided exactly (integers, no rounding):
high-risk devices × 100 ≤ cap × devices in the domain. `allowed` is the most high-risk devices
the domain may hold at its current size; `excess` how many must be replaced by another vendor's.

A rule's state: `compliant`; `breach` (not compliant and its date has passed, or it has no
date); `due` (not compliant, date still ahead: it would be breached if nothing changes).
"""

from __future__ import annotations

import math
from datetime import date
from typing import Any

from auditor.report.compliance.fleet import FleetDevice
from auditor.report.compliance.policy import Policy, Rule


def domain_figures(fleet: list[FleetDevice], policy: Policy) -> list[dict[str, Any]]:
    """Per domain: its devices, the high-risk ones among them and their share."""
    rows = []
    for d in policy.domains:
        members = [f for f in fleet if d.id in f.domains]
        risky = [f for f in members if f.high_risk]
        rows.append(
            {
                "id": d.id,
                "name": d.name,
                "devices": [f.name for f in members],
                "total": len(members),
                "high_risk": [f.name for f in risky],
                "high_risk_count": len(risky),
                "share_percent": _percent(len(risky), len(members)),
                "vendor_unknown": [f.name for f in members if f.vendor_id is None],
                "mapping": {"roles": list(d.roles), "tags": list(d.tags), "sites": list(d.sites)},
            }
        )
    return rows


def rule_results(fleet: list[FleetDevice], policy: Policy, as_of: date) -> list[dict[str, Any]]:
    """Every rule of the policy measured against the estate, in the policy's order."""
    return [_rule(r, fleet, policy, as_of) for r in policy.rules]


def _rule(rule: Rule, fleet: list[FleetDevice], policy: Policy, as_of: date) -> dict[str, Any]:
    vendors = policy.rule_vendors(rule)
    members = [f for f in fleet if rule.domain in f.domains]
    present = [f for f in members if f.vendor_id in vendors]
    result: dict[str, Any] = {
        "id": rule.id,
        "kind": rule.kind,
        "domain": rule.domain,
        "vendors": list(vendors),
        "text": rule.text,
        "source": rule.source,
        "by": rule.by.isoformat() if rule.by else None,
        "days_left": (rule.by - as_of).days if rule.by else None,
        "deadline_passed": bool(rule.by and as_of > rule.by),
        "domain_total": len(members),
        "present": [f.name for f in present],
        "present_count": len(present),
        "max_percent": None,
        "share_percent": None,
        "allowed": None,
        "excess": None,
    }
    if rule.kind == "cap":
        assert rule.max_percent is not None
        allowed = math.floor(rule.max_percent * len(members) / 100)
        compliant = len(present) * 100 <= rule.max_percent * len(members)
        result.update(
            max_percent=number(rule.max_percent),
            share_percent=_percent(len(present), len(members)),
            allowed=allowed,
            excess=max(0, len(present) - allowed),
        )
    else:
        compliant = not present
    if compliant:
        state = "compliant"
    elif rule.by is None or as_of > rule.by:
        state = "breach"
    else:
        state = "due"
    result["state"] = state
    return result


def deadlines(results: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every dated rule, soonest first, with the devices that breach it (or would, if still
    in place on the day): for an exclusion every high-risk device in the domain; for a cap the
    high-risk devices of the domain, of which `excess` must go."""
    dated = [r for r in results if r["by"]]
    return [
        {
            "rule": r["id"],
            "by": r["by"],
            "days_left": r["days_left"],
            "deadline_passed": r["deadline_passed"],
            "state": r["state"],
            "devices": r["present"] if r["state"] != "compliant" else [],
            "excess": r["excess"],
        }
        for r in sorted(dated, key=lambda r: (r["by"], r["id"]))
    ]


def _percent(part: int, whole: int) -> float | None:
    """A share for people to read, one decimal; decisions never use it (see module doc)."""
    return round(part * 100 / whole, 1) if whole else None


def number(value: Any) -> int | float:
    """35 for 35, 33.5 for 33.5: a policy's percentage as people wrote it."""
    return int(value) if value == int(value) else float(value)
