"""Ericsson GSM base-station controllers (`ericsson_bsc`: AXE with APG, Evo Controller 8200/BSC).

Assumption, stated because no real capture is public: no printout of the command used here,
and no Ericsson description of it, could be found in public sources (searched 2026-11). What
is taken from public material: Ericsson BSC MML print commands are five letters ending in `P`
(Print) and "initiate the answer printout" named by a heading ("Commands for the BSC":
`RLCRP`, `RXMOP`, https://vdocuments.site/commands-for-bsc.html); Ericsson MML echoes the
command after a `<` prompt and prints a heading, then column headings with values below
(MD110 command examples, https://ro.scribd.com/document/82650117/MD110COMMAND); the node is
an AXE with an APZ central processor and an APG adjunct processor
(https://pdfcoffee.com/apg43-network-impact-report-pdf-free.html), sold as "Evo Controller
8200/BSC" running "GSM RAN G15"-style releases
(https://pdfcoffee.com/download/blz-t-1381582-pdf-free.html). Assumed from common AXE
practice, unverified: printouts close with `END`, a rejected command gets `NOT ACCEPTED`
with the fault reason on the next line.

The one command sent is `IOEXP;` (exchange identity, print): a print command, read-only. Its
printout is assumed to carry the exchange identity (set by the operator; its first word, up
to a `/` or a space, is taken as the node name) under an `IDENTITY` heading and the software levels: `APT RELEASE` or `BSC RELEASE` (the
release, `G16B` - the form the `ericsson-bsc` scheme orders), `APZ` and `APG`, plus
`NODE TYPE`. Because the layout is assumed, the reader is tolerant: a field may be on the
heading's line (`APT RELEASE  G16B`, `=`/`:` accepted) or on the next line (AXE heading/value
columns), in any order, with extra fields; without a release field it takes any
`G<YY><A|B>` token, with a warning. APT, APZ and APG levels become `Facts.modules`.

Connection: like the other MML controllers, no netmiko driver knows AXE MML, so the
platform connects as netmiko's `terminal_server` (no session setup, nothing sent at logout)
and reads each answer up to `END` or the `NOT ACCEPTED` reason line.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from auditor.errors import ParseError
from auditor.models import Facts, Module
from auditor.parse.common import Draft, guarded, read_inputs
from auditor.platforms.base import Platform

COMMANDS = ("IOEXP;",)

_RELEASE_TOKEN = re.compile(r"\b((?:BSC |BSS )?G\d{2}[AB])\b", re.IGNORECASE)
_NOT_ACCEPTED = re.compile(r"NOT ACCEPTED[ \t]*\r?\n?[ \t]*([^\n]{0,120})")
_VALUE = r"(\S[^\n]{0,119}?)"


def _field(names: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """`NAME  value` on one line, or `NAME` as a heading with the value on the next line."""
    same_line = re.compile(
        rf"^[ \t]*(?:{names})[ \t]*(?:[:=][ \t]*|[ \t]{{2,}}){_VALUE}[ \t]*\r?$",
        re.MULTILINE | re.IGNORECASE,
    )
    next_line = re.compile(
        rf"^[ \t]*(?:{names})[ \t]*\r?\n[ \t]*{_VALUE}[ \t]*\r?$", re.MULTILINE | re.IGNORECASE
    )
    return same_line, next_line


def _read(text: str, field: tuple[re.Pattern[str], re.Pattern[str]]) -> str | None:
    for pattern in field:
        if m := pattern.search(text):
            value = m.group(1).strip()
            if value.upper() != "END":
                return value
    return None


_IDENTITY = _field(r"(?:EXCHANGE )?IDENTITY|EXID")
_RELEASE = _field(r"(?:APT|BSC|BSS|SW|SOFTWARE)[ \t]+RELEASE|RELEASE")
_NODE_TYPE = _field(r"NODE[ \t]+TYPE|NE[ \t]+TYPE")
_UNITS = {"APZ": _field(r"APZ"), "APG": _field(r"APG")}


@guarded("ericsson-bsc")
def parse(outputs: Mapping[str, str]) -> Facts:
    inputs = read_inputs(outputs, COMMANDS)
    text = inputs.main
    draft = Draft(vendor="Ericsson", os="ericsson-bsc", warnings=inputs.warnings)
    if refused := _NOT_ACCEPTED.search(text):
        reason = refused.group(1).strip() or "no reason given"
        raise ParseError(f"IOEXP; was not accepted: {reason}")
    release = _read(text, _RELEASE)
    if release is None and (token := _RELEASE_TOKEN.search(text)):
        release = token.group(1)
        draft.warnings.append("no release field; version taken from a G<YY><A|B> token")
    identity = _read(text, _IDENTITY)
    draft.fill(
        version=release,
        model=_read(text, _NODE_TYPE),
        hostname=identity.split("/")[0].split()[0] if identity else None,
    )
    if release:
        draft.modules.append(Module(name="APT", version=release))
    for unit, field in _UNITS.items():
        if level := _read(text, field):
            draft.modules.append(Module(name=unit, version=level))
    return draft.finish("an 'APT RELEASE' (or 'BSC RELEASE') field or a G<YY><A|B> release")


PLATFORM = Platform(
    device_type="ericsson_bsc",
    vendor="Ericsson",
    os="ericsson-bsc",
    scheme="ericsson-bsc",
    commands=COMMANDS,
    parse=parse,
    napalm_driver=None,
    netmiko_device_type="terminal_server",
    end_of_answer=r"(?:^|\n)[ \t]*END[ \t]*\r?\n|NOT ACCEPTED[ \t]*\r?\n[^\n]*\S[^\n]*\n",
    description="Ericsson BSC on AXE/APG (MML IOEXP; built from public knowledge, format assumed)",
)
