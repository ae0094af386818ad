"""The parse cache of big catalogue files: same catalogue, same located problems, no trust."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from auditor.catalogue import CatalogueProblems, load_catalogue, yamlcache
from auditor.catalogue.diff import diff

DATA = Path(__file__).parents[1] / "data" / "catalogue"


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("AUDITOR_CACHE_DIR", str(folder))
    monkeypatch.setattr(yamlcache, "MIN_BYTES", 0)  # the test files are small
    return folder


def test_a_cached_parse_loads_the_same_catalogue(cache: Path) -> None:
    first = load_catalogue(DATA)
    cached = sorted((cache / "yaml").glob("*.marshal"))
    assert len(cached) == len(list(DATA.glob("*.yaml")))
    second = load_catalogue(DATA)
    assert diff(first, second).lines()[-1] == "0 added, 0 removed, 0 changed"
    assert [t.source.where for t in second.software] == [t.source.where for t in first.software]


def test_problems_are_located_the_same_from_the_cache(cache: Path, tmp_path: Path) -> None:
    root = tmp_path / "cat"
    shutil.copytree(DATA, root)
    (root / "bad.yaml").write_text("software:\n  - {vendor: cisco, os: nope, train: '1'}\n")
    messages = []
    for _ in range(2):
        with pytest.raises(CatalogueProblems) as info:
            load_catalogue(root)
        messages.append([p.message for p in info.value.problems])
    assert messages[0] == messages[1]
    assert any(
        f"{root / 'bad.yaml'}:2: software[0].os: unknown os 'nope'" in m for m in messages[1]
    )


def test_a_damaged_cache_entry_is_parsed_again(cache: Path) -> None:
    load_catalogue(DATA)
    for entry in (cache / "yaml").glob("*.marshal"):
        entry.write_bytes(b"\x00not marshal")
    assert len(load_catalogue(DATA).software) == 7


def test_the_cache_can_be_turned_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AUDITOR_CACHE_DIR", "off")
    monkeypatch.setattr(yamlcache, "MIN_BYTES", 0)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    load_catalogue(DATA)
    assert not list(tmp_path.rglob("*.marshal"))
