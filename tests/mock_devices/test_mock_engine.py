"""The CLI engine line by line: matching, errors in each platform's words, pipes, modes."""

from __future__ import annotations

import doctest

import pytest

from mock_devices import DeviceSpec, cmdlog, render
from mock_devices.engine import CliEngine
from mock_devices.profile import known_platforms, load_profile


def engine(
    platform: str, secret: str | None = None, version: str = "17.9.3", model: str = "C9300-48P"
) -> CliEngine:
    spec = DeviceSpec(
        "r1", platform, "r1", version, model, "FOC1X", "audit", "pw", enable_secret=secret
    )
    variables = {"hostname": "r1", "version": version, "model": model, "serial": "FOC1X", "uptime": 90061,
                 "username": "audit", "name": "r1", "platform": platform, **load_profile(platform).variables}  # fmt: skip
    return CliEngine(load_profile(platform), spec, variables)


@pytest.mark.parametrize("platform", known_platforms())
def test_every_profile_loads_and_renders_its_templates(platform: str) -> None:
    profile = load_profile(platform)
    e = engine(platform)
    for cmd in profile.commands:
        if cmd.output.startswith("@") and "<" not in cmd.pattern:
            reply = e.execute(cmd.pattern)
            assert reply.text.strip(), cmd.pattern
        e.mode = profile.start_mode


def test_abbreviation_ambiguity_and_incomplete() -> None:
    e = engine("cisco_xe")
    assert e.execute("sh ver").text == e.execute("show version").text
    assert e.execute("te").text == "% Incomplete command.\n\n"
    assert e.execute("e").text == '% Ambiguous command:  "e"\n'  # enable / exit
    assert "% Invalid input detected at '^' marker." in e.execute("show bogus").text


def test_caret_sits_under_the_bad_token() -> None:
    e = engine("cisco_ios", model="WS-C2960X-48FPD-L", version="15.2(7)E10")
    caret_line = e.execute("show  bogus").text.splitlines()[0]
    assert caret_line.index("^") == len("r1#show  ")


def test_junos_unknown_vs_syntax_error() -> None:
    e = engine("juniper_junos", version="23.4R2-S3", model="mx204")
    assert e.execute("frobnicate").text.endswith("unknown command.\n")
    assert e.execute("show frobnicate").text.endswith("syntax error, expecting <command>.\n")


def test_pipes_filter_output() -> None:
    e = engine("cisco_xe")
    assert (
        e.execute("show version | include uptime").text == "r1 uptime is 1 day, 1 hour, 1 minute\n"
    )
    assert e.execute("show version | count").text.startswith("Count: ")
    assert "% Invalid input" in e.execute("show version | frob").text


def test_enable_flow_and_modes() -> None:
    e = engine("cisco_ios", secret="s", model="WS-C2960X-48FPD-L", version="15.2(7)E10")
    assert e.prompt() == "r1>"
    reply = e.execute("enable")
    assert reply.ask_secret and reply.text == "Password: "
    assert "% Access denied" in e.submit_secret("wrong").text
    assert e.prompt() == "r1>"
    e.execute("enable")
    e.submit_secret("s")
    assert e.prompt() == "r1#"
    e.execute("configure terminal")
    assert e.prompt() == "r1(config)#"
    assert not e.execute("exit").close
    assert e.prompt() == "r1#"
    assert e.execute("exit").close


def test_paging_state_follows_terminal_length() -> None:
    e = engine("huawei", version="V800R021C10SPC600", model="NE40E-X8A")
    assert e.page_length == 24
    e.execute("screen-length 0 temporary")
    assert e.page_length == 0


def test_doctests() -> None:
    for module in (render, cmdlog):
        assert doctest.testmod(module).failed == 0
