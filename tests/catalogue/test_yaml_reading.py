"""The line-tracking YAML reader every catalogue file goes through (auditor.yamlsrc): values as
PyYAML's safe loader gives them, the line of every key and item, duplicates refused."""

from __future__ import annotations

import gc
from datetime import date

import pytest
import yaml

from auditor.errors import CatalogueError
from auditor.yamlsrc import gc_paused, line_of, load_yaml_text

TEXT = """\
defaults: &defaults
  os: junos
  retrieved: 2026-11-28
advisories:
  - id: JSA72300
    <<: *defaults
    published: 2023-08-17
    score: 9.8
    known_exploited: true
    fixed: ["20.4R3-S9", 21.2R3-S7, '23.4']
    title: ~
"""


def test_values_are_what_the_safe_loader_gives() -> None:
    assert load_yaml_text(TEXT, "t.yaml") == yaml.safe_load(TEXT)
    entry = load_yaml_text(TEXT, "t.yaml")["advisories"][0]
    assert entry["retrieved"] == date(2026, 11, 28)  # merged in from the anchor
    assert entry["fixed"] == ["20.4R3-S9", "21.2R3-S7", "23.4"]
    assert (entry["score"], entry["known_exploited"], entry["title"]) == (9.8, True, None)


def test_every_key_and_item_knows_its_line() -> None:
    data = load_yaml_text(TEXT, "t.yaml")
    entry = data["advisories"][0]
    assert line_of(data, "advisories") == 4
    assert line_of(data["advisories"], 0) == 5
    assert (line_of(entry, "id"), line_of(entry, "published"), line_of(entry, "fixed")) == (
        5,
        7,
        10,
    )
    assert line_of(entry) == 5


def test_a_duplicate_key_is_refused_naming_both_lines() -> None:
    with pytest.raises(CatalogueError) as caught:
        load_yaml_text("a: 1\nb: 2\na: 3\n", "dup.yaml", CatalogueError)
    assert caught.value.line == 3
    assert "duplicate key 'a' (first at line 1)" in caught.value.message


def test_the_collector_is_back_on_after_a_load_even_a_failed_one() -> None:
    assert gc.isenabled()
    load_yaml_text(TEXT, "t.yaml")
    assert gc.isenabled()
    with pytest.raises(CatalogueError):
        load_yaml_text("a: [1,\n", "broken.yaml", CatalogueError)
    assert gc.isenabled()


def test_a_paused_block_inside_another_leaves_the_collector_to_the_outer_one() -> None:
    with gc_paused():
        with gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
