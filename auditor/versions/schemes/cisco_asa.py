"""Cisco ASA: `9.8(3)21` on devices, `9.8(3.21)` in advisories - the same version.

Decisions (source: Tenable `check_asa_release`; Cisco advisories):

- One train `ASA`; order by (M, m, maint, interim) with the interim absent = 0, so
  `9.8(3) < 9.8(3)21 < 9.8(4)` and `9.8(3) == 9.8(3)0`.
- Device form `8.3(2)13` and advisory form `8.3(2.13)` are equal; the canonical text is the
  device form.
- Branch = `M.m` (`9.8`), the unit of Cisco's ASA lifecycle tables.
"""

from __future__ import annotations

import re

from auditor.versions.base import Version, VersionScheme, branch_text, num

_ASA = re.compile(
    r"(?P<major>\d{1,3})\.(?P<minor>\d{1,3})\((?P<maint>\d{1,4})(?:\.(?P<adv>\d{1,5}))?\)"
    r"(?P<interim>\d{1,5})?",
    re.ASCII,
)
_BRANCH = re.compile(r"(?P<major>\d{1,3})\.(?P<minor>\d{1,3})", re.ASCII)


class CiscoAsaScheme(VersionScheme):
    id = "cisco-asa"
    description = "Cisco ASA: 9.8(3)21; advisory form 9.8(3.21) is the same version"
    examples = ("9.8(3)21", "9.8(3.13)", "9.16(3)19", "8.4(1)")
    grammar = "M.m(maint)[interim] or M.m(maint.interim)"

    def _parse(self, text: str) -> Version:
        m = _ASA.fullmatch(text)
        if not m:
            raise self.error(text)
        if m["adv"] is not None and m["interim"] is not None:
            raise self.error(text, "interim given twice")
        major, minor, maint = int(m["major"]), int(m["minor"]), int(m["maint"])
        interim = num(m["adv"] or m["interim"])
        return self.make(
            text,
            train="ASA",
            branch=f"{major}.{minor}",
            key=(major, minor, maint, interim),
            text=f"{major}.{minor}({maint})" + (str(interim) if interim else ""),
        )

    def parse_branch(self, text: str) -> str:
        m = _BRANCH.fullmatch(branch_text(text))
        if not m:
            raise self.branch_error(text, "M.m, e.g. 9.8")
        return f"{int(m['major'])}.{int(m['minor'])}"


SCHEME = CiscoAsaScheme()
