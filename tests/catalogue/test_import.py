"""`auditor catalogue import`: real-format inputs (tests/catalogue/import_inputs) become entries,
field by field; re-importing changes no byte; sources that disagree are reported, not merged."""

from __future__ import annotations

import hashlib
import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from auditor.catalogue import Catalogue, load_catalogue
from auditor.catalogue.model import is_affected
from auditor.cli import main
from auditor.versions import parse

INPUTS = Path(__file__).parent / "import_inputs"
DATA = Path(__file__).parents[1] / "data" / "catalogue"
RETRIEVED = "2026-11-28"


@pytest.fixture
def into(tmp_path: Path) -> Path:
    """An empty catalogue: the test catalogue's vendors and a version, nothing else."""
    root = tmp_path / "cat"
    root.mkdir()
    shutil.copy(DATA / "vendors.yaml", root)
    (root / "catalogue.yaml").write_text("catalogue: {name: import test, version: '1'}\n")
    return root


def run(kind: str, into: Path, *files: str | Path, flags: tuple[str, ...] = ()) -> int:
    paths = [str(f if isinstance(f, Path) else INPUTS / f) for f in files]
    return main(
        ["catalogue", "import", kind, *paths, "--into", str(into), "--retrieved", RETRIEVED, *flags]
    )


def snapshot(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*.yaml"))
    }


def software(cat: Catalogue, os: str, train: str):  # type: ignore[no-untyped-def]
    (found,) = [t for t in cat.software if t.os == os and t.train == train]
    return found


def test_endoflife_front_matter(into: Path) -> None:
    assert run("endoflife", into, "cisco-ios-xe.md") == 0
    cat = load_catalogue(into)
    t = software(cat, "ios-xe", "17.18")
    assert (t.vendor, t.release_date, t.lts) == ("cisco", date(2025, 8, 8), True)
    assert t.milestones.end_of_sw_maintenance == date(2028, 2, 8)  # eoas
    assert t.milestones.end_of_security_support == date(2029, 8, 8)  # eol
    assert t.milestones.last_date_of_support is None and t.milestones.end_of_sale is None
    assert t.source.url == "https://endoflife.date/cisco-ios-xe"
    assert t.source.retrieved == date(2026, 11, 28)
    assert t.source.imported_from == "endoflife:cisco-ios-xe.md"
    assert software(cat, "ios-xe", "17.17").lts is None
    assert (into / "software" / "endoflife-ios-xe.yaml").exists()


def test_endoflife_api_v1_with_custom_field_and_cycle_suffix(into: Path) -> None:
    assert run("endoflife", into, "cisco-nx-os.json") == 0
    t = software(load_catalogue(into), "nx-os", "10.5")  # "10.5-nxos" in the API
    assert t.label == "10.5 (NX-OS mode)"
    assert t.release_date == date(2024, 8, 30)
    assert t.milestones.end_of_sw_maintenance == date(2027, 2, 28)
    assert t.milestones.end_of_security_support == date(2029, 2, 28)
    assert t.milestones.last_date_of_support == date(2029, 8, 31)  # custom `eos`
    assert str(t.latest) == "10.5(5)M" and t.latest_release_date == date(2026, 3, 13)
    assert t.source.url == "https://endoflife.date/cisco-nx-os"


