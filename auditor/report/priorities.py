"""What to fix first: the dashboard's short list for the NOC, from the report view.

The device table is sorted by status (worst first), which answers "how bad is the estate" but
not "which box do I touch on Monday": among twenty unsupportable devices, the one running a
release with a critical, known-exploited advisory matters more than the one whose support ended
quietly. So the list is ordered by the worst finding's severity, then status, then the date the
device's support ends (soonest first), then name. Only devices that need action are listed
(unsupportable, vulnerable, outdated); each entry says what to do (the upgrade target, or the
evaluator's note when there is none) and why (its worst findings).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from auditor.models import Severity, Status

NEEDS_ACTION = (Status.UNSUPPORTABLE.value, Status.VULNERABLE.value, Status.OUTDATED.value)
_SEVERITY = {s.value: i for i, s in enumerate(Severity)}
_STATUS = {s.value: s.rank for s in Status}


def _worst(findings: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """Findings that call for action, worst severity first (ties keep the evaluator's order)."""
    acting = [f for f in findings if f.get("status") in NEEDS_ACTION]
    return sorted(acting, key=lambda f: _SEVERITY.get(f.get("severity") or "info", 99))


def fix_first(view: Mapping[str, Any], limit: int = 10) -> dict[str, Any]:
    """The `limit` devices to fix first, and how many more need action.

    >>> fix_first({"devices": []})
    {'devices': [], 'more': 0, 'total': 0}
    """
    rows = []
    for d in view["devices"]:
        if d["status"] not in NEEDS_ACTION:
            continue
        worst = _worst(d.get("findings") or [])
        severity = worst[0].get("severity") if worst else "info"
        end = (d.get("lifecycle") or {}).get("end_of_support")
        rows.append(
            {
                "name": d["name"],
                "site": d.get("site"),
                "role": d.get("role"),
                "status": d["status"],
                "version": (d.get("facts") or {}).get("version"),
                "target_version": d.get("target_version"),
                "target_note": d.get("target_note"),
                "end_of_support": end,
                "severity": severity,
                "why": [f.get("title") for f in worst[:2]],
                "more_findings": max(0, len(worst) - 2),
                "_key": (
                    _SEVERITY.get(severity or "info", 99),
                    _STATUS.get(d["status"], 99),
                    end or "9999-12-31",
                    d["name"],
                ),
            }
        )
    rows.sort(key=lambda r: r["_key"])
    for r in rows:
        del r["_key"]
    return {"devices": rows[:limit], "more": max(0, len(rows) - limit), "total": len(rows)}
