"""Huawei base-station controllers (`huawei_bsc`: BSC6900 / BSC6910, also RNC) over MML.

Assumption, stated because no real capture is public (see the corpus README's known gaps):
the layout follows Huawei's public MML references - framed responses (`auditor.parse.mml`),
`LST VER:;` answering `Name = Value` fields that include the current software version in the
product-prefixed form `BSC6910V100R023C10SPC500` (older: `BSC6000V900R008C12`), and
`DSP BRDVER:;` answering a table with one row per board (cabinet/subrack/slot, board type,
software version). The reader therefore does not depend on exact field names: it takes the
first version-named field whose value has the `[product]VxxxRxxxCxx` form (preferring "current"
/ "software" fields), then any such token in the response. Board rows become `Facts.modules`.

Connection: MML over SSH has no CLI prompt netmiko knows, so the platform connects as
netmiko's `terminal_server` (no session preparation, no paging commands sent); the collector
sends only the two allow-listed commands. The version scheme is `huawei-vrp`, which knows the
product-prefixed train (`BSC6910V100`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from auditor.models import Facts, Module
from auditor.parse.common import Draft, guarded, read_inputs
from auditor.parse.mml import MmlReport, find_report, parse_reports, require_success
from auditor.platforms.base import Platform

COMMANDS = ("LST VER:;", "DSP BRDVER:;")

_PRODUCT_VERSION = re.compile(r"\b((?:[A-Z]{2,6}\d{3,4}[A-Z]?)?V\d{3}R\d{3}(?:C\d{2,3})?\w*)")
_MODEL_PREFIX = re.compile(r"^([A-Z]{2,6}\d{3,4}[A-Z]?)V\d{3}R")
_VERSION_KEYS = ("current software version", "software version", "version", "ne version")
_MODEL_KEYS = ("ne type", "product type", "product name", "ne model", "bsc type")
_GENERIC_NE_NAMES = {"huawei", "bsc", "rnc"}


def _version(report: MmlReport) -> str | None:
    records = report.records()
    for key in _VERSION_KEYS:
        for record in records:
            match = _PRODUCT_VERSION.search(record.get(key, ""))
            if match:
                return match.group(1)
    for record in records:
        for key, value in record.items():
            match = _PRODUCT_VERSION.search(value) if "version" in key else None
            if match:
                return match.group(1)
    return None


def _boards(report: MmlReport) -> list[Module]:
    boards: list[Module] = []
    for record in report.records()[:512]:
        where = "/".join(
            record[k] for k in ("cabinet no.", "subrack no.", "slot no.") if record.get(k)
        )
        version = record.get("software version") or next(
            (v for k, v in record.items() if "software" in k and v), None
        )
        board = record.get("board type") or record.get("board name")
        if where or board:
            boards.append(Module(name=where or board or "board", model=board, version=version))
    return boards


@guarded("huawei-bsc")
def parse(outputs: Mapping[str, str]) -> Facts:
    inputs = read_inputs(outputs, COMMANDS)
    draft = Draft(vendor="Huawei", os="huawei-bsc", warnings=inputs.warnings)
    report = find_report(parse_reports(inputs.main), COMMANDS[0])
    if report is not None:
        require_success(report, COMMANDS[0])
        draft.fill(version=_version(report))
        records = report.records()
        draft.fill(model=next((r[k] for r in records for k in _MODEL_KEYS if r.get(k)), None))
        if report.ne and report.ne.lower() not in _GENERIC_NE_NAMES:
            draft.fill(hostname=report.ne)
    else:
        draft.warnings.append("no MML frame (+++ / %%LST VER%% / RETCODE) in the output")
    if draft.version is None:
        match = _PRODUCT_VERSION.search(inputs.main)
        if match:
            draft.version = match.group(1)
            draft.warnings.append("version taken from unframed text")
    if draft.model is None and draft.version and (prefix := _MODEL_PREFIX.match(draft.version)):
        draft.model = prefix.group(1)
    boards_text = inputs.get(COMMANDS[1])
    if boards_text:
        boards = find_report(parse_reports(boards_text), COMMANDS[1])
        if boards is not None and not boards.ok:
            draft.warnings.append(
                f"{COMMANDS[1]} failed: RETCODE = {boards.retcode} {boards.message}"
            )
        elif boards is not None:
            draft.modules.extend(_boards(boards))
    return draft.finish("an MML 'LST VER' field holding [product]VxxxRxxxCxx...")


PLATFORM = Platform(
    device_type="huawei_bsc",
    vendor="Huawei",
    os="huawei-bsc",
    scheme="huawei-vrp",
    commands=COMMANDS,
    parse=parse,
    napalm_driver=None,
    netmiko_device_type="terminal_server",
    end_of_answer=r"---\s+END",
    description="Huawei BSC6900/BSC6910 base-station controllers (MML; built from public docs)",
)
