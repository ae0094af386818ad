"""Every figure of the pack, recomputed from compliance.json alone (never with the pack's code),
plus the answers a compliance officer would work out by hand for the fixed fleet."""

from __future__ import annotations

import json
import math
from collections import Counter
from datetime import date, timedelta
from fractions import Fraction
from pathlib import Path
from typing import Any

import yaml
from compliance_fixtures import POLICY, SCOPE, SPARES, catalogue, fleet_run

from auditor.report.compliance import Scenario, load_policy, pack_from_run

STATES = ("supported", "unsupportable", "no-data", "not-audited")


def _pct(part: int, whole: int) -> float | None:
    return round(part * 100 / whole, 1) if whole else None


def test_every_summary_figure_equals_a_recomputation_from_the_json(pack_dir: Path) -> None:
    data = json.loads((pack_dir / "compliance.json").read_text(encoding="utf-8"))
    policy = yaml.safe_load(POLICY.read_text(encoding="utf-8"))
    devices = {d["name"]: d for d in data["devices"]}
    summary = data["summary"]
    as_of = date.fromisoformat(data["scope"]["run"]["as_of"])

    assert summary["devices"] == len(devices) == data["scope"]["devices"] == len(data["annex"])
    assert summary["audited"] == sum(1 for d in devices.values() if d["audited"])
    states = Counter(d["support_state"] for d in devices.values())
    assert summary["by_support_state"] == {s: states.get(s, 0) for s in STATES}
    assert summary["supported_percent"] == _pct(states["supported"], len(devices))
    assert summary["unsupportable_percent"] == _pct(states["unsupportable"], len(devices))
    statuses = Counter(d["status"] for d in devices.values())
    assert summary["by_status"] == {s: statuses.get(s, 0) for s in summary["by_status"]}
    assert sum(summary["by_status"].values()) == len(devices)
    high_risk = {v["vendor"] for v in policy["high_risk_vendors"]}
    assert summary["high_risk_devices"] == sum(
        1 for d in devices.values() if d["vendor_id"] in high_risk
    )

    # domains: membership from the policy's role/tag/site mapping, shares in devices
    for dom, row in zip(policy["domains"], data["domains"], strict=True):
        members = sorted(
            n
            for n, d in devices.items()
            if d["role"] in dom.get("roles", [])
            or set(d["tags"]) & set(dom.get("tags", []))
            or d["site"] in dom.get("sites", [])
        )
        risky = [n for n in members if devices[n]["vendor_id"] in high_risk]
        assert (row["id"], row["devices"], row["total"]) == (dom["id"], members, len(members))
        assert (row["high_risk"], row["high_risk_count"]) == (risky, len(risky))
        assert row["share_percent"] == _pct(len(risky), len(members))
    assert data["unmapped_devices"] == sorted(n for n, d in devices.items() if not d["domains"])

    # rules: exact cap arithmetic, exclusion presence, state from the deadline
    for rule, row in zip(policy["rules"], data["rules"], strict=True):
        vendors = set(rule.get("vendors") or high_risk)
        members = [n for n, d in devices.items() if rule["domain"] in d["domains"]]
        present = sorted(n for n in members if devices[n]["vendor_id"] in vendors)
        assert (row["id"], row["present"], row["present_count"]) == (
            rule["id"],
            present,
            len(present),
        )
        assert row["domain_total"] == len(members)
        by = rule.get("by")
        assert row["days_left"] == ((by - as_of).days if by else None)
        if rule["kind"] == "cap":
            cap = Fraction(str(rule["max_percent"]))
            allowed = math.floor(cap * len(members) / 100)
            assert (row["allowed"], row["excess"]) == (allowed, max(0, len(present) - allowed))
            assert row["share_percent"] == _pct(len(present), len(members))
            compliant = Fraction(len(present) * 100) <= cap * len(members)
        else:
            compliant = not present
        want = "compliant" if compliant else ("breach" if by is None or as_of > by else "due")
        assert row["state"] == want, rule["id"]
    rule_states = Counter(r["state"] for r in data["rules"])
    assert summary["rules"] == {
        "total": len(policy["rules"]),
        **{k: rule_states.get(k, 0) for k in ("compliant", "breach", "due")},
    }

    # deadlines: every dated rule, soonest first, naming the devices of a rule not met
    dated = sorted((r for r in data["rules"] if r["by"]), key=lambda r: (r["by"], r["id"]))
    assert [(d["rule"], d["by"], d["state"]) for d in data["deadlines"]] == [
        (r["id"], r["by"], r["state"]) for r in dated
    ]
    for d, r in zip(data["deadlines"], dated, strict=True):
        assert d["devices"] == (r["present"] if r["state"] != "compliant" else [])

    # scenarios: the vendor's devices, by outcome
    for scen, line in zip(data["scenarios"], summary["scenarios"], strict=True):
        names = sorted(n for n, d in devices.items() if d["vendor_id"] == scen["vendor"])
        assert [d["name"] for d in scen["devices"]] == names
        outcomes = Counter(d["outcome"] for d in scen["devices"])
        assert scen["counts"]["devices"] == len(names)
        for k in ("becomes-unsupportable", "already-unsupportable", "unaffected", "not-audited"):
            assert scen["counts"][k] == line[k] == outcomes.get(k, 0)
        for d in scen["devices"]:
            if d["outcome"] == "already-unsupportable":
                assert devices[d["name"]]["support_state"] == "unsupportable"
            if d["outcome"] == "not-audited":
                assert not devices[d["name"]]["audited"]
            if d["outcome"] == "becomes-unsupportable":
                until = devices[d["name"]]["supported_until"]
                end = date.fromisoformat(until) + timedelta(days=1) if until else None
                start = date.fromisoformat(scen["from"])
                assert d["unsupportable_from"] == min(start, end or start).isoformat()

    # spares: installed base from the annex (chassis + modules of other models), held from the
    # spares file, required = ceil(installed x threshold / 100)
    held_file = yaml.safe_load(SPARES.read_text(encoding="utf-8"))["spares"]
    threshold = Fraction(str(policy["spares"]["min_cover_percent"]))
    installed: Counter[str] = Counter()
    for a in data["annex"]:
        if devices[a["name"]]["vendor_id"] in data["spares"]["vendors"] and a["model"]:
            installed[a["model"].upper()] += 1
            for m in a["modules"]:
                if m["model"] and m["model"].upper() != a["model"].upper():
                    installed[m["model"].upper()] += 1
    assert {m["model"].upper(): m["installed"] for m in data["spares"]["models"]} == dict(installed)
    for m in data["spares"]["models"]:
        held = sum(e["held"] for e in held_file if e["model"].upper() == m["model"].upper())
        required = math.ceil(threshold * m["installed"] / 100)
        assert (m["held"], m["required"], m["meets"]) == (held, required, held >= required)
        assert m["cover_percent"] == round(held * 100 / m["installed"], 1)
        assert sum(s["installed"] for s in m["by_site"]) == m["installed"]
    meets = [m["meets"] for m in data["spares"]["models"]]
    assert summary["spares"] == {
        "models": len(meets),
        "meeting": meets.count(True),
        "below": meets.count(False),
        "not_assessed": meets.count(None),
    }

    # remediation: devices with at least one action of each kind
    plan = data["remediation"]
    assert summary["remediation"]["devices"] == len(plan)
    for action, n in summary["remediation"]["by_action"].items():
        assert n == sum(1 for p in plan if any(a["action"] == action for a in p["actions"]))
    assert [p["due"] or "9999-12-31" for p in plan] == sorted(
        p["due"] or "9999-12-31" for p in plan
    )


