"""Arista EOS (`arista_eos`): `show version` (+ `show hostname`) -> Facts.

Own parser: ntc-templates' `arista_eos_show_version` returns no software version at all for
current EOS. Convention: the release part of `Software image version` before the first `-`
(`4.31.6M-39953990.4316M (engineering build)` -> `4.31.6M`). The eAPI/`| json` rendering
(`{"version": ..., "modelName": ...}`) is read too, since collectors may save it. `show
version` names no host: `show hostname` (`Hostname: leaf-01`, read-only, every release; the
command NAPALM's `get_facts` uses too) does.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from auditor.models import Facts
from auditor.parse.common import Draft, guarded, read_inputs
from auditor.parse.text import first_match, prompt_hostname
from auditor.platforms.base import CISCO_LIKE_SESSION, Platform

COMMANDS = ("show version", "show hostname")

_IMAGE = re.compile(r"^\s*Software image version:\s*(\S+)", re.MULTILINE)
_INTERNAL = re.compile(r"^\s*Internal build version:\s*(\S+)", re.MULTILINE)
_MODEL = re.compile(r"^\s*Arista\s+(\S+)\s*$", re.MULTILINE)
_SERIAL = re.compile(r"^\s*Serial number:[ \t]*(\S+)", re.MULTILINE)
_HOSTNAME = re.compile(r"^\s*Hostname:[ \t]*(\S+)", re.MULTILINE)


def _release(version: str | None) -> str | None:
    return version.split("-", 1)[0] if version else None


def _from_json(text: str, draft: Draft) -> bool:
    """Fill from eAPI JSON; False when the text is not a JSON object."""
    if not text.lstrip().startswith("{"):
        return False
    try:
        data: Any = json.loads(text)
    except ValueError:
        draft.warnings.append("output looks like JSON but does not parse as JSON")
        return False
    if not isinstance(data, dict):
        return False
    fields = {k: v for k, v in data.items() if isinstance(v, str)}
    draft.fill(
        version=_release(fields.get("version") or fields.get("internalVersion")),
        model=fields.get("modelName"),
        serial=fields.get("serialNumber"),
        hostname=fields.get("hostname"),
    )
    return True


@guarded("eos")
def parse(outputs: Mapping[str, str]) -> Facts:
    inputs = read_inputs(outputs, COMMANDS)
    text = inputs.main
    draft = Draft(vendor="Arista", os="eos", warnings=inputs.warnings)
    if not _from_json(text, draft):
        draft.fill(
            version=_release(first_match([_IMAGE, _INTERNAL], text)),
            model=first_match(_MODEL, text),
            serial=first_match(_SERIAL, text),
            hostname=prompt_hostname(text),
        )
    draft.fill(hostname=first_match(_HOSTNAME, inputs.get(COMMANDS[1])))
    return draft.finish("'Software image version: X' (or eAPI JSON 'version')")


PLATFORM = Platform(
    device_type="arista_eos",
    vendor="Arista",
    os="eos",
    scheme="arista-eos",
    commands=COMMANDS,
    parse=parse,
    session_commands=CISCO_LIKE_SESSION,
    napalm_driver="eos",
    # napalm eos get_facts over eAPI (`show version`, `show hostname` are in `commands`).
    napalm_commands=("show interfaces",),
    description="Arista EOS switches (incl. vEOS/cEOS)",
)
