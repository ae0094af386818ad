"""Advisories narrowed to hardware models, per-device evidence on shared findings, and the
order findings are reported in."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, timezone
from pathlib import Path

import pytest

from auditor.catalogue import Catalogue, CatalogueProblems, load_catalogue
from auditor.evaluate import evaluate
from auditor.models import Collection, Device, Evidence, Facts, Status

AS_OF = date(2026, 6, 1)
DEVICE = Device(name="sw1", host="127.0.0.1", platform="juniper_junos", site="lon", role="edge")
SHIPPED = Path(__file__).parents[2] / "catalogue"

CATALOGUE = """\
catalogue: {name: models, version: '1'}
vendors: [{id: juniper, name: Juniper}]
software:
  - {vendor: juniper, os: junos, train: '21.4', end_of_security_support: 2026-06-15,
     source: https://example.invalid/lc}
  - {vendor: juniper, os: junos, train: '20.4', end_of_security_support: 2024-06-30,
     source: https://example.invalid/lc}
baselines:
  - {os: junos, minimum: 21.4R3-S9, source: policy}
advisories:
  - id: T-JWEB
    title: J-Web flaw
    severity: critical
    affected:
      - os: junos
        models: ["EX*", "srx*"]
        ranges: ["vers:junos/>=21.4R1|<21.4R3-S10"]
        fixed: ["21.4R3-S10"]
    source: https://example.invalid/jweb
  - id: T-ALL
    title: Kernel flaw
    affected:
      - os: junos
        ranges: ["vers:junos/>=21.4R1|<21.4R3-S9"]
        fixed: ["21.4R3-S9"]
    source: https://example.invalid/all
"""


@pytest.fixture(scope="module")
def catalogue(tmp_path_factory: pytest.TempPathFactory) -> Catalogue:
    path = tmp_path_factory.mktemp("cat") / "catalogue.yaml"
    path.write_text(CATALOGUE)
    return load_catalogue(path)


def ids(catalogue: Catalogue, version: str, model: str | None) -> list[str]:
    facts = Facts(vendor="Juniper", os="junos", version=version, model=model)
    return [f.advisory_id for f in evaluate(DEVICE, facts, catalogue, AS_OF).findings
            if f.advisory_id]  # fmt: skip


def test_a_narrowed_advisory_applies_only_to_matching_models(catalogue: Catalogue) -> None:
    assert ids(catalogue, "21.4R3-S5", "ex4300-48t") == ["T-ALL", "T-JWEB"]  # case-insensitive
    assert ids(catalogue, "21.4R3-S5", "SRX345") == ["T-ALL", "T-JWEB"]
    assert ids(catalogue, "21.4R3-S5", "MX204") == ["T-ALL"]


def test_an_unknown_model_still_counts_and_the_finding_says_why(catalogue: Catalogue) -> None:
    facts = Facts(vendor="Juniper", os="junos", version="21.4R3-S5", model=None)
    (jweb,) = [f for f in evaluate(DEVICE, facts, catalogue, AS_OF).findings
               if f.advisory_id == "T-JWEB"]  # fmt: skip
    assert jweb.status is Status.VULNERABLE
    assert "only EX*, SRX* models are affected" in jweb.detail
    assert "model is unknown" in jweb.detail


def test_the_upgrade_target_ignores_advisories_for_other_models(catalogue: Catalogue) -> None:
    # 21.4R3-S9 fixes T-ALL and meets the baseline; only EX/SRX also need 21.4R3-S10.
    facts = Facts(vendor="Juniper", os="junos", version="21.4R3-S5", model="MX204")
    assert evaluate(DEVICE, facts, catalogue, AS_OF).target_version == "21.4R3-S9"
    ex = dataclasses.replace(facts, model="EX4300-48T")
    assert evaluate(DEVICE, ex, catalogue, AS_OF).target_version == "21.4R3-S10"


def test_every_finding_cites_the_device_output_and_equals_a_plain_copy(
    catalogue: Catalogue,
) -> None:
    facts = Facts(vendor="Juniper", os="junos", version="21.4R3-S5", model="EX4300-48T")
    output = Collection("show version", "...", datetime(2026, 5, 31, 8, 0, tzinfo=timezone.utc),
                        "ab" * 32)  # fmt: skip
    bare = evaluate(DEVICE, facts, catalogue, AS_OF).findings
    cited = evaluate(DEVICE, facts, catalogue, AS_OF, collection=output).findings
    assert len(cited) == len(bare) >= 3
    for plain, own in zip(bare, cited, strict=True):
        device_evidence = Evidence(
            "show version",
            output.collected_at,
            "ab" * 32,
            plain.evidence.catalogue_entry,
            plain.evidence.source_url,
        )
        assert own == dataclasses.replace(plain, evidence=device_evidence)
        assert own.evidence.catalogue_entry  # the catalogue citation is kept


def test_findings_come_worst_first_with_advisories_after_unsupportable(
    catalogue: Catalogue,
) -> None:
    # 21.4 ends support on 2026-06-15 (inside the horizon: an unstatused note); 20.4 is past it.
    for version, kinds in (
        ("21.4R3-S5", ["advisory", "advisory", "below-minimum", "support-ending"]),
        ("20.4R3-S2", ["end-of-support", "below-minimum"]),
    ):
        facts = Facts(vendor="Juniper", os="junos", version=version, model="EX2300")
        findings = evaluate(DEVICE, facts, catalogue, AS_OF).findings
        assert [f.kind for f in findings] == kinds, version
        order = [(f.status.rank if f.status else 99, f.kind, f.title) for f in findings]
        assert order == sorted(order)


@pytest.mark.parametrize(
    ("models", "message"),
    [("[]", "expected at least one model pattern"), ("{EX: 1}", "expected a list of strings")],
)
def test_a_bad_models_list_is_a_located_problem(tmp_path: Path, models: str, message: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(
        "vendors: [{id: juniper, name: Juniper}]\n"
        "advisories:\n"
        "  - id: T-1\n"
        "    source: https://example.invalid/1\n"
        "    affected:\n"
        "      - os: junos\n"
        f"        models: {models}\n"
        "        fixed: [21.4R3-S10]\n"
    )
    with pytest.raises(CatalogueProblems) as caught:
        load_catalogue(path)
    (problem,) = caught.value.problems
    assert message in problem.message
    assert (problem.file, problem.line) == (str(path), 7)


def test_the_shipped_jweb_advisories_flag_ex_and_srx_but_not_mx_routers() -> None:
    shipped = load_catalogue(SHIPPED)
    for model, expected in (("mx204", set()), ("EX4300-48T", {"JSA72300", "JSA75729"}),
                            ("SRX345", {"JSA72300", "JSA75729"})):  # fmt: skip
        facts = Facts(vendor="Juniper", os="junos", version="21.4R3-S3", model=model)
        found = {f.advisory_id for f in evaluate(DEVICE, facts, shipped, AS_OF).findings}
        assert found & {"JSA72300", "JSA75729"} == expected, model