def test_the_fixed_fleet_gives_the_answers_worked_out_by_hand(pack: dict[str, Any]) -> None:
    rules = {r["id"]: r for r in pack["rules"]}
    # full-fibre access: 6 devices, 3 Huawei (one not audited still counts): 50 % > 35 %,
    # 35 % of 6 = 2.1, so 2 allowed and 1 must go; the date (2023-10-31) has passed
    cap = rules["dvd-full-fibre-cap"]
    assert (cap["domain_total"], cap["present_count"], cap["allowed"], cap["excess"]) == (
        6,
        3,
        2,
        1,
    )
    assert (cap["share_percent"], cap["state"]) == (50.0, "breach")
    assert cap["present"] == ["gla-acc-02", "man-acc-01", "man-acc-02"]
    assert (rules["dvd-core"]["state"], rules["dvd-core"]["present"]) == ("breach", ["lon-core-02"])
    assert (rules["dvd-5g"]["state"], rules["dvd-5g"]["days_left"]) == ("due", 578)
    assert rules["dvd-national-security-sites"]["state"] == "compliant"

    devices = {d["name"]: d for d in pack["devices"]}
    assert devices["man-acc-02"]["support_state"] == "unsupportable"  # VRP V200R019C00 ended
    assert devices["edi-dist-01"]["support_state"] == "unsupportable"  # 3750-X past LDoS
    assert devices["edi-acc-01"]["support_state"] == "no-data"  # IOS XE 17.15 not catalogued
    assert devices["gla-acc-02"]["support_state"] == "not-audited"
    assert devices["man-acc-03"]["support_state"] == "supported"  # vulnerable, but supported
    assert devices["man-acc-01"]["supported_until"] == "2026-12-31"

    scen = {d["name"]: d for d in pack["scenarios"][0]["devices"]}
    assert {n for n, d in scen.items() if d["outcome"] == "becomes-unsupportable"} == {
        "lon-5g-01",
        "lon-core-02",
        "man-acc-01",
    }
    assert scen["lon-core-02"]["unsupportable_from"] == "2026-09-01"
    assert scen["man-acc-02"]["outcome"] == "already-unsupportable"

    models = {m["model"]: m for m in pack["spares"]["models"]}
    assert (models["S5735-L24T4S-A"]["installed"], models["S5735-L24T4S-A"]["meets"]) == (2, True)
    assert (models["NE40E-X8"]["held"], models["NE40E-X8"]["meets"]) == (0, False)
    assert models["CR5D00E4XF90"]["installed"] == 2  # two boards in lon-core-02
    assert pack["spares"]["unknown_model"] == ["gla-acc-02"]
    assert pack["spares"]["other_spares"] == [{"model": "C9300-48P", "site": "london", "held": 2}]

    plan = {
        p["name"]: [(a["action"], a["target"]) for a in p["actions"]] for p in pack["remediation"]
    }
    assert plan["edi-dist-01"] == [("replace", "C9300-48P")]
    assert plan["man-acc-03"] == [("upgrade", "17.9.4a")]
    assert plan["lon-core-02"] == [("remove", None)]
    assert plan["man-acc-02"] == [("reduce", None), ("upgrade", "V200R021C00SPC100")]
    assert plan["gla-acc-02"] == [("reduce", None), ("re-audit", None)]
    assert "lon-core-01" not in plan and "lon-pe-01" not in plan


