"""Which host name a result shows: the output's, else the prompt's, else NAPALM get_facts'.

Live proof over SSH is in tests/e2e/test_prompt_hostname.py (prompt) and
tests/napalm/test_napalm_audit.py (NAPALM and netmiko name a VRP box alike); here the order of
the sources and what is refused from each, on real fixture outputs.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from auditor.collect.base import make_collection
from auditor.collect.napalm_facts import GET_FACTS
from auditor.hostname import with_hostname
from auditor.models import Collection
from auditor.platforms import get_platform

FIXTURES = Path(__file__).parent / "platforms"
VRP = get_platform("huawei")
NO_NAME = (FIXTURES / "huawei" / "ar6120_esn.txt").read_text("utf-8")  # names no host
NAMED = (FIXTURES / "huawei" / "ne8000_V800R022C00SPC600.txt").read_text("utf-8")  # <PE-NE8000-01>


def _get_facts(hostname: object) -> Collection:
    return make_collection(GET_FACTS, json.dumps({"hostname": hostname, "os_version": "x"}))


def _host(collections: list[Collection]) -> str | None:
    facts = VRP.parse({c.command: c.output for c in collections})
    return with_hostname(facts, VRP, collections).hostname


def test_the_output_wins_over_the_prompt_and_napalm() -> None:
    named = make_collection("display version", NAMED, "<decoy-1>")
    assert _host([named, _get_facts("decoy-2")]) == "PE-NE8000-01"


def test_the_prompt_when_the_output_names_no_host() -> None:
    prompted = make_collection("display version", NO_NAME, "<ar-branch-9>")
    assert _host([prompted]) == "ar-branch-9"
    assert _host([prompted, _get_facts("other")]) == "ar-branch-9"


def test_only_the_version_command_prompt_counts() -> None:
    """The host name is read where the platform's version was: its first command's answer."""
    collections = [
        make_collection("display version", NO_NAME),
        make_collection("display esn", "ESN of master: 2102113947P0LB000123", "<esn-only>"),
    ]
    assert _host(collections) is None


def test_napalm_get_facts_when_there_is_no_prompt() -> None:
    assert _host([make_collection("display version", NO_NAME), _get_facts("lon-agg-01")]) == (
        "lon-agg-01"
    )


@pytest.mark.parametrize(
    "hostname", ["", "<script>", "a b", "x" * 300, None, 42, ["pe-1"], {"n": "pe-1"}]
)
def test_a_napalm_hostname_that_is_no_host_name_is_refused(hostname: object) -> None:
    assert _host([make_collection("display version", NO_NAME), _get_facts(hostname)]) is None


def test_napalm_evidence_that_is_not_json_gives_no_host_name() -> None:
    broken = make_collection(GET_FACTS, "{not json")
    listed = make_collection(GET_FACTS, '["pe-1"]')
    assert _host([make_collection("display version", NO_NAME), broken]) is None
    assert _host([make_collection("display version", NO_NAME), listed]) is None
