"""Evaluation of what the fuller catalogue schema adds: modules, undated milestones, and the
advisory index (which must answer exactly what a scan of every advisory would)."""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path

import pytest

from auditor.catalogue import Catalogue, load_catalogue
from auditor.catalogue.model import is_affected
from auditor.evaluate import evaluate
from auditor.models import Device, Facts, Module, Status
from auditor.versions import parse

AS_OF = date(2026, 6, 1)
DEVICE = Device(name="d1", host="127.0.0.1", platform="cisco_xe")

CATALOGUE = """\
catalogue: {name: rules, version: '1'}
vendors:
  - {id: cisco, name: Cisco}
  - {id: juniper, name: Juniper}
software:
  - {vendor: cisco, os: ios-xe, train: '17.9', end_of_security_support: 2028-01-01,
     source: https://example.invalid/a}
  - {vendor: cisco, os: ios-xe, train: '17.16', end_of_sw_maintenance: true,
     end_of_security_support: true, source: https://example.invalid/b}
hardware:
  - {vendor: cisco, model: CHASSIS-OK, kind: chassis, end_of_sale: 2025-01-01,
     last_date_of_support: 2030-01-01, source: https://example.invalid/c}
  - {vendor: cisco, model: LC-OLD, kind: module, end_of_sale: 2019-01-01,
     last_date_of_support: 2024-01-31, replacement: LC-NEW, source: https://example.invalid/d}
  - {vendor: cisco, model: LC-NEW, kind: module, source: https://example.invalid/d}
"""


@pytest.fixture(scope="module")
def rules(tmp_path_factory: pytest.TempPathFactory) -> Catalogue:
    path = tmp_path_factory.mktemp("cat") / "catalogue.yaml"
    path.write_text(CATALOGUE)
    return load_catalogue(path)


def test_a_module_past_support_strands_the_device_and_is_named_once(rules: Catalogue) -> None:
    facts = Facts(
        vendor="Cisco",
        os="ios-xe",
        version="17.9.5",
        model="CHASSIS-OK",
        modules=(
            Module("Slot 1", model="LC-OLD"),
            Module("Slot 2", model="LC-NEW"),
            Module("Slot 3", model="LC-OLD"),
            Module("Slot 4", model="UNKNOWN-PART"),
        ),
    )
    verdict = evaluate(DEVICE, facts, rules, AS_OF)
    assert verdict.status is Status.UNSUPPORTABLE
    (finding,) = [f for f in verdict.findings if f.kind == "end-of-support"]
    assert finding.title == "module LC-OLD (Slot 1, Slot 3) is past end of support"
    assert finding.detail.endswith("replacement: LC-NEW")
    assert finding.due == date(2024, 1, 31)
    assert finding.citation.catalogue_entry == "hardware LC-OLD"


def test_a_chassis_without_bad_modules_stays_current(rules: Catalogue) -> None:
    facts = Facts(vendor="Cisco", os="ios-xe", version="17.9.5", model="CHASSIS-OK",
                  modules=(Module("Slot 2", model="LC-NEW"),))  # fmt: skip
    assert evaluate(DEVICE, facts, rules, AS_OF).status is Status.CURRENT


def test_support_ended_on_an_unpublished_date_is_still_unsupportable(rules: Catalogue) -> None:
    facts = Facts(vendor="Cisco", os="ios-xe", version="17.16.1a")
    verdict = evaluate(DEVICE, facts, rules, AS_OF)
    assert verdict.status is Status.UNSUPPORTABLE
    (finding,) = verdict.findings
    assert finding.kind == "end-of-support" and finding.due is None
    assert "publishes no date" in finding.detail


RANGES = [
    "vers:junos/>=19.3R1|<19.3R2-S2|>=20.4R1|<20.4R3",
    "vers:junos/<21.2R3-S1",
    "vers:junos/*",
    "vers:junos/=22.1R1|=22.1R2",
    "vers:junos/>=15.1X49-D100|<15.1X49-D230",
    "vers:junos/!=20.4R3",
    "vers:junos/<=19.3R2|>21.1R1",
    "vers:junos/>=22.2R1",
]
EVENTS = [
    [{"introduced": "0"}],
    [{"introduced": "0"}, {"fixed": "21.4R3-S5"}],
    [{"introduced": "20.2R1"}, {"last_affected": "20.2R3-S2"}],
    [{"introduced": "19.1R1"}, {"limit": "20.1R1"}],
    [{"introduced": "0"}, {"fixed": "20.4R3-S9"}, {"introduced": "21.4R1"}],
    [{"introduced": "15.1X49-D100"}, {"fixed": "15.1X49-D200"}],
]
FIXES = [["23.4R2-S3", "23.4R3"], ["20.4R3-S9"], ["15.1X49-D240"], ["19.3R2-S2", "21.1R3"]]


def test_the_advisory_index_answers_exactly_what_a_full_scan_does(tmp_path: Path) -> None:
    rng = random.Random(7)
    lines = ["vendors: [{id: juniper, name: Juniper}]", "advisories:"]
    for i in range(120):
        item = []
        if rng.random() < 0.6:
            item.append(f"ranges: ['{rng.choice(RANGES)}']")
        if rng.random() < 0.4:
            item.append(f"events: {rng.choice(EVENTS)}")
        if rng.random() < 0.5 or not item:
            item.append(f"fixed: {rng.choice(FIXES)}")
        lines.append(
            f"  - {{id: T-{i}, source: https://example.invalid/{i}, "
            f"affected: [{{os: junos, {', '.join(item)}}}]}}"
        )
    path = tmp_path / "catalogue.yaml"
    path.write_text("\n".join(lines) + "\n")
    cat = load_catalogue(path)
    versions = [f"{m}.{n}R{r}-S{s}" for m in (19, 20, 21, 22, 23) for n in (1, 2, 3, 4)
                for r in (1, 2, 3) for s in (0, 2, 5, 9)]  # fmt: skip
    versions += [f"15.1X49-D{d}" for d in (90, 100, 200, 230, 240)]
    for text in versions:
        v = parse("junos", text)
        scanned = [a.id for a, aff in cat.advisories_for("junos") if is_affected(v, aff)]
        assert [a.id for a, _ in cat.affecting("junos", v)] == scanned, text
