"""Assemble the compliance pack (`auditor-compliance/1`) from a report view, the catalogue the
run used, a policy and (optionally) a spares inventory.

The pack is plain data, sorted and free of wall-clock times other than the run's own, so the
same run, catalogue, policy and spares give byte-identical `compliance.json`. Every summary
figure is a count over the per-device records in the same file (docs/compliance.md says how
each is computed), so a reader can recompute any of them.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from auditor import __version__
from auditor.errors import InputError
from auditor.models import Status
from auditor.report.compliance.annex import annex
from auditor.report.compliance.cover import at_risk_vendors, spares_cover
from auditor.report.compliance.fleet import FleetDevice, fleet_from_view
from auditor.report.compliance.method import caveats, method
from auditor.report.compliance.policy import Policy, check_against_catalogue
from auditor.report.compliance.remediation import ACTIONS, remediation_plan
from auditor.report.compliance.rules import deadlines, domain_figures, rule_results
from auditor.report.compliance.scenario import OUTCOMES, Scenario, run_scenario
from auditor.report.compliance.spares import Spares
from auditor.report.compliance.support import STATES, Support, support_of

if TYPE_CHECKING:
    from auditor.catalogue.model import Catalogue
    from auditor.models import AuditRun

SCHEMA = "auditor-compliance/1"
REPORT_SCHEMA = "auditor-report/1"


@dataclass(frozen=True)
class Scope:
    """Who the pack is for: the operator and the networks it covers (free text, as given)."""

    operator: str | None = None
    networks: tuple[str, ...] = ()


def pack_from_run(
    run: AuditRun,
    catalogue: Catalogue,
    policy: Policy,
    spares: Spares | None = None,
    scope: Scope | None = None,
    scenarios: tuple[Scenario, ...] = (),
) -> dict[str, Any]:
    """The pack of a run in memory (e.g. a stored run re-evaluated against `catalogue`)."""
    from auditor.report.view import build_view

    return build_pack(build_view(run, catalogue), catalogue, policy, spares, scope, scenarios)


def build_pack(
    view: dict[str, Any],
    catalogue: Catalogue,
    policy: Policy,
    spares: Spares | None = None,
    scope: Scope | None = None,
    scenarios: tuple[Scenario, ...] = (),
) -> dict[str, Any]:
    """The pack of a report view (`report.json` as `auditor audit` writes it)."""
    _check_view(view, catalogue)
    check_against_catalogue(policy, catalogue)
    scope = scope or Scope()
    run = view["run"]
    as_of = date.fromisoformat(run["as_of"])
    fleet = fleet_from_view(view, catalogue, policy)
    supports = {d.name: support_of(d, catalogue, policy, as_of) for d in fleet}
    rules = rule_results(fleet, policy, as_of)
    asked = scenarios or tuple(Scenario(v, as_of) for v in policy.high_risk_ids)
    scen = [
        run_scenario(s, fleet, supports, catalogue, as_of, int(run["horizon_days"])) for s in asked
    ]
    for row in scen:
        row["default"] = not scenarios
    vendors = at_risk_vendors(catalogue, policy, as_of, tuple(s["vendor"] for s in scen))
    cover = spares_cover(fleet, vendors, policy, spares)
    plan = remediation_plan(fleet, supports, rules, catalogue, as_of, int(run["horizon_days"]))
    devices = [_device(d, supports[d.name]) for d in fleet]
    pack: dict[str, Any] = {
        "schema": SCHEMA,
        "scope": _scope(scope, run, len(fleet)),
        "inputs": {
            "catalogue": {
                "name": catalogue.name,
                "version": catalogue.version,
                "sha256": catalogue.sha256,
            },
            "policy": {
                "id": policy.id,
                "name": policy.name,
                "version": policy.version,
                "file": policy.file,
                "sha256": policy.sha256,
            },
            "spares": {"file": spares.file, "sha256": spares.sha256} if spares else None,
            "report": {"schema": view["schema"], "data_sha256": view.get("data_sha256")},
        },
        "policy": _policy(policy),
        "devices": devices,
        "domains": domain_figures(fleet, policy),
        "unmapped_devices": [d.name for d in fleet if not d.domains],
        "rules": rules,
        "deadlines": deadlines(rules),
        "scenarios": scen,
        "spares": cover,
        "remediation": plan,
        "annex": annex(fleet, supports, catalogue),
    }
    pack["summary"] = _summary(pack)
    pack["method"] = method(pack, catalogue)
    pack["caveats"] = caveats(pack, run)
    return pack


def _check_view(view: dict[str, Any], catalogue: Catalogue) -> None:
    if not isinstance(view, dict) or view.get("schema") != REPORT_SCHEMA:
        got = view.get("schema") if isinstance(view, dict) else type(view).__name__
        raise InputError(
            f"not an auditor report: schema {got!r}, expected {REPORT_SCHEMA!r}",
            tip="give the report.json that `auditor audit` wrote, or --run ID for a stored run",
        )
    _check_shape(view)
    used = (view.get("run") or {}).get("catalogue") or {}
    if used.get("sha256") != catalogue.sha256:
        raise InputError(
            f"the run was evaluated with catalogue {used.get('version')!r} "
            f"(sha256 {str(used.get('sha256'))[:12]}…), not with the catalogue given "
            f"({catalogue.version!r}, sha256 {catalogue.sha256[:12]}…): the pack's figures "
            "would not match the run's findings",
            tip="pass the catalogue the run used (--catalogue), or build from the stored run "
            "(--run ID), which is re-evaluated against the catalogue given",
        )


def _check_shape(view: dict[str, Any]) -> None:
    """A hand-edited or truncated report must fail with where, not with a traceback."""
    run = view.get("run")
    problem = None
    if not isinstance(run, dict):
        problem = "run: expected an object"
    elif not isinstance(run.get("as_of"), str) or not _is_date(run["as_of"]):
        problem = "run.as_of: expected a date YYYY-MM-DD"
    elif not isinstance(run.get("horizon_days"), int):
        problem = "run.horizon_days: expected a whole number"
    elif not isinstance(view.get("devices"), list):
        problem = "devices: expected a list"
    else:
        statuses = {s.value for s in Status}
        for i, d in enumerate(view["devices"]):
            if not isinstance(d, dict) or not isinstance(d.get("name"), str):
                problem = f"devices[{i}].name: expected text"
            elif d.get("status") not in statuses:
                problem = f"devices[{i}].status: expected one of {', '.join(sorted(statuses))}"
            elif d.get("facts") is not None and not isinstance(d["facts"], dict):
                problem = f"devices[{i}].facts: expected an object or null"
            if problem:
                break
    if problem:
        raise InputError(f"report: {problem}", tip="give report.json as `auditor audit` wrote it")


def _is_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _scope(scope: Scope, run: dict[str, Any], devices: int) -> dict[str, Any]:
    return {
        "operator": scope.operator,
        "networks": list(scope.networks),
        "run": {
            k: run.get(k)
            for k in (
                "id",
                "started_at",
                "finished_at",
                "as_of",
                "horizon_days",
                "tool_version",
                "interrupted",
            )
        },
        "inventory": dict(run.get("inventory") or {}),
        "devices": devices,
        "generated_by": {"tool": "auditor", "version": __version__},
    }


def _policy(p: Policy) -> dict[str, Any]:
    return {
        "id": p.id,
        "name": p.name,
        "version": p.version,
        "description": p.description,
        "supported_until": list(p.supported_until),
        "high_risk_vendors": [
            {
                "vendor": v.vendor,
                "designated": v.designated.isoformat() if v.designated else None,
                "text": v.text,
                "source": v.source,
            }
            for v in p.high_risk_vendors
        ],
        "not_evidenced": [{"text": c.text, "source": c.source} for c in p.not_evidenced],
        "evidences": [{"text": c.text, "source": c.source} for c in p.evidences],
    }


def _device(d: FleetDevice, s: Support) -> dict[str, Any]:
    v = d.view
    return {
        "name": d.name,
        "vendor": d.vendor_name,
        "vendor_id": d.vendor_id,
        "platform": v.get("platform"),
        "model": d.model,
        "version": d.facts.version if d.facts else None,
        "site": v.get("site"),
        "role": v.get("role"),
        "tags": list(v.get("tags") or []),
        "domains": list(d.domains),
        "high_risk": d.high_risk,
        "audited": d.audited,
        "status": v["status"],
        "cause": v.get("cause"),
        "support_state": s.state,
        "supported_until": s.supported_until.isoformat() if s.supported_until else None,
        "support_reasons": list(s.reasons),
        "target_version": v.get("target_version"),
        "target_note": v.get("target_note"),
    }


def _summary(pack: dict[str, Any]) -> dict[str, Any]:
    """Counts only, each over a list in the same pack (docs/compliance.md, "Summary")."""
    devices = pack["devices"]
    states = Counter(d["support_state"] for d in devices)
    statuses = Counter(d["status"] for d in devices)
    rule_states = Counter(r["state"] for r in pack["rules"])
    models = pack["spares"]["models"]
    plan = pack["remediation"]
    total = len(devices)
    return {
        "devices": total,
        "audited": sum(1 for d in devices if d["audited"]),
        "by_support_state": {s: states.get(s, 0) for s in STATES},
        "supported_percent": round(states.get("supported", 0) * 100 / total, 1) if total else None,
        "unsupportable_percent": round(states.get("unsupportable", 0) * 100 / total, 1)
        if total
        else None,
        "by_status": {s.value: statuses.get(s.value, 0) for s in Status},
        "high_risk_devices": sum(1 for d in devices if d["high_risk"]),
        "rules": {
            "total": len(pack["rules"]),
            **{k: rule_states.get(k, 0) for k in ("compliant", "breach", "due")},
        },
        "scenarios": [
            {"vendor": s["vendor"], "from": s["from"], **{k: s["counts"][k] for k in OUTCOMES}}
            for s in pack["scenarios"]
        ],
        "spares": {
            "models": len(models),
            "meeting": sum(1 for m in models if m["meets"] is True),
            "below": sum(1 for m in models if m["meets"] is False),
            "not_assessed": sum(1 for m in models if m["meets"] is None),
        },
        "remediation": {
            "devices": len(plan),
            "by_action": {
                a: sum(1 for p in plan if any(x["action"] == a for x in p["actions"]))
                for a in ACTIONS
            },
        },
    }
