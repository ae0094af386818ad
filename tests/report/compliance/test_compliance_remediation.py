"""The remediation plan dates hardware replacement from what the catalogue knows, even when the
software is not catalogued, so a box with a known end of support never reads as "no deadline"."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from compliance_fixtures import SCOPE, catalogue, fleet_run

from auditor.evaluate import evaluate
from auditor.models import AuditRun
from auditor.report.compliance import pack_from_run


def _run_on(as_of: date, horizon_days: int, version: str | None = None) -> AuditRun:
    """The fixed fleet judged on another day; edi-dist-01 (a 3750-X, last date of support
    2021-10-31 in the test catalogue) optionally running another IOS release."""
    run = fleet_run()
    results = []
    for r in run.results:
        if r.facts is not None:
            facts = (
                replace(r.facts, version=version)
                if version and r.device.name == "edi-dist-01"
                else r.facts
            )
            verdict = evaluate(r.device, facts, catalogue(), as_of, horizon_days, r.collections[0])
            r = replace(
                r,
                facts=facts,
                status=verdict.status,
                findings=verdict.findings,
                target_version=verdict.target_version,
                target_note=verdict.target_note,
            )
        results.append(r)
    return replace(run, as_of=as_of, horizon_days=horizon_days, results=tuple(results))


def _plan(run: AuditRun, policy: Any) -> dict[str, list[dict[str, Any]]]:
    pack = pack_from_run(run, catalogue(), policy, None, SCOPE)
    return {p["name"]: p["actions"] for p in pack["remediation"]}


def test_hardware_reaching_end_of_support_within_the_horizon_is_planned_for_replacement(
    policy: Any,
) -> None:
    plan = _plan(_run_on(date(2021, 6, 1), 180), policy)
    (action,) = plan["edi-dist-01"]
    assert (action["action"], action["target"], action["due"]) == (
        "replace",
        "C9300-48P",
        "2021-10-31",
    )
    assert "within the 180-day horizon" in action["reason"]


def test_hardware_beyond_the_horizon_is_not_yet_a_replacement(policy: Any) -> None:
    plan = _plan(_run_on(date(2021, 1, 1), 30), policy)
    assert all(a["action"] != "replace" for a in plan.get("edi-dist-01", []))


def test_uncatalogued_software_on_dated_hardware_names_the_hardware_date(policy: Any) -> None:
    plan = _plan(_run_on(date(2021, 1, 1), 30, version="15.9(3)M"), policy)
    (action,) = plan["edi-dist-01"]
    assert action["action"] == "investigate"
    assert "no lifecycle data in the catalogue for ios 15.9(3)M" in action["reason"]
    assert "hardware WS-C3750X-48P: last_date_of_support 2021-10-31" in action["reason"]
