"""Huawei VRP (`huawei`, aliases `huawei_vrp`, `huawei_vrpv8`): `display version` (+ `display esn`).

Own parser: ntc-templates' `huawei_vrp_display_version` raises on an echoed command and reads
neither VRP3 nor the VRP 5.50 form without a product prefix. Convention: the product software
version `VxxxRxxxCxx[SPCxxx|Bxxx]` from the parentheses of the `VRP (R) software, Version 8.180
(NE40E V800R011C00SPC200)` line - the form Huawei advisories use; `8.180` is the VRP kernel
version of the same image. VRP3 has no such form: the per-board `Software Version :
S8500-VRP310-R1648P01` is the image version. The model comes from the `<vendor> <model> uptime
is` line (the series in the parentheses can differ: `AR610` on an AR617VW), with the trailing
`Router` / `Terabit Routing Switch` words dropped. `Patch Version` is recorded in modules.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from auditor.models import Facts, Module
from auditor.parse.common import Draft, guarded, read_inputs
from auditor.parse.text import first_match, prompt_hostname
from auditor.platforms.base import Platform

COMMANDS = ("display version", "display esn")

_VRP_LINE = re.compile(
    r"^\s*VRP \(R\) [Ss]oftware, Version\s+([\w.]+)\s*\(([^)\n]{0,120})\)", re.MULTILINE
)
_PRODUCT_VERSION = re.compile(r"\b(V\d{3}R\d{3}(?:C\w{2,3})?(?:SPC\d{3}|B\d{3})?(?:\w*))\s*$")
_VRP3_LINE = re.compile(r"^\s*VRP software, Version\s+([\d.]+),\s*Release\s+(\w+)", re.MULTILINE)
_BOARD_SOFTWARE = re.compile(
    r"^\s*(?:\d\.\s*)?Software\s+Version\s*:\s*(?!Version\b)(\S+)", re.MULTILINE
)
_UPTIME = re.compile(
    r"^\s*(?:HUAWEI|Huawei|Quidway|HUAWEI\s+Quidway)\s+([^\n]+?)\s+uptime is\b", re.MULTILINE
)
_MODEL_TAIL = re.compile(r"\s+(?:Terabit Routing Switch|Routing Switch|Router|Switch)$")
_PATCH = re.compile(r"^\s*Patch Version\s*:\s*(\S+)", re.MULTILINE)
_ESN = re.compile(r"^\s*ESN[^:\n]{0,40}:\s*(\S+)", re.MULTILINE)


def _version(text: str, draft: Draft) -> str | None:
    line = _VRP_LINE.search(text)
    if line:
        product = _PRODUCT_VERSION.search(line.group(2))
        if product:
            return product.group(1)
        draft.warnings.append(
            f"no VxxxRxxxCxx product version in '({line.group(2)})'; using VRP {line.group(1)}"
        )
        return line.group(1)
    board = first_match(_BOARD_SOFTWARE, text)
    if board and re.search(r"VRP|R\d{3,4}", board):
        return board
    vrp3 = _VRP3_LINE.search(text)
    if vrp3:
        draft.warnings.append("VRP3 without a per-board image version; using the Release number")
        return vrp3.group(2)
    return None


@guarded("vrp")
def parse(outputs: Mapping[str, str]) -> Facts:
    inputs = read_inputs(outputs, COMMANDS)
    text = inputs.main
    draft = Draft(vendor="Huawei", os="vrp", warnings=inputs.warnings)
    model = first_match(_UPTIME, text)
    draft.fill(
        version=_version(text, draft),
        model=_MODEL_TAIL.sub("", model) if model else None,
        hostname=prompt_hostname(text),
        serial=first_match(_ESN, inputs.get(COMMANDS[1])),
    )
    patch = first_match(_PATCH, text)
    if patch and patch.lower() != "none":
        draft.modules.append(Module(name="patch", version=patch))
    return draft.finish("'VRP (R) software, Version N (<series> VxxxRxxxCxx...)' or VRP3 lines")


PLATFORM = Platform(
    device_type="huawei",
    vendor="Huawei",
    os="vrp",
    scheme="huawei-vrp",
    commands=COMMANDS,
    parse=parse,
    session_commands=("screen-length 0 temporary", "quit"),
    napalm_driver="huawei_vrp",
    # napalm-huawei-vrp get_facts (the sysname line of the running configuration).
    napalm_commands=("display current-configuration | inc sysname", "display interface brief"),
    aliases=("huawei_vrp", "huawei_vrpv8"),
    description="Huawei VRP routers and switches (NE/CX/ATN/AR/S/CE; VRP3, 5 and 8)",
)
