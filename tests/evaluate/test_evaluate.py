"""Evaluation rules on a controlled catalogue: each status, the three-state answers, targets."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from auditor.catalogue import Catalogue, load_catalogue
from auditor.evaluate import evaluate
from auditor.models import Device, Facts, Status

DATA = Path(__file__).parents[1] / "data" / "catalogue"
AS_OF = date(2026, 6, 1)


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue(DATA)


def run(
    catalogue: Catalogue, vendor: str, os: str, version: str, model: str | None = None, **kw: str
):  # type: ignore[no-untyped-def]
    device = Device(name="d1", host="127.0.0.1", platform="cisco_xe", **kw)  # type: ignore[arg-type]
    return evaluate(
        device, Facts(vendor=vendor, os=os, version=version, model=model), catalogue, AS_OF
    )


@pytest.mark.parametrize(
    ("vendor", "os", "version", "status", "kinds"),
    [
        ("Cisco", "ios-xe", "17.12.4", Status.CURRENT, set()),
        ("Cisco", "ios-xe", "17.9.3", Status.VULNERABLE, {"advisory"}),
        ("Cisco", "ios-xe", "17.9.5", Status.CURRENT, set()),
        ("Cisco", "ios-xe", "16.9.4", Status.UNSUPPORTABLE, {"end-of-support", "advisory"}),
        ("Cisco", "ios-xe", "17.15.1", Status.UNKNOWN, {"no-data"}),
        ("Juniper", "junos", "20.4R3-S2", Status.UNSUPPORTABLE, {"end-of-support"}),
        ("Juniper", "junos", "23.4R2-S2", Status.VULNERABLE, {"advisory"}),
        ("Juniper", "junos", "23.4R2-S3", Status.CURRENT, set()),
        ("Arista", "eos", "4.30.1M", Status.OUTDATED, {"below-minimum"}),
        ("Arista", "eos", "4.30.5M", Status.OUTDATED, {"behind-recommended"}),
        ("Arista", "eos", "4.30.8M", Status.CURRENT, set()),
        ("Cisco", "ios", "15.2(7)E10", Status.OUTDATED, {"end-of-maintenance", "support-ending"}),
        ("Huawei", "vrp", "V800R021C10SPC600", Status.UNSUPPORTABLE, {"vendor-supply", "no-data"}),
    ],
)
def test_status(
    catalogue: Catalogue, vendor: str, os: str, version: str, status: Status, kinds: set[str]
) -> None:
    verdict = run(catalogue, vendor, os, version)
    assert verdict.status is status, verdict.findings
    assert {f.kind for f in verdict.findings} == kinds


def test_unknown_version_is_never_current(catalogue: Catalogue) -> None:
    verdict = run(catalogue, "Cisco", "ios-xe", "not-a-version")
    assert verdict.status is Status.UNKNOWN
    assert verdict.findings[0].kind == "undetermined"
    assert "cisco-ios-xe" in verdict.findings[0].detail


def test_advisory_finding_cites_source_and_fix_in_branch(catalogue: Catalogue) -> None:
    finding = run(catalogue, "Cisco", "ios-xe", "17.9.3").findings[0]
    assert finding.advisory_id == "TEST-SA-XE-1"
    assert finding.cves == ("CVE-2023-20198",)
    assert finding.fixed_in == ("17.9.4a",)
    assert finding.citation.source_url == "https://example.invalid/sa1"


def test_upgrade_target_is_smallest_good_version_in_train(catalogue: Catalogue) -> None:
    verdict = run(catalogue, "Cisco", "ios-xe", "17.9.3")
    assert verdict.target_version == "17.9.4a"
    eos = run(catalogue, "Arista", "eos", "4.30.1M")
    assert eos.target_version == "4.30.8M"


def test_target_may_cross_branches_within_a_train(catalogue: Catalogue) -> None:
    # Junos R releases are one train: 20.4 is dead, the smallest fixed, supported R is the target.
    assert run(catalogue, "Juniper", "junos", "20.4R3-S2").target_version == "23.4R2-S3"


def test_no_target_in_dead_train_names_oldest_supported(catalogue: Catalogue) -> None:
    verdict = run(catalogue, "Cisco", "ios-xe", "03.16.10.S")
    assert verdict.target_version is None
    assert (
        verdict.target_note is not None
        and "oldest supported train: ios-xe 17.9" in verdict.target_note
    )


def test_as_of_date_moves_the_answer(catalogue: Catalogue) -> None:
    device = Device(name="d1", host="127.0.0.1", platform="cisco_xe")
    facts = Facts(vendor="Cisco", os="ios-xe", version="17.9.5")
    assert evaluate(device, facts, catalogue, date(2027, 6, 1)).status is Status.OUTDATED
    assert evaluate(device, facts, catalogue, date(2028, 6, 1)).status is Status.UNSUPPORTABLE


def test_hardware_past_support_is_unsupportable_and_names_replacement(catalogue: Catalogue) -> None:
    verdict = run(catalogue, "Cisco", "ios-xe", "17.12.4", model="WS-C3750X-48P")
    assert verdict.status is Status.UNSUPPORTABLE
    (finding,) = [f for f in verdict.findings if f.kind == "end-of-support"]
    assert "hardware WS-C3750X-48P" in finding.title
    assert "replacement: C9300-48P" in finding.detail
    assert finding.citation.source_url == "https://example.invalid/hw3750x"
