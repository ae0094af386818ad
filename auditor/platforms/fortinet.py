"""Fortinet FortiGate (`fortinet`): `get system status` -> Facts.

Own parser: ntc-templates' `fortinet_get_system_status` reads the whole `Version:` field
(`FortiGate-60F v7.4.8,build2795,250523 (GA.M)`), which packs model, version, build and date.
Convention: the version without its `v` and build (`7.4.8`); the model is the first word of
that field. `Serial-Number:` and `Hostname:` are plain key-value lines.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from auditor.models import Facts
from auditor.parse.common import Draft, guarded, read_inputs
from auditor.parse.text import first_match, key_values, pick, prompt_hostname
from auditor.platforms.base import Platform

COMMANDS = ("get system status",)

#: netmiko's FortinetSSH sets `config system console` / `set output standard` when the console
#: pages, which IS a configuration change. So FortiOS is never driven through netmiko
#: (`netmiko_changes_config`): the asyncssh engine sends no setup at all, turns `--More--`
#: pages itself, and says `exit` at the end.
SESSION = ("exit",)

_VERSION = re.compile(r"^\s*Version:\s*(\S+)\s+v(\d+\.\d+(?:\.\d+)?)\b", re.MULTILINE)
_BARE_VERSION = re.compile(r"^\s*Version:\s*v?(\d+\.\d+(?:\.\d+)?)\b", re.MULTILINE)


@guarded("fortios")
def parse(outputs: Mapping[str, str]) -> Facts:
    inputs = read_inputs(outputs, COMMANDS)
    text = inputs.main
    draft = Draft(vendor="Fortinet", os="fortios", warnings=inputs.warnings)
    pairs = key_values(text, ":")
    match = _VERSION.search(text)
    draft.fill(
        version=match.group(2) if match else first_match(_BARE_VERSION, text),
        model=match.group(1) if match else None,
        serial=pick(pairs, "serial-number", "serial number"),
        hostname=pick(pairs, "hostname") or prompt_hostname(text),
    )
    return draft.finish("'Version: <model> vX.Y.Z,buildNNNN,...'")


PLATFORM = Platform(
    device_type="fortinet",
    vendor="Fortinet",
    os="fortios",
    scheme="fortios",
    commands=COMMANDS,
    parse=parse,
    napalm_driver=None,
    session_commands=SESSION,
    netmiko_changes_config=True,
    cli_setup=(),
    description="Fortinet FortiGate firewalls (FortiOS)",
)
