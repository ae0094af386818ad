"""ZTE ZXROS / ZXR10 (`zte_zxros`): `show version` -> Facts.

Own parser: ntc-templates' `zte_zxros_show_version` returns `6120H-S V5.10.00.50` (model and
version in one field) and raises on the older ZXR10 G-series layout. Convention: the
`V...` token on the `<product> Software, Version[:] ...` line (`V5.10.00.50`,
`V2.8.02.C.43.P14`); `ZXR10 ROS Version V4.08.24` is the platform (ROS) version of the same
image and is used only when no product version is printed; `Bootrom Version` is firmware.
Boards print a `[<board>, shelf S, slot N]:` block; those whose `Soft Version` names software
(main and line cards, not fans or power) become modules.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from auditor.models import Facts, Module
from auditor.parse.common import Draft, guarded, read_inputs, value
from auditor.parse.text import first_match, prompt_hostname
from auditor.platforms.base import Platform

COMMANDS = ("show version",)

_PRODUCT_LINE = re.compile(r"^[^\n]*\bSoftware,\s*Version:?\s*([^\n]{0,120})$", re.MULTILINE)
_V_TOKEN = re.compile(r"\b(V\d+(?:\.\w+)+)")
_ROS = re.compile(r"^\s*ZXR10 ROS Version\s+(V[\w.]+)", re.MULTILINE)
_MODEL = [
    re.compile(r"^\s*(ZX[A-Z0-9]+ [\w\-]+) Software, Version", re.MULTILINE),
    re.compile(r"^\s*(ZX[A-Z0-9]+ [\w\-]+)\s*$", re.MULTILINE),
]


_BOARD = re.compile(r"^\[([^,\]\n]{1,40}), shelf (\d+), slot (\d+)\]:\s*$", re.MULTILINE)
_SOFT = re.compile(r"^\s*Soft Version\s*:\s*(\S[^\n]{0,80}?)\s*$", re.MULTILINE)


def _boards(text: str) -> list[Module]:
    """One module per board block that runs software of its own."""
    heads = list(_BOARD.finditer(text))[:256]
    boards = []
    for i, head in enumerate(heads):
        end = heads[i + 1].start() if i + 1 < len(heads) else len(text)
        block = text[head.end() : end]
        soft = value(first_match(_SOFT, block))
        if soft:
            name = f"shelf {head.group(2)} slot {head.group(3)}"
            boards.append(Module(name=name, model=head.group(1).strip(), version=soft))
    return boards


def _version(text: str, draft: Draft) -> str | None:
    for line in _PRODUCT_LINE.finditer(text):
        token = _V_TOKEN.search(line.group(1))
        if token:
            return token.group(1).rstrip(".,")
    ros = first_match(_ROS, text)
    if ros:
        draft.warnings.append("no product version line; using the ZXR10 ROS version")
    return ros


@guarded("zxros")
def parse(outputs: Mapping[str, str]) -> Facts:
    inputs = read_inputs(outputs, COMMANDS)
    text = inputs.main
    draft = Draft(vendor="ZTE", os="zxros", warnings=inputs.warnings)
    draft.fill(
        version=_version(text, draft),
        model=first_match(_MODEL, text),
        hostname=prompt_hostname(text),
    )
    draft.modules.extend(_boards(text))
    return draft.finish("'<product> Software, Version: <model> Vx.y.z' or 'ZXR10 ROS Version V...'")


PLATFORM = Platform(
    device_type="zte_zxros",
    vendor="ZTE",
    os="zxros",
    scheme="zxros",
    commands=COMMANDS,
    parse=parse,
    napalm_driver=None,
    # netmiko's ZteZxrosSSH (Cisco-like): `terminal length 0`, `exit` at logout.
    session_commands=("terminal length 0", "exit"),
    description="ZTE ZXR10 / ZXCTN routers and switches (ZXROS, older ZXR10 ROS)",
)
