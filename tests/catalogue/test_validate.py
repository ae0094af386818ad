"""Catalogue validation: one broken file per kind of mistake, each with its located message."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from auditor.catalogue import CatalogueProblems, load_catalogue
from auditor.cli import main

DATA = Path(__file__).parents[1] / "data" / "catalogue"
SHIPPED = Path(__file__).parents[2] / "catalogue"

MISTAKES = {
    "unknown scheme": (
        "advisories:\n  - id: X-1\n    affected:\n      - os: ios-xe\n        ranges: ['vers:nope/<1.0']\n",
        5,
        "advisories[0].affected[0].ranges[0]",
    ),
    "unparseable version": (
        "software:\n  - vendor: cisco\n    os: ios-xe\n    train: '17.9'\n    latest: 'seventeen'\n",
        5,
        "software[0].latest",
    ),
    "unknown os": (
        "software:\n  - vendor: cisco\n    os: windows\n    train: '11'\n",
        3,
        "unknown os 'windows'",
    ),
    "end of support before end of sale": (
        "hardware:\n  - vendor: cisco\n    model: WS-X\n    end_of_sale: 2020-01-01\n    last_date_of_support: 2019-01-01\n",
        5,
        "last_date_of_support is before end_of_sale",
    ),
    "duplicate id": (
        "advisories:\n  - {id: TEST-SA-XE-1, affected: [{os: ios-xe, fixed: ['17.9.4a']}]}\n",
        2,
        "duplicate advisory id 'TEST-SA-XE-1'",
    ),
    "dangling vendor": (
        "software:\n  - {vendor: acme, os: eos, train: '4.30'}\n",
        2,
        "vendor 'acme' is not defined",
    ),
    "bad date": (
        "software:\n  - vendor: cisco\n    os: ios-xe\n    train: '17.6'\n    end_of_sale: soon\n",
        5,
        "expected a date YYYY-MM-DD",
    ),
    "bad yaml": ("advisories:\n  - id: [unclosed\n", 3, "invalid YAML"),
}


@pytest.mark.parametrize("mistake", sorted(MISTAKES))
def test_each_mistake_is_located(tmp_path: Path, mistake: str) -> None:
    text, line, expected = MISTAKES[mistake]
    root = tmp_path / "cat"
    shutil.copytree(DATA, root)
    bad = root / "zz-bad.yaml"
    bad.write_text(text)
    with pytest.raises(CatalogueProblems) as info:
        load_catalogue(root)
    located = [p for p in info.value.problems if p.file == str(bad)]
    assert located, info.value.message
    assert any(p.line == line and expected in p.message for p in located), [
        p.message for p in located
    ]


def test_every_problem_is_reported_not_just_the_first(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "cat"
    shutil.copytree(DATA, root)
    (root / "a.yaml").write_text(MISTAKES["unknown os"][0])
    (root / "b.yaml").write_text(MISTAKES["bad date"][0])
    assert main(["catalogue", "validate", str(root)]) == 2
    err = capsys.readouterr().err
    assert f"{root / 'a.yaml'}:3" in err and f"{root / 'b.yaml'}:5" in err
    assert "2 problem(s) found" in err


def test_audit_with_bad_catalogue_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "cat"
    shutil.copytree(DATA, root)
    (root / "bad.yaml").write_text(MISTAKES["unparseable version"][0])
    inv = tmp_path / "inv.yaml"
    inv.write_text(
        "defaults: {username: u}\nhosts:\n  a: {host: 127.0.0.1, port: 9, platform: cisco_ios}\n"
    )
    code = main(
        ["audit", "--inventory", str(inv), "--catalogue", str(root), "--out", str(tmp_path / "o")]
    )
    assert code == 2
    assert f"{root / 'bad.yaml'}:5" in capsys.readouterr().err


def test_shipped_catalogue_is_valid_and_hashed() -> None:
    cat = load_catalogue(SHIPPED)
    assert len(cat.sha256) == 64
    assert cat.software and cat.advisories and cat.vendors
    for entry in [*cat.software, *cat.advisories]:
        assert entry.source.url and entry.source.url.startswith("https://"), entry
