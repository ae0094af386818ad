"""MikroTik RouterOS (`mikrotik_routeros`): `/system resource print` (+ routerboard, identity).

Own parser: ntc-templates' `mikrotik_routeros_system_resource_print` raises on the ISO
`build-time` of RouterOS 7.15+ and on an echoed command. Convention: `version:` without the
release channel (`7.12.2 (stable)` -> `7.12.2`); `board-name:` is the model; the serial is only
in `/system routerboard print` (absent on CHR/x86). Very old RouterOS (3.x) captures of
`system package print` give the version as `name="system" version="3.6"`. The host name is
the `name:` of `/system identity print` (netmiko strips the `[user@identity] >` prompt that
would otherwise carry it).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from auditor.models import Facts
from auditor.parse.common import Draft, guarded, read_inputs
from auditor.parse.text import first_match, key_values, pick, prompt_hostname
from auditor.platforms.base import Platform

COMMANDS = ("/system resource print", "/system routerboard print", "/system identity print")

_PACKAGE = re.compile(r'name="?(?:system|routeros)"?\s+version="?([\w.]+)', re.MULTILINE)


@guarded("routeros")
def parse(outputs: Mapping[str, str]) -> Facts:
    inputs = read_inputs(outputs, COMMANDS)
    text = inputs.main
    draft = Draft(vendor="MikroTik", os="routeros", warnings=inputs.warnings)
    resource = key_values(text, ":")
    board = key_values(inputs.get(COMMANDS[1]), ":")
    identity = key_values(inputs.get(COMMANDS[2]), ":")
    version = pick(resource, "version")
    draft.fill(
        version=version.split()[0] if version else first_match(_PACKAGE, text),
        model=pick(resource, "board-name") or pick(board, "model"),
        serial=pick(board, "serial-number"),
        hostname=pick(identity, "name")
        or prompt_hostname(text)
        or prompt_hostname(inputs.get(COMMANDS[1])),
    )
    return draft.finish("'version: X' (or a system package version)")


PLATFORM = Platform(
    device_type="mikrotik_routeros",
    vendor="MikroTik",
    os="routeros",
    scheme="routeros",
    commands=COMMANDS,
    parse=parse,
    napalm_driver=None,
    # netmiko sends no setup (terminal options ride on the login name, `user+ct511w4098h`)
    # and `quit` at logout.
    session_commands=("quit",),
    description="MikroTik RouterBOARD / CCR / CHR (RouterOS v6 and v7)",
)
