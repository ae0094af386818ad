"""The host name in a CLI prompt: every family's prompt read right, anything else read as None.

Three sources of prompts: real-shaped ones per family (IOS XR node prefixes, VRP/Comware
brackets and firewall HA prefixes, IPOS contexts...), the prompts of every mock device profile
(walked, so a new platform is held to it), and the last line of our parser fixtures that end in
a prompt, against the host name each fixture expects. Then hostile and non-host-name prompts.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from auditor.collect.base import make_collection
from auditor.parse.prompt import MAX_PROMPT_CHARS, clean_prompt, hostname_from_prompt
from auditor.parse.text import is_prompt_line
from auditor.platforms import all_platforms, get_platform
from mock_devices.profile import known_platforms, load_profile
from mock_devices.render import render

HERE = Path(__file__).resolve().parent

#: (device_type, prompt, host name it shows)
FAMILY_PROMPTS = [
    ("cisco_xr", "RP/0/RSP0/CPU0:pe1#", "pe1"),
    ("cisco_xr", "RP/0/RP0/CPU0:ncs-540-a(config)#", "ncs-540-a"),
    ("cisco_xr", "RP/0/0/CPU0:xrv9k#", "xrv9k"),  # XRv: no RSP/RP in the node name
    ("cisco_xr", "RP/0/RSP1/CPU0:asr9k.lab.example.net#", "asr9k.lab.example.net"),
    ("huawei", "<ne40-lon>", "ne40-lon"),
    ("huawei", "[~PE_NE8000_01]", "PE_NE8000_01"),  # VRP8 two-stage commit
    ("huawei", "[*PE_NE8000_01]", "PE_NE8000_01"),
    ("huawei", "HRP_M<usg6650-a>", "usg6650-a"),  # USG firewall, HA master
    ("hp_comware", "<h3c-sw1>", "h3c-sw1"),
    ("hp_comware", "[h3c-sw1]", "h3c-sw1"),
    ("hp_comware", "RBM_P<secpath-1>", "secpath-1"),  # H3C firewall, RBM primary
    ("zte_zxros", "zte-c600#", "zte-c600"),
    ("zte_zxros", "ZXR10(config)#", "ZXR10"),
    ("ericsson_ipos", "[local]ipos1#", "ipos1"),
    ("ericsson_ipos", "[isp-ctx]agg-r6k-04(config)#", "agg-r6k-04"),
    ("ericsson_ipos", "[local]Redback>", "Redback"),  # SmartEdge OS
    ("cisco_ios", "acc-ios-01>", "acc-ios-01"),
    ("cisco_nxos", "dc-nxos-01# ", "dc-nxos-01"),
    ("arista_eos", "leaf-eos-01(s1)#", "leaf-eos-01"),
    ("juniper_junos", "netops@pe-mx204-02> ", "pe-mx204-02"),
    ("paloalto_panos", "admin@fw-pan-01(active-primary)> ", "fw-pan-01"),
    ("fortinet", "fw-fgt-01 (root) # ", "fw-fgt-01"),
    ("mikrotik_routeros", "[admin@edge-ros-01] > ", "edge-ros-01"),
    ("nokia_sros", "*A:pe-sros-01# ", "pe-sros-01"),
    ("nokia_sros", "*A:pe-sros-01>config>router# ", "pe-sros-01"),  # classic CLI context
    ("nokia_sros", "A:admin@agg-7450-1#", "agg-7450-1"),  # MD-CLI
]

NOT_HOST_NAMES = [
    ">",  # Ericsson RAN: a bare terminator
    "< ",  # an MML console
    "(config)#",
    "sysadmin-vm:0_RP0#",  # IOS XR's admin plane: a VM name, not the router's
    "[audit@bastion ~]$",  # a Unix shell
    "bash-4.2#",
    "audit@jump:~$",
    "asa-1/admin#",  # an ASA security context: not a host name as such
    "Password:",
    "--More--",
    "host name#",  # host names have no spaces
    "<a b>",
    "<>",
    "#",
    "",
    "rtr;rm -rf /#",
    "<script>#",
    "\x1b[31m>\x1b[0m",
]


def _platform_with_prompt_fixtures() -> list[tuple[Path, str, str]]:
    """(fixture, last line, expected host name) for parser fixtures that end in a prompt."""
    found = []
    for case in sorted(HERE.glob("*/*.yaml")):
        expected = yaml.safe_load(case.read_text("utf-8"))
        text = case.with_suffix(".txt")
        if "error" in expected or not expected.get("hostname") or not text.exists():
            continue
        lines = [line for line in text.read_text("utf-8").splitlines() if line.strip()]
        last = lines[-1].strip() if lines else ""
        if is_prompt_line(last) and not last.startswith("{"):  # not Junos' `{master:0}` line
            found.append((case, lines[-1], expected["hostname"]))
    return found


FIXTURE_PROMPTS = _platform_with_prompt_fixtures()


@pytest.mark.parametrize(("device_type", "prompt", "host"), FAMILY_PROMPTS)
def test_each_family_prompt_gives_its_host_name(device_type: str, prompt: str, host: str) -> None:
    assert get_platform(device_type).hostname_from_prompt(prompt) == host


@pytest.mark.parametrize("device_type", [p.device_type for p in all_platforms()])
def test_every_mock_profile_prompt_gives_the_configured_host_name(device_type: str) -> None:
    """Each mode's prompt of the family's mock device, as a collector would keep it."""
    platform = get_platform(device_type)
    assert device_type in known_platforms()
    profile = load_profile(device_type)
    variables = {**profile.variables, "hostname": "lab-host-01", "username": "audit"}
    prompts = [render(m.prompt, variables) for m in profile.modes.values()]
    kept = [clean_prompt(p) for p in prompts]
    if platform.end_of_answer is not None or all("lab-host-01" not in p for p in prompts):
        # MML consoles and Ericsson RAN's `>`: the prompt does not carry the host name
        assert all(platform.hostname_from_prompt(p or "") is None for p in kept), kept
        return
    for prompt in kept:
        assert prompt is not None
        assert platform.hostname_from_prompt(prompt) == "lab-host-01", prompt


def test_the_families_whose_prompt_is_their_only_host_name_are_covered() -> None:
    only_in_prompt = {"cisco_xr", "huawei", "hp_comware", "zte_zxros", "ericsson_ipos"}
    assert only_in_prompt <= {device_type for device_type, _, _ in FAMILY_PROMPTS}


@pytest.mark.parametrize(
    ("case", "line", "host"),
    FIXTURE_PROMPTS,
    ids=[f"{c.parent.name}/{c.stem}" for c, _, _ in FIXTURE_PROMPTS],
)
def test_fixture_prompts_agree_with_the_host_name_the_fixture_expects(
    case: Path, line: str, host: str
) -> None:
    assert get_platform(case.parent.name).hostname_from_prompt(line) == host


def test_the_fixture_prompts_span_the_families() -> None:
    families = {case.parent.name for case, _, _ in FIXTURE_PROMPTS}
    assert {"cisco_xr", "huawei", "hp_comware", "zte_zxros", "ericsson_ipos"} <= families


@pytest.mark.parametrize("prompt", NOT_HOST_NAMES)
def test_a_prompt_that_shows_no_host_name_gives_none(prompt: str) -> None:
    for platform in all_platforms():
        assert platform.hostname_from_prompt(prompt) is None, (platform.device_type, prompt)


def test_a_hostile_prompt_is_cleaned_and_bounded() -> None:
    hostile = "\x1b]0;title\x07\x1b[1;31mcore\x00-\x7f1\x1b[0m\x07#"
    collection = make_collection("show version", "Cisco IOS XR Software, Version 7.9.2", hostile)
    assert collection.prompt == "core-1#"
    assert hostname_from_prompt(collection.prompt) == "core-1"

    endless = make_collection("show version", "", "\x1b[1m" + "r" * 100_000 + "#")
    assert endless.prompt is not None and len(endless.prompt) == MAX_PROMPT_CHARS
    assert set(endless.prompt) == {"r"}  # the cut took the terminator: no host name from it
    assert hostname_from_prompt(endless.prompt) is None

    several = make_collection("show version", "", "banner line #\r\n\r\n<sw-7>\r\n")
    assert several.prompt == "<sw-7>"  # only the last line is a prompt

    assert make_collection("show version", "", "\x1b[0m\x00\r\n ").prompt is None
    assert make_collection("show version", "").prompt is None


def test_the_longest_host_name_a_prompt_may_carry() -> None:
    name = "a" * 253  # an FQDN's limit
    assert hostname_from_prompt(f"{name}#") == name
    assert hostname_from_prompt(f"<{name}>") == name
    assert hostname_from_prompt(f"{name}a#") is None
