"""Cisco IOS and IOS-XE `show version`: one reader, used by the `cisco_ios` and `cisco_xe` platforms.

Own regular expressions rather than ntc-templates' `cisco_ios_show_version`: on real captures
the template returns `12.2(2)XA1, EARLY DEPLOYMENT` as a version, an empty version for
IOS-XE "Experimental Version" builds, and the *Processor board ID* instead of the *System serial
number* for stacks; it also knows nothing of the version conventions the catalogue relies on.

Conventions (see the conformance corpus README): the version is the token after `Version` on
the `Cisco IOS Software ...` / `IOS (tm) ...` line. On IOS-XE 16+ that is the unpadded form
(`16.9.3`, while line 1 says `16.09.03`); on IOS-XE 3.x it is the IOSd version (`15.3(2)S1`,
the `IOS XE Version: 03.09.01.S` line is the same build) or, on Catalyst 3850, the XE release
printed there. `ROM:`/`BOOTLDR:` lines carry boot-loader versions and are never used.

Config-backup captures: Oxidized's `ios` model (lib/oxidized/model/ios.rb) keeps `show version`
as a digest, the first line plus `Image: Software: <image>, <version>, ...`, `Chassis type:
<model>` and `Processor ID: <serial>` lines (RANCID writes the same `Image: Software:` line);
those lines are read when the full output's lines are not there.
"""

from __future__ import annotations

import re

from auditor.models import Module
from auditor.parse.common import Draft
from auditor.parse.text import first_match, prompt_hostname

_IOS_LINE = re.compile(
    r"^\s*(?:Cisco IOS Software\b|IOS \(tm\)|Cisco IOS-XE Software\b)[^\n]*?"
    r"\b(?:Experimental )?Version\s+([^\s,\[]+)",
    re.MULTILINE,
)
_XE_LINE = re.compile(r"^\s*Cisco IOS[ -]XE Software, Version\s+(\S+)", re.MULTILINE)
_XE3_LINE = re.compile(r"^\s*IOS[ -]XE Version:\s+(\S+)", re.MULTILINE)
_ANY_IOS_VERSION = re.compile(
    r"^(?!\s*(?:ROM|BOOTLDR):)[^\n]*?\bVersion\s+(\d+\.\d+\([\w.]+\)[A-Za-z0-9]*)", re.MULTILINE
)
_MODEL = re.compile(r"^\s*[Cc]isco\s+(\S+)\s+\([^\n]*?\)\s+processor\b", re.MULTILINE)
_MODEL_NUMBER = re.compile(r"^\s*Model [Nn]umber\s*:\s*(\S+)", re.MULTILINE)
# Oxidized / RANCID digests of `show version` (lines of a config backup, comment mark removed)
_BACKUP_IMAGE = re.compile(r"^Image:(?: Slave:)? Software: [\w-]+, ([^\s,]+)", re.MULTILINE)
_BACKUP_CHASSIS = re.compile(r"^Chassis type:\s+(\S+)", re.MULTILINE)
_BACKUP_SERIAL = re.compile(r"^Processor ID:\s+(\S+)", re.MULTILINE)
_SYSTEM_SERIAL = re.compile(r"^\s*System [Ss]erial [Nn]umber\s*:\s*(\S+)", re.MULTILINE)
_BOARD_ID = re.compile(r"^\s*Processor board ID\s+([^\s,]+)", re.MULTILINE)
_UPTIME = re.compile(r"^(?!(?:System|Kernel|Switch)\b)(\S+)\s+uptime is\s", re.MULTILINE)
_STACK_ROW = re.compile(
    r"^\s*\*?\s*(\d{1,2})\s+(\d{1,3})\s+(\S+)\s+(\d+\S*)\s+(\S+)(?:\s+\S+)?\s*$", re.MULTILINE
)


def unpad(version: str) -> str:
    """IOS-XE 16+ line-1 form to the IOS-line form: `16.09.03` -> `16.9.3`, `17.03.01a` -> `17.3.1a`.

    >>> unpad("16.09.03"), unpad("03.09.01.S")
    ('16.9.3', '03.09.01.S')
    """
    match = re.fullmatch(r"(1[6-9]|[2-9]\d)\.(\d+)\.(\d+)([a-z]?)", version)
    if not match:
        return version
    major, minor, rebuild, letter = match.groups()
    return f"{int(major)}.{int(minor)}.{int(rebuild)}{letter}"


def parse_ios(text: str, draft: Draft) -> None:
    """Fill `draft` from an IOS or IOS-XE `show version` (cleaned text)."""
    version = first_match([_IOS_LINE, _BACKUP_IMAGE], text)
    if version is None:
        xe = first_match([_XE_LINE, _XE3_LINE], text)
        if xe:
            version = unpad(xe)
            draft.warnings.append("no 'Cisco IOS Software' line; version from the IOS-XE line")
    if version is None:
        version = first_match(_ANY_IOS_VERSION, text)
        if version:
            draft.warnings.append("no IOS banner line; version from another 'Version' line")
    draft.fill(version=version)
    draft.fill(model=first_match([_MODEL, _MODEL_NUMBER, _BACKUP_CHASSIS], text))
    draft.fill(serial=first_match([_SYSTEM_SERIAL, _BOARD_ID, _BACKUP_SERIAL], text))
    draft.fill(hostname=first_match(_UPTIME, text) or prompt_hostname(text))
    draft.modules.extend(_stack_members(text))


def _stack_members(text: str) -> list[Module]:
    """Members of a Catalyst stack from the `Switch Ports Model SW Version SW Image` table."""
    start = text.find("SW Version")
    if start < 0:
        return []
    members: list[Module] = []
    for match in _STACK_ROW.finditer(text, start):
        number, _ports, model, version, _image = match.groups()
        members.append(Module(name=f"switch {number}", model=model, version=version))
        if len(members) >= 16:
            break
    return members
