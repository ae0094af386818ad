"""The shipped UK policy: it loads, every rule cites a source, and its dates are the final
designated vendor direction's as the catalogue records them (not the consultation's)."""

from __future__ import annotations

from pathlib import Path

import pytest
from compliance_fixtures import POLICY

from auditor.catalogue import load_catalogue
from auditor.report.compliance import PolicyError, load_policy
from auditor.report.compliance.fields import FileProblems
from auditor.report.compliance.policy import check_against_catalogue

REPO = Path(__file__).resolve().parents[3]
SHIPPED = REPO / "catalogue" / "policy" / "uk-default.yaml"


def test_tests_use_a_copy_of_the_shipped_policy() -> None:
    assert SHIPPED.read_bytes() == POLICY.read_bytes(), (
        "tests/report/compliance/data/uk-default.yaml must stay a copy of "
        "catalogue/policy/uk-default.yaml (copy it over, then regenerate the golden file)"
    )


def test_shipped_policy_rules_are_the_final_direction_recorded_in_the_catalogue() -> None:
    policy = load_policy(SHIPPED)
    vendors = load_catalogue(REPO / "catalogue" / "vendors.yaml")  # just the vendors file
    check_against_catalogue(policy, vendors)
    designation = vendors.vendors["huawei"].supply[-1]
    assert designation.status == "designated-high-risk"
    assert policy.high_risk_vendors[0].designated == designation.since
    for rule in policy.rules:
        assert rule.source.startswith("https://"), rule.id
        assert rule.by is not None, rule.id
        said = (
            f"end of {rule.by.year}"
            if (rule.by.month, rule.by.day) == (12, 31) and rule.domain == "5g"
            else f"{rule.by.day} {rule.by.strftime('%b')} {rule.by.year}"
        )
        assert said in designation.summary, (rule.id, said)
    cap = next(r for r in policy.rules if r.kind == "cap")
    assert (cap.domain, cap.max_percent, "35%" in designation.summary) == (
        "full-fibre-access",
        35,
        True,
    )


def test_every_problem_of_a_policy_is_reported_with_its_line(tmp_path: Path) -> None:
    bad = tmp_path / "p.yaml"
    bad.write_text(
        "policy: {id: x, name: x, version: '1', supported_until: [end_of_support]}\n"
        "domains:\n"
        "  - {id: core, roles: [core]}\n"
        "  - {id: core, tags: [core]}\n"
        "rules:\n"
        "  - {id: r, kind: ban, domain: core, text: t, source: 'javascript:alert(1)'}\n"
        "spares: {min_cover_percent: 250}\n",
        encoding="utf-8",
    )
    with pytest.raises(FileProblems) as caught:
        load_policy(bad)
    messages = [p.message for p in caught.value.problems]
    assert all(isinstance(p, PolicyError) for p in caught.value.problems)
    assert messages == [
        f"{bad}:1: policy.supported_until: unknown value 'end_of_support'; expected some of: "
        "end_of_sale, end_of_sw_maintenance, end_of_security_support, last_date_of_support",
        f"{bad}:6: rules[0].kind: unknown kind 'ban'; expected one of: cap, exclusion",
        f"{bad}:6: rules[0].source: expected an http(s) URL, got 'javascript:alert(1)'",
        f"{bad}:7: spares.min_cover_percent: expected a percentage 0 to 100, got 250",
        f"{bad}:7: spares.basis: missing `basis`",
        f"{bad}:4: domains[1].id: duplicate id 'core' (first in domains[0])",
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty policy file"),
        ("policy: [\n", "invalid YAML"),
        ("- a list\n", "expected a mapping"),
        ("polcy: {}\n", "unknown key 'polcy'"),
    ],
)
def test_unreadable_policies_are_input_errors(tmp_path: Path, text: str, message: str) -> None:
    bad = tmp_path / "p.yaml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(Exception) as caught:
        load_policy(bad)
    assert getattr(caught.value, "exit_code", None) == 2
    assert message in str(caught.value)


def test_the_demo_inventory_fills_every_domain_of_the_shipped_policy() -> None:
    """`auditor demo` then `auditor report compliance` must show something in each domain: a
    cap in breach (Huawei in full-fibre access), a deadline ahead (Huawei carrying 5G), and
    domains that comply (core, national-security sites) -- not four empty rows."""
    from auditor.inventory import load_inventory
    from auditor.platforms import get_platform

    policy = load_policy(SHIPPED)
    devices, _ = load_inventory(REPO / "device_inventories" / "demo.yaml")
    members: dict[str, list[str]] = {d.id: [] for d in policy.domains}
    huawei: dict[str, list[str]] = {d.id: [] for d in policy.domains}
    for dev in devices:
        for domain in policy.domains_of(dev.role, dev.tags, dev.site):
            members[domain].append(dev.name)
            if get_platform(dev.platform).vendor == "Huawei":
                huawei[domain].append(dev.name)
    assert all(members.values()), members
    assert huawei == {
        "core": [],
        "full-fibre-access": ["gla-acc-01"],
        "5g": ["gla-pe-01"],
        "national-security-sites": [],
    }
    assert len(members["full-fibre-access"]) * 35 < 100 * len(huawei["full-fibre-access"])
