"""Cisco NX-OS: `9.3(8)`, platform trains `7.0(3)I7(9)`, ACI-mode `14.0(1h)`.

Decisions (source: Cisco NX-OS release guide c07-658595; genie/ntc samples):

- **Platform-designator releases** `M.m(maint)D(n)` (`7.0(3)I7(9)`, `6.0(2)U6(10)`,
  `7.1(4)N1(1)`, `7.3(1)D1(1)`): train = base + designator (`7.0(3)I7`), which is also the
  branch; order inside by the designator maintenance number(s), then its letter
  (`7.0(3)I7(5) < 7.0(3)I7(5a) < 7.0(3)I7(9)`). Different designators or bases are
  incomparable (the facts say "same base and designator").
- **Plain releases** `M.m(maint[letter])` (`6.2(14)`, `9.3(10)`, `10.4(5)`): one train `NX-OS`
  ordered by (M, m, maint, letter) - `9.3(8) < 9.3(10) < 10.2(3)`. Branch = `M.m` (`9.3`).
- **ACI-mode switch releases** (majors 11-16, e.g. `14.0(1h)`): their own train `ACI`, because
  their numbers are not on the standalone NX-OS time line (14.0 is not newer than 10.4).
  Heuristic on the major number; revisit if standalone NX-OS ever reaches 11.
- `F`/`M` suffixes (`10.2(3)F`) and `[Feature Release]`/`[Maintenance Release]` are labels,
  never sort keys: `10.2(3)F == 10.2(3)`.
- Internal builds print doubled letters (`9.3(6uu)I9(1uu)`): parsed normally (letters order as
  text) and flagged `internal`. A dotted maintenance number (`D1(0.10)`) is flagged `interim`.
"""

from __future__ import annotations

import re

from auditor.versions.base import Version, VersionScheme, branch_text

_NXOS = re.compile(
    r"(?P<major>\d{1,2})\.(?P<minor>\d{1,2})"
    r"\((?P<maint>\d{1,4}(?:\.\d{1,5}){0,2})(?P<letter>[a-z]{0,3})\)"
    r"(?:(?P<des>[A-Z]{1,2}\d{1,2})\((?P<dmaint>\d{1,4}(?:\.\d{1,5}){0,2})(?P<dletter>[a-z]{0,3})\))?"
    r"(?:(?P<label>[FM])|\s*\[(?P<long>Feature|Maintenance) Release\])?",
    re.ASCII,
)
_BRANCH = re.compile(
    r"(?P<major>\d{1,2})\.(?P<minor>\d{1,2})(?:\((?P<maint>\d{1,4})\)(?P<des>[A-Z]{1,2}\d{1,2}))?",
    re.ASCII,
)
_ACI_MAJORS = range(11, 17)


def _ints(text: str) -> tuple[int, ...]:
    return tuple(int(p) for p in text.split("."))


class CiscoNxOsScheme(VersionScheme):
    id = "cisco-nx-os"
    description = "Cisco NX-OS: 9.3(8), 7.0(3)I7(9) (designator trains), 10.2(3)F, ACI 14.0(1h)"
    examples = ("9.3(8)", "7.0(3)I7(9)", "10.2(3)F", "14.0(1h)", "6.0(2)U6(10)")
    grammar = "M.m(maint[letter]) or M.m(maint)DESIGNATOR(n[letter])"

    def _parse(self, text: str) -> Version:
        m = _NXOS.fullmatch(text)
        if not m:
            raise self.error(text)
        major, minor = int(m["major"]), int(m["minor"])
        maint, letter = _ints(m["maint"]), m["letter"]
        label = m["label"] or (m["long"][0] if m["long"] else None)
        flags: set[str] = set()
        if len(letter) > 1 or len(m["dletter"] or "") > 1:
            flags.add("internal")
        if len(maint) > 1 or "." in (m["dmaint"] or ""):
            flags.add("interim")
        maint_text = ".".join(str(p) for p in maint)
        canonical = f"{major}.{minor}({maint_text}{letter})"
        if m["des"]:
            dmaint, dletter = _ints(m["dmaint"]), m["dletter"]
            canonical += f"{m['des']}({'.'.join(str(p) for p in dmaint)}{dletter})"
            train = f"{major}.{minor}({maint_text}){m['des']}"
            key: tuple[object, ...] = (letter, dmaint, dletter)
            branch = train
        else:
            train = "ACI" if major in _ACI_MAJORS else "NX-OS"
            key = (major, minor, maint, letter)
            branch = f"{major}.{minor}"
        return self.make(
            text,
            train=train,
            branch=branch,
            key=key,
            text=canonical + (label or ""),
            label=label,
            flags=flags,
        )

    def parse_branch(self, text: str) -> str:
        m = _BRANCH.fullmatch(branch_text(text))
        if not m:
            raise self.branch_error(text, "M.m (e.g. 9.3) or M.m(maint)DESIGNATOR (e.g. 7.0(3)I7)")
        branch = f"{int(m['major'])}.{int(m['minor'])}"
        if m["des"]:
            branch += f"({int(m['maint'])}){m['des']}"
        return branch


SCHEME = CiscoNxOsScheme()
