"""Juniper Junos (`juniper_junos`): `show version` (+ `show chassis hardware` for the serial).

Own parser: ntc-templates' `juniper_junos_show_version` raises on an echoed command or prompt
(its `Error` state) and on outputs without a `Junos:` line, which is most pre-15 releases.
Convention: the `Junos:` value; without it (Junos <= 14, EX Virtual Chassis, J-series) the
release in `JUNOS Software Release [..]`, `JUNOS Base OS boot [..]` or a `... Software Suite [..]`
line. `JUNOS Host Software [..]` (the host OS on QFX) and `jsd [i386-...]` are package versions
of something else and are never used. Multi-member outputs (`fpc0:`/`node1:`) become modules;
the first member gives the device facts.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from auditor.models import Facts, Module
from auditor.parse.common import Draft, guarded, read_inputs
from auditor.parse.text import first_match, prompt_hostname
from auditor.platforms.base import Platform

COMMANDS = ("show version", "show chassis hardware")

#: NAPALM `junos` speaks NETCONF: get_facts is PyEZ's facts (model, serial, version, hostname,
#: fqdn) plus uptime and the interface table. As the mock devices log them: `rpc:<name>` for
#: an RPC, the command text for a `<command>` RPC. All are reads; the fallbacks PyEZ tries on
#: other hardware (EVO, SRX clusters, Virtual Chassis) are listed too.
NAPALM_JUNOS_FACTS = (
    "show version invoke-on all-routing-engines",
    "show version all-members",
    "rpc:get-software-information",
    "rpc:get-route-engine-information",
    "rpc:get-virtual-chassis-information",
    "rpc:get-chassis-inventory",
    "rpc:get-chassis-cluster-status",
    "rpc:get-system-nodes-information",
    "rpc:get-interface-information",
    "rpc:get-system-uptime-information",
    "rpc:get-configuration",
    "rpc:file-show",
    "rpc:close-session",
)

_RELEASE = r"(\d{1,2}\.\d[\w.\-]*)"
_VERSION = [
    re.compile(r"^\s*Junos:\s+" + _RELEASE, re.MULTILINE),
    re.compile(r"^\s*JUNOS Software Release \[" + _RELEASE + r"\]", re.MULTILINE),
    re.compile(r"^\s*JUNOS Base OS boot \[" + _RELEASE + r"\]", re.MULTILINE),
    re.compile(r"^\s*JUNOS Base OS Software Suite \[" + _RELEASE + r"\]", re.MULTILINE),
    re.compile(r"^\s*JUNOS Kernel Software Suite \[" + _RELEASE + r"\]", re.MULTILINE),
    re.compile(
        r"^\s*JUNOS (?:EX|QFX|SRX|MX|\w+)?\s*Software Suite \[" + _RELEASE + r"\]", re.MULTILINE
    ),
    re.compile(
        r"^\s*JUNOS (?!Host\b|Online Documentation\b)[^\[\n]{1,80}\[" + _RELEASE + r"\]",
        re.MULTILINE,
    ),
]
_MODEL = re.compile(r"^\s*Model:\s*(\S+)", re.MULTILINE)
_HOSTNAME = re.compile(r"^\s*Hostname:\s*(\S+)", re.MULTILINE)
_SERIAL = re.compile(r"^\s*Serial Number:\s*(\S+)", re.MULTILINE)
_CHASSIS = re.compile(r"^\s*Chassis\s+(\S+)\s+\S", re.MULTILINE)
_MEMBER = re.compile(r"^\s*((?:fpc|node|member|re|lcc|sfc)\d+):\s*$", re.MULTILINE)
_JUNOS_RELEASE = re.compile(r"^\d{1,2}\.\d+[RFXBIS]\d*")


def _members(text: str) -> list[tuple[str, str]]:
    """(member name, its block) for Virtual Chassis / cluster outputs; [] for one box."""
    marks = list(_MEMBER.finditer(text))
    return [
        (m.group(1), text[m.end() : marks[i + 1].start() if i + 1 < len(marks) else len(text)])
        for i, m in enumerate(marks[:32])
    ]


@guarded("junos")
def parse(outputs: Mapping[str, str]) -> Facts:
    inputs = read_inputs(outputs, COMMANDS)
    text = inputs.main
    draft = Draft(vendor="Juniper", os="junos", warnings=inputs.warnings)
    members = _members(text)
    first = members[0][1] if members else text
    version = first_match(_VERSION, first) or first_match(_VERSION, text)
    if version and not _JUNOS_RELEASE.match(version):
        draft.warnings.append(f"version {version!r} does not look like a Junos release")
    draft.fill(
        version=version,
        model=first_match(_MODEL, first) or first_match(_MODEL, text),
        hostname=first_match(_HOSTNAME, text) or prompt_hostname(text),
        serial=first_match(_SERIAL, text)
        or first_match(_CHASSIS, inputs.get(COMMANDS[1]))
        or first_match(_CHASSIS, text),  # a backup file (Oxidized) holds both outputs
    )
    if len(members) > 1:
        draft.modules.extend(
            Module(
                name=name, model=first_match(_MODEL, block), version=first_match(_VERSION, block)
            )
            for name, block in members
        )
    return draft.finish("'Junos: X' or 'JUNOS ... [X]' package lines")


PLATFORM = Platform(
    device_type="juniper_junos",
    vendor="Juniper",
    os="junos",
    scheme="junos",
    commands=COMMANDS,
    parse=parse,
    session_commands=(
        "set cli screen-width 511",
        "set cli complete-on-space off",
        "set cli screen-length 0",
        "exit",
    ),
    napalm_driver="junos",
    napalm_commands=NAPALM_JUNOS_FACTS,
    description="Juniper MX/EX/QFX/SRX/J-series (Junos OS; Junos EVO reads the same)",
)
