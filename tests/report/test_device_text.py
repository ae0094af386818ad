"""`auditor check` output: one device as plain terminal text, never terminal control codes."""

from __future__ import annotations

from dataclasses import replace

from report_fixtures import catalogue, demo_run

from auditor.models import DeviceResult, Facts
from auditor.report.render import render_device, terminal_text


def _result(name: str) -> DeviceResult:
    return next(r for r in demo_run().results if r.device.name == name)


def test_vulnerable_device_says_what_why_where_from_and_what_to_move_to() -> None:
    text = render_device(_result("lon-core-02"), catalogue())
    assert text.splitlines()[0] == "lon-core-02 (127.0.0.1:10002, cisco_xe): VULNERABLE"
    assert "runs Cisco ios-xe 17.9.3 on C9500-40X" in text
    assert "[vulnerable] TEST-SA-XE-1: Test web UI privilege escalation (CVE-2023-20198)" in text
    assert "source: https://example.invalid/sa-xe-1" in text
    assert "end of support: 2027-03-31 (software ios-xe 17.9)" in text
    assert text.rstrip().endswith("move to: 17.9.6a")


def test_failed_device_says_why() -> None:
    text = render_device(_result("edi-pe-01"))
    assert "FAILED" in text and "could not audit: auth: authentication failed" in text


def test_escape_sequences_from_a_device_never_reach_the_terminal() -> None:
    hostile = "\x1b]0;owned\x07r1\x1b[2J"
    result = _result("lon-core-01")
    assert result.facts is not None
    facts: Facts = replace(result.facts, version="17.12.4\x1b[31m", model=hostile)
    text = render_device(replace(result, facts=facts))
    assert "\x1b" not in text and "\x07" not in text
    assert "on ]0;ownedr1[2J" in text
    assert terminal_text("a\tb\nc") == "a\tb\nc"  # tabs and newlines are not control codes here