def test_endoflife_api_v0_booleans_need_an_explicit_mapping(
    into: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run("endoflife", into, "acme-os.json") == 2
    assert "product 'acme-os' is not in the mapping table" in capsys.readouterr().err
    assert (
        run("endoflife", into, "acme-os.json", flags=("--vendor", "cisco", "--os", "ios-xe")) == 0
    )
    cat = load_catalogue(into)
    ended = software(cat, "ios-xe", "17.16")  # "support": true, "eol": true
    assert ended.milestones.passed == {"end_of_sw_maintenance", "end_of_security_support"}
    assert ended.milestones.end_of_security_support is None
    assert ended.source.url == "acme-os.json"  # no page we could vouch for: the file itself
    lts = software(cat, "ios-xe", "17.15")  # "lts": a date = LTS; "eol": false = not yet
    assert lts.lts is True and lts.milestones.passed == frozenset()
    assert lts.milestones.end_of_sw_maintenance == date(2027, 2, 9)
    assert lts.milestones.end_of_security_support is None


def test_endoflife_device_product_becomes_hardware(into: Path) -> None:
    assert run("endoflife", into, "cisco-hardware.md") == 0
    hw = load_catalogue(into).hardware_for("APIC-M3")
    assert hw is not None and hw.vendor == "cisco"
    assert hw.milestones.end_of_sale == date(2023, 10, 30)  # discontinued
    assert hw.milestones.last_date_of_support == date(2028, 10, 31)  # eol = "End of Support"
    assert hw.milestones.end_of_security_support is None
    assert hw.source.url == "https://endoflife.date/cisco-hardware"
    assert (into / "hardware" / "endoflife-cisco.yaml").exists()


def test_eox_records_become_hardware_with_their_migration_product(
    into: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run("eox", into, "eox-example.json") == 0
    assert "EXAMPLE-UNKNOWN" in capsys.readouterr().err  # the EOXError record, as a note
    cat = load_catalogue(into)
    hw = cat.hardware_for("example-sw-48p")
    assert hw is not None
    assert (hw.vendor, hw.description) == ("cisco", "Example 48-port PoE switch (test record)")
    assert hw.announced == date(2019, 10, 31)
    m = hw.milestones
    assert (m.end_of_sale, m.end_of_sw_maintenance) == (date(2020, 10, 30), date(2021, 10, 30))
    assert (m.end_of_security_support, m.last_date_of_support) == (
        date(2023, 10, 30),
        date(2025, 10, 31),
    )
    assert (hw.replacement, hw.bulletin) == ("EXAMPLE-SW2-48P", "EOL99999")
    assert hw.source.url == "https://example.invalid/eol99999.html"
    successor = cat.hardware_for("EXAMPLE-SW2-48P")
    assert successor is not None and successor.milestones.end_of_support is None
    module = cat.hardware_for("EXAMPLE-NM-8X")
    assert module is not None and module.milestones.end_of_security_support is None  # "" in EoX
    assert module.replacement is None  # "No Replacement Available"
    assert not cat.warnings or all("replacement" not in w.message for w in cat.warnings)


def test_csaf_product_tree_and_status(into: Path) -> None:
    assert run("csaf", into, "example-sa-2099-0001.json") == 0
    (adv,) = load_catalogue(into).advisories
    assert adv.id == "EXAMPLE-SA-2099-0001" and adv.vendor == "cisco"
    assert adv.title == "Example IOS XE Web UI Flaw (test advisory)"
    assert (adv.published, adv.updated) == (date(2099, 1, 10), date(2099, 1, 24))
    assert adv.cves == ("CVE-2099-0001", "CVE-2099-0002")
    assert adv.cwes == ("CWE-269", "CWE-78")
    assert adv.cvss_vector == "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H"
    assert adv.cvss_score == 10.0 and adv.severity == "critical"
    assert adv.workarounds == "Workaround: Disable the HTTP server (no ip http server)."
    assert adv.source.url == "https://example.invalid/csaf/example-sa-2099-0001"
    (affected,) = adv.affected
    assert [str(r) for r in affected.ranges] == [
        "vers:cisco-ios-xe/>=17.6.1|<17.6.6a",
        "vers:cisco-ios-xe/17.9.2|17.9.3",
    ]
    assert [str(v) for v in affected.fixed] == ["17.9.4a", "17.6.6a"]
    verdicts = {v: is_affected(parse("cisco-ios-xe", v), affected) for v in
                ("17.9.3", "17.9.4a", "17.6.5", "17.6.6a", "17.12.1")}  # fmt: skip
    assert verdicts == {"17.9.3": True, "17.9.4a": False, "17.6.5": True, "17.6.6a": False,
                        "17.12.1": False}  # fmt: skip


def test_osv_events_versions_and_notes(into: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("osv", into, "EXAMPLE-OSV-2099-1.json") == 0
    notes = capsys.readouterr().err
    assert "GIT range skipped" in notes and "'example-not-a-network-os'" in notes
    (adv,) = load_catalogue(into).advisories
    assert (adv.id, adv.vendor, adv.title) == (
        "EXAMPLE-OSV-2099-1",
        "juniper",
        "Example Junos J-Web flaw (test record)",
    )
    assert (adv.published, adv.updated) == (date(2099, 2, 1), date(2099, 2, 3))
    assert adv.cves == ("CVE-2099-0101",) and adv.aliases == ("GHSA-xxxx-yyyy-zzzz",)
    assert adv.cwes == ("CWE-473",) and adv.severity == "medium"  # MODERATE
    assert adv.cvss_score == 7.5
    assert adv.source.url == "https://example.invalid/JSA-EXAMPLE-1"
    events, listed = adv.affected
    assert [str(v) for v in events.fixed] == ["20.4R3-S9", "21.4R3-S5"]
    hold = {v: is_affected(parse("junos", v), events) for v in
            ("20.4R3-S8", "20.4R3-S9", "21.4R3-S4", "21.4R3-S5")}  # fmt: skip
    assert hold == {"20.4R3-S8": True, "20.4R3-S9": False, "21.4R3-S4": True, "21.4R3-S5": False}
    assert [str(r) for r in listed.ranges] == ["vers:junos/22.1R1|22.1R2"]


ALL = [
    ("endoflife", ("cisco-ios-xe.md", "cisco-nx-os.json"), ()),
    ("endoflife", ("acme-os.json",), ("--vendor", "cisco", "--os", "ios-xe")),
    ("eox", ("eox-example.json",), ()),
    ("csaf", ("example-sa-2099-0001.json",), ()),
    ("osv", ("EXAMPLE-OSV-2099-1.json",), ()),
]


def test_reimporting_changes_no_byte_even_on_another_day(
    into: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for kind, files, flags in ALL:
        assert run(kind, into, *files, flags=flags) == 0
    first = snapshot(into)
    capsys.readouterr()
    for kind, files, flags in ALL:
        assert run(kind, into, *files, flags=(*flags, "--retrieved", "2027-01-01")) == 0
    assert snapshot(into) == first
    out = capsys.readouterr().out
    assert "added" not in out.replace("0 added", "") and "wrote 0 file(s)" in out


def test_a_date_conflicting_with_another_source_is_reported_and_nothing_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "cat"
    shutil.copytree(DATA, root)  # its ios-xe 17.9 says other dates, from another source
    before = snapshot(root)
    assert run("endoflife", root, "cisco-ios-xe.md") == 2
    err = capsys.readouterr().err
    assert (
        f"conflict: software ios-xe 17.9: end_of_sw_maintenance is 2027-01-01 in "
        f"{root / 'software.yaml'}:2 (source https://example.invalid/xe179) but 2025-01-29 in "
        f"{INPUTS / 'cisco-ios-xe.md'} (source https://endoflife.date/cisco-ios-xe)"
    ) in err
    assert "end_of_security_support is 2028-01-01" in err
    assert "2 conflict(s); nothing was written" in err
    assert snapshot(root) == before


def test_two_input_files_that_disagree_are_a_conflict(
    into: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    record = json.loads((INPUTS / "EXAMPLE-OSV-2099-1.json").read_text())
    record["published"] = "2099-01-15T00:00:00Z"
    record["references"] = [{"type": "ADVISORY", "url": "https://example.invalid/mirror"}]
    mirror = tmp_path / "mirror.json"
    mirror.write_text(json.dumps(record))
    assert run("osv", into, "EXAMPLE-OSV-2099-1.json", mirror) == 2
    err = capsys.readouterr().err
    assert "published is 2099-02-01" in err and "but 2099-01-15 in" in err
    assert (
        "https://example.invalid/JSA-EXAMPLE-1" in err and "https://example.invalid/mirror" in err
    )
    assert not (into / "advisories").exists()


def test_the_same_source_publishing_new_dates_updates_its_entry(
    into: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run("endoflife", into, "cisco-nx-os.json") == 0
    data = json.loads((INPUTS / "cisco-nx-os.json").read_text())
    data["result"]["releases"][0]["eolFrom"] = "2029-03-31"
    newer = tmp_path / "cisco-nx-os.json"
    newer.write_text(json.dumps(data))
    capsys.readouterr()
    assert run("endoflife", into, newer) == 0
    assert "updated software nx-os 10.5: end_of_security_support" in capsys.readouterr().out
    t = software(load_catalogue(into), "nx-os", "10.5")
    assert t.milestones.end_of_security_support == date(2029, 3, 31)


def test_dry_run_writes_nothing(into: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = snapshot(into)
    assert run("eox", into, "eox-example.json", flags=("--dry-run",)) == 0
    assert "would write 1 file(s)" in capsys.readouterr().out
    assert snapshot(into) == before


def test_unreadable_version_in_an_input_is_located(
    into: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (INPUTS / "example-sa-2099-0001.json").read_text().replace('"17.9.2"', '"seventeen"', 1)
    bad = tmp_path / "bad-csaf.json"
    bad.write_text(text)
    assert run("csaf", into, bad) == 2
    err = capsys.readouterr().err
    line = next(i for i, t in enumerate(text.splitlines(), 1) if '"seventeen"' in t)
    assert f"{bad}:{line}: product_tree.branches[0].branches[0].branches[1]: cisco-ios-xe" in err


def test_wrong_format_and_unknown_vendor_exit_2(
    into: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run("eox", into, "cisco-nx-os.json") == 2
    assert "not a Cisco EoX API response" in capsys.readouterr().err
    assert run("eox", into, "eox-example.json", flags=("--vendor", "acme")) == 2
    err = capsys.readouterr().err
    assert "vendor 'acme' is not in the catalogue's vendors" in err and "tip:" in err