def test_own_end_of_support_before_the_scenario_date_comes_first(policy: Any, spares: Any) -> None:
    late = Scenario("Huawei", date(2027, 6, 1))
    pack = pack_from_run(fleet_run(), catalogue(), policy, spares, SCOPE, (late,))
    rows = {d["name"]: d for d in pack["scenarios"][0]["devices"]}
    # V200R021C00 support ends 2026-12-31: unsupportable from the next day, before the scenario
    assert rows["man-acc-01"]["unsupportable_from"] == "2027-01-01"
    assert rows["man-acc-01"]["because"] == "its own support ends first"
    assert rows["lon-core-02"]["unsupportable_from"] == "2027-06-01"
    # the scenario works on a copy: the catalogue itself still says Huawei ships updates
    supply = catalogue().vendor("huawei").supply_on(date(2030, 1, 1))  # type: ignore[union-attr]
    assert supply is not None and supply.status == "designated-high-risk"


def test_without_a_scenario_each_high_risk_vendor_is_tried_from_the_as_of_date(policy: Any) -> None:
    pack = pack_from_run(fleet_run(), catalogue(), policy, None, SCOPE)
    assert [(s["vendor"], s["from"], s["default"]) for s in pack["scenarios"]] == [
        ("huawei", "2026-06-01", True)
    ]
    # no spares inventory: nothing is claimed about what is held
    assert {m["held"] for m in pack["spares"]["models"]} == {None}
    assert pack["summary"]["spares"]["not_assessed"] == len(pack["spares"]["models"])


