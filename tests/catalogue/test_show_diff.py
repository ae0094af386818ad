"""`auditor catalogue show` (trains, milestones, status on a day) and `catalogue diff`."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from auditor.cli import main

DATA = Path(__file__).parents[1] / "data" / "catalogue"


def show(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert (
        main(["catalogue", "show", "--catalogue", str(DATA), "--as-of", "2026-06-01", *args]) == 0
    )
    return capsys.readouterr().out


def row(out: str, first: str) -> list[str]:
    (line,) = [line for line in out.splitlines() if line.split()[:1] == [first]]
    return line.split()


def test_show_one_os_lists_trains_with_milestones_and_status(
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = show(capsys, "--os", "ios-xe")
    assert "Cisco (cisco): supply normal" in out
    assert "  ios-xe: 3 train(s), 1 advisory(ies)" in out
    assert "Juniper" not in out and "15.2(7)E" not in out  # other OSes are filtered out
    # TRAIN RELEASED EoS EoM EoSec LDoS LTS LATEST STATUS
    assert row(out, "17.9") == ["17.9", "-", "-", "2027-01-01", "2028-01-01", "-", "-", "17.9.6a",
                                "supported"]  # fmt: skip
    assert row(out, "16.9")[-1] == "unsupported"


def test_show_as_of_moves_the_status(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["catalogue", "show", "--catalogue", str(DATA), "--as-of", "2027-06-01",
                 "--os", "ios-xe"]) == 0  # fmt: skip
    assert row(capsys.readouterr().out, "17.9")[-1] == "security-only"


def test_show_vendor_includes_supply_status_and_hardware(
    capsys: pytest.CaptureFixture[str],
) -> None:
    huawei = show(capsys, "--vendor", "HUAWEI")
    assert "Huawei (huawei): supply designated-high-risk since 2022-10-13" in huawei
    cisco = show(capsys, "--vendor", "Cisco Systems")  # an alias
    assert row(cisco, "WS-C3750X-48P")[-2:] == ["C9300-48P", "unsupported"]


def test_show_unknown_vendor_is_an_input_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["catalogue", "show", "--catalogue", str(DATA), "--vendor", "acme"]) == 2
    assert "unknown vendor 'acme'; the catalogue has: arista, cisco, huawei, juniper" in (
        capsys.readouterr().err
    )


def test_diff_lists_added_removed_and_changed_fields(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    new = tmp_path / "new"
    shutil.copytree(DATA, new)
    software = new / "software.yaml"
    text = software.read_text().replace(
        "end_of_security_support: 2028-01-01", "end_of_security_support: 2028-02-01"
    )
    text = "\n".join(line for line in text.splitlines() if 'train: "16.9"' not in line) + "\n"
    software.write_text(text)
    (new / "more.yaml").write_text(
        "software:\n  - {vendor: arista, os: eos, train: '4.32', end_of_security_support: 2027-04-09,"
        " source: https://example.invalid/eos432}\n"
    )
    assert main(["catalogue", "diff", str(DATA), str(new)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert "+ software eos 4.32" in out
    assert "- software ios-xe 16.9" in out
    i = out.index("~ software ios-xe 17.9")
    assert out[i + 1] == "    end_of_security_support: 2028-01-01 -> 2028-02-01"
    assert out[-1] == "1 added, 1 removed, 1 changed"


def test_diff_of_a_catalogue_with_itself_is_empty(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["catalogue", "diff", str(DATA), str(DATA)]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "0 added, 0 removed, 0 changed"


def test_diff_shows_an_advisory_narrowed_to_models(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    new = tmp_path / "new"
    shutil.copytree(DATA, new)
    advisories = new / "advisories.yaml"
    text = advisories.read_text()
    assert '      - os: junos\n        fixed: ["23.4R2-S3", "23.4R3"]' in text
    advisories.write_text(text.replace(
        '      - os: junos\n', '      - os: junos\n        models: ["EX*", "SRX*"]\n'))  # fmt: skip
    assert main(["catalogue", "diff", str(DATA), str(new)]) == 0
    out = capsys.readouterr().out.splitlines()
    i = [n for n, line in enumerate(out) if line.startswith("~ advisory")][0]
    assert out[i + 1] == (
        "    affected: junos: fixed 23.4R2-S3, 23.4R3 -> junos: fixed 23.4R2-S3, 23.4R3 on EX*, SRX*"
    )
