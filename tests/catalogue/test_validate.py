"""Catalogue validation through the CLI: one broken file per kind of mistake, each located.

Each folder under `bad/` holds a one-file catalogue with one mistake (`catalogue.yaml`) and
`expected.txt`: the problems `auditor catalogue validate` must print, one per line, as
`LINE: message fragment` (`{file}` stands for the file's path), and optionally CLI flags
(`--strict`). Exactly those problems, no others, and exit code 2.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from auditor.catalogue import CatalogueProblems, load_catalogue
from auditor.cli import main

HERE = Path(__file__).parent
BAD = sorted(p.name for p in (HERE / "bad").iterdir() if p.is_dir())
DATA = HERE.parent / "data" / "catalogue"
SHIPPED = HERE.parents[1] / "catalogue"


@pytest.mark.parametrize("kind", BAD)
def test_each_mistake_is_located_and_exits_2(kind: str, capsys: pytest.CaptureFixture[str]) -> None:
    folder = HERE / "bad" / kind
    path = folder / "catalogue.yaml"
    lines = (folder / "expected.txt").read_text().splitlines()
    flags = [line for line in lines if line.startswith("--")]
    expected = [line for line in lines if line and not line.startswith("--")]
    assert main(["catalogue", "validate", str(path), *flags]) == 2
    err = capsys.readouterr().err
    printed = [line for line in err.splitlines() if line.startswith("error: ")]
    for want in expected:
        number, _, fragment = want.partition(": ")
        located = f"{path}:{number}: {fragment.replace('{file}', str(path))}"
        assert any(located in line for line in printed), (located, err)
    assert len(printed) == len(expected), err


def test_every_problem_of_every_file_is_reported_in_one_pass(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "cat"
    shutil.copytree(DATA, root)
    shutil.copy(HERE / "bad" / "unknown-os" / "catalogue.yaml", root / "a.yaml")
    (root / "b.yaml").write_text(
        "software:\n  - {vendor: cisco, os: ios-xe, train: '17.6', end_of_sale: soon, "
        "source: https://example.invalid/x}\n"
    )
    assert main(["catalogue", "validate", str(root)]) == 2
    err = capsys.readouterr().err
    assert f"{root / 'a.yaml'}:6: software[0].os: unknown os 'windows'" in err
    assert f"{root / 'b.yaml'}:2: software[0].end_of_sale: expected a date" in err
    # a.yaml repeats the test catalogue's vendors: each duplicate is a problem of its own
    assert f"duplicate vendor id 'cisco' (first at {root / 'a.yaml'}:2)" in err
    assert "4 problem(s) found" in err


def test_warnings_are_shown_but_only_strict_refuses_them(
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = HERE / "bad" / "dangling-replacement" / "catalogue.yaml"
    assert main(["catalogue", "validate", str(path)]) == 0
    out = capsys.readouterr()
    assert f"warning: {path}:6: replacement: replacement 'WS-Z'" in out.err
    assert "1 warning(s)" in out.out


def test_audit_with_bad_catalogue_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "cat"
    shutil.copytree(DATA, root)
    (root / "bad.yaml").write_text(
        "software:\n  - vendor: cisco\n    os: ios-xe\n    train: '17.9'\n    latest: 'seventeen'\n"
    )
    inv = tmp_path / "inv.yaml"
    inv.write_text(
        "defaults: {username: u}\nhosts:\n  a: {host: 127.0.0.1, port: 9, platform: cisco_ios}\n"
    )
    code = main(
        ["audit", "--inventory", str(inv), "--catalogue", str(root), "--out", str(tmp_path / "o")]
    )
    assert code == 2
    assert f"{root / 'bad.yaml'}:5" in capsys.readouterr().err


def test_cvss_score_is_computed_from_the_vector(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text(
        "vendors: [{id: cisco, name: Cisco}]\n"
        "advisories:\n"
        "  - id: X-1\n"
        "    cvss: {vector: 'CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H'}\n"
        "    affected: [{os: ios-xe, fixed: ['17.9.4a']}]\n"
        "    source: https://example.invalid/x\n"
    )
    (advisory,) = load_catalogue(path).advisories
    assert advisory.cvss_score == 7.2
    assert advisory.severity == "high"  # no severity given: the vector's rating


def test_milestone_true_means_passed_without_a_date(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text(
        "vendors: [{id: cisco, name: Cisco}]\n"
        "software:\n"
        "  - {vendor: cisco, os: ios-xe, train: '17.16', end_of_security_support: true,"
        " end_of_sw_maintenance: false, source: https://example.invalid/x}\n"
    )
    (train,) = load_catalogue(path).software
    assert train.milestones.end_of_security_support is None
    assert train.milestones.passed == {"end_of_security_support"}
    assert train.milestones.support_ended_undated


def test_shipped_catalogue_is_valid_and_hashed() -> None:
    cat = load_catalogue(SHIPPED)
    assert len(cat.sha256) == 64
    assert cat.version != "unversioned"
    assert cat.software and cat.advisories and cat.vendors
    for entry in [*cat.software, *cat.hardware, *cat.advisories]:
        assert entry.source.url and entry.source.url.startswith("https://"), entry
        assert entry.source.retrieved is not None, entry


def test_content_hash_changes_with_any_byte(tmp_path: Path) -> None:
    root = tmp_path / "cat"
    shutil.copytree(DATA, root)
    before = load_catalogue(root).sha256
    with (root / "catalogue.yaml").open("a") as handle:
        handle.write("# a comment is content too\n")
    assert load_catalogue(root).sha256 != before


def test_problems_are_collected_not_raised_one_by_one(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text(
        "software:\n  - {vendor: nobody, os: nope, train: '1'}\n  - {vendor: x, train: '2'}\n"
    )
    with pytest.raises(CatalogueProblems) as info:
        load_catalogue(path)
    messages = [p.message for p in info.value.problems]
    assert any("unknown os 'nope'" in m for m in messages)
    assert any("software[1].os: missing `os`" in m for m in messages)
