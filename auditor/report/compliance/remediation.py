"""The remediation plan: for each device that needs work, what to do and by when.

Actions, in the order they are listed for a device:
- `remove`: a high-risk vendor's device in a domain the policy excludes it from (due: the rule's
  date);
- `reduce`: a high-risk vendor's device in a domain over its cap; `excess` of them must go (the
  rule says how many; any of the listed devices will do);
- `replace`: hardware past the policy's support milestone, or reaching it within the run's
  horizon (target: the catalogue's named replacement, if any; due: the milestone), or software
  unsupportable with no supported release to move to;
- `upgrade`: the smallest release that fixes every finding (from evaluation's upgrade target);
- `upgrade-train`: no fixing release in the device's train; move to the named supported train;
- `investigate`: the catalogue has no data, or no fixed release is known;
- `re-audit`: the device could not be audited.
`due` is a date only where a rule or a support milestone gives one; null means "as soon as
practicable" (a known vulnerability has no deadline but now).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from auditor.catalogue.model import Catalogue
from auditor.report.compliance.fleet import FleetDevice
from auditor.report.compliance.support import Support

ACTIONS = ("remove", "reduce", "replace", "upgrade", "upgrade-train", "investigate", "re-audit")
_TRAIN_NOTE = "oldest supported train: "


def remediation_plan(
    fleet: list[FleetDevice],
    supports: dict[str, Support],
    rules: list[dict[str, Any]],
    catalogue: Catalogue,
    as_of: date,
    horizon_days: int = 0,
) -> list[dict[str, Any]]:
    plan = []
    for dev in fleet:
        actions = _rule_actions(dev, rules) + _device_actions(
            dev, supports[dev.name], catalogue, as_of, horizon_days
        )
        if not actions:
            continue
        actions.sort(key=lambda a: ACTIONS.index(a["action"]))
        dues = [a["due"] for a in actions if a["due"]]
        plan.append(
            {
                "name": dev.name,
                "vendor": dev.vendor_name,
                "site": dev.device.site,
                "role": dev.device.role,
                "support_state": supports[dev.name].state,
                "status": dev.status,
                "due": min(dues) if dues else None,
                "actions": actions,
            }
        )
    return sorted(plan, key=lambda p: (p["due"] or "9999-12-31", p["name"]))


def _action(
    action: str,
    reason: str,
    target: str | None = None,
    due: date | str | None = None,
    rule: str | None = None,
) -> dict[str, Any]:
    return {
        "action": action,
        "target": target,
        "due": due.isoformat() if isinstance(due, date) else due,
        "reason": reason,
        "rule": rule,
    }


def _rule_actions(dev: FleetDevice, rules: list[dict[str, Any]]) -> list[dict[str, Any]]:
    found = []
    for r in rules:
        if dev.name not in r["present"] or r["state"] == "compliant":
            continue
        if r["kind"] == "exclusion":
            found.append(
                _action(
                    "remove", f"{r['text'].rstrip('.')} (rule {r['id']})", due=r["by"], rule=r["id"]
                )
            )
        else:
            found.append(
                _action(
                    "reduce",
                    f"{r['present_count']} high-risk devices in {r['domain']}, {r['allowed']} allowed "
                    f"at {r['max_percent']} %: {r['excess']} of them must be replaced (rule {r['id']})",
                    due=r["by"],
                    rule=r["id"],
                )
            )
    return found


def _device_actions(
    dev: FleetDevice, support: Support, catalogue: Catalogue, as_of: date, horizon_days: int
) -> list[dict[str, Any]]:
    if not dev.audited:
        return [
            _action(
                "re-audit",
                f"could not be audited ({dev.view.get('cause')}): nothing is known of what it runs",
            )
        ]
    view = dev.view
    found = []
    horizon = as_of + timedelta(days=horizon_days)
    hardware_ends = []
    for b in support.basis:
        if b.part == "software":
            continue
        passed = (b.until and b.until < as_of) or b.passed_undated
        if passed or (b.until and b.until <= horizon):
            hw = catalogue.hardware_for(b.entry.split(" ", 1)[1])
            when = "has passed" if passed else f"is within the {horizon_days}-day horizon"
            found.append(
                _action(
                    "replace",
                    f"{b.entry}: {b.milestone} "
                    + (f"{b.until.isoformat()} {when}" if b.until else when),
                    target=hw.replacement if hw else None,
                    due=b.until,
                )
            )
        elif b.until:
            hardware_ends.append(f"{b.entry}: {b.milestone} {b.until.isoformat()}")
    if found:  # new hardware comes with new software: nothing else to plan for this box
        return found
    software = next((b for b in support.basis if b.part == "software"), None)
    soft_due = software.until if software else None
    needs_work = view["status"] in ("unsupportable", "vulnerable", "outdated")
    note = view.get("target_note") or ""
    if view.get("target_version") and needs_work:
        found.append(
            _action("upgrade", _why(view), target=view["target_version"], due=_due(view, soft_due))
        )
    elif _TRAIN_NOTE in note and needs_work:
        found.append(
            _action(
                "upgrade-train",
                note,
                target=note.split(_TRAIN_NOTE, 1)[1],
                due=_due(view, soft_due),
            )
        )
    elif support.state == "unsupportable":
        found.append(
            _action(
                "replace", "; ".join(support.reasons) + (f"; {note}" if note else ""), due=soft_due
            )
        )
    elif support.state == "no-data":
        # what IS known still dates the box: say so, so the plan is not read as "no deadline"
        found.append(_action("investigate", "; ".join([*support.reasons, *hardware_ends])))
    elif needs_work:
        found.append(
            _action("investigate", _why(view) + "; no fixing release is known in the catalogue")
        )
    return found


def _due(view: dict[str, Any], software_end: date | None) -> date | None:
    """A software move is due when the train's support ends, if that is what is wrong."""
    return software_end if view["status"] == "unsupportable" else None


def _why(view: dict[str, Any]) -> str:
    titles = [f["title"] for f in view.get("findings") or [] if f.get("status")]
    return "; ".join(titles[:3]) + (f" (+{len(titles) - 3} more)" if len(titles) > 3 else "")