def test_the_policy_decides_which_milestone_ends_support(tmp_path: Path) -> None:
    strict = tmp_path / "strict.yaml"
    strict.write_text(
        POLICY.read_text(encoding="utf-8").replace(
            "supported_until: [end_of_security_support, last_date_of_support]",
            "supported_until: [end_of_sw_maintenance, end_of_security_support, last_date_of_support]",
        ),
        encoding="utf-8",
    )
    pack = pack_from_run(fleet_run(), catalogue(), load_policy(strict), None, SCOPE)
    devices = {d["name"]: d for d in pack["devices"]}
    # Junos 21.4 left engineering (bug-fix) support on 2025-12-31: unsupportable under this policy
    assert devices["gla-acc-01"]["support_state"] == "unsupportable"
    assert devices["gla-acc-01"]["support_reasons"] == [
        "software junos 21.4: end_of_sw_maintenance 2025-12-31 has passed"
    ]


def _text(html: str) -> str:
    """Visible text of an HTML fragment, tags dropped, whitespace folded."""
    import html as html_lib
    import re

    return " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", html)).split())


def test_the_printed_summary_shows_the_figures_recomputed_from_the_json(pack_dir: Path) -> None:
    """The page a compliance officer signs says what the data says: each figure of the cover
    line and section 1 of compliance.html, recomputed here from compliance.json's lists."""
    data = json.loads((pack_dir / "compliance.json").read_text(encoding="utf-8"))
    page = (pack_dir / "compliance.html").read_text(encoding="utf-8")
    devices = data["devices"]
    n = len(devices)
    states = Counter(d["support_state"] for d in devices)
    statuses = Counter(d["status"] for d in devices)
    rules = Counter(r["state"] for r in data["rules"])
    plan = data["remediation"]
    models = data["spares"]["models"]
    as_of = data["scope"]["run"]["as_of"]

    lede = _text(page.split('<p class="lede">', 1)[1].split("</p>", 1)[0])
    assert lede == (
        f"{n} devices as of {as_of}: {states['supported']} supported, "
        f"{states['unsupportable']} unsupportable, {states['no-data']} with no catalogue data, "
        f"{states['not-audited']} not audited. {rules['breach']} rules in breach, "
        f"{rules['due']} due."
    )
    section = _text(page.split('<h2 id="summary">', 1)[1].split('<h2 id="method">', 1)[0])
    for shown in (
        f"{n} devices in scope",
        f"{states['supported']} supported ({_pct(states['supported'], n)} %)",
        f"{states['unsupportable']} unsupportable ({_pct(states['unsupportable'], n)} %)",
        f"{states['no-data']} no catalogue data",
        f"{states['not-audited']} not audited",
        f"{sum(1 for d in devices if d['high_risk'])} high-risk vendor devices",
        "Devices "
        + " ".join(
            str(statuses.get(s, 0))
            for s in ("unsupportable", "vulnerable", "outdated", "unknown", "failed", "current")
        ),
        f"Rules {len(data['rules'])} {rules['compliant']} {rules['breach']} {rules['due']}",
        f"Remediation: {len(plan)} devices need action ("
        + ", ".join(
            f"{a} {k}"
            for a in (
                "remove",
                "reduce",
                "replace",
                "upgrade",
                "upgrade-train",
                "investigate",
                "re-audit",
            )
            if (k := sum(1 for p in plan if any(x["action"] == a for x in p["actions"])))
        )
        + ").",
        f"Spares: {len(models)} models of at-risk vendors, "
        f"{sum(1 for m in models if m['meets'] is True)} meeting the threshold, "
        f"{sum(1 for m in models if m['meets'] is False)} below, "
        f"{sum(1 for m in models if m['meets'] is None)} not assessed.",
    ):
        assert shown in section, shown
