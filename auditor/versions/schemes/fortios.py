"""Fortinet FortiOS: `7.2.5`, `v7.2.5`, `v7.2.5,build1517,230606 (GA.M)`.

Decisions (source: Fortinet "firmware maturity levels"; ntc samples):

- One train `FortiOS`; order by (M, m, p, build). The build number only breaks ties between
  equal x.y.z (so it never orders across branches); an absent build counts as 0:
  `7.2.5 < 7.2.5,build1517 < 7.2.6`.
- The leading `v`, a model prefix (`FortiGate-60F v7.4.8,...`), the build date and the
  maturity label are not part of the order; the label (`GA.M`, `GA.F`, `GA`) is kept in `label`.
- Branch = `M.m` (`7.2`).
"""

from __future__ import annotations

import re

from auditor.versions.base import Version, VersionScheme, branch_text, num

_FORTIOS = re.compile(
    r"(?:Forti[A-Za-z]*-[A-Za-z0-9-]{1,30}\s+)?v?(?P<major>\d{1,2})\.(?P<minor>\d{1,2})\.(?P<patch>\d{1,3})"
    r"(?:,\s*build(?P<build>\d{1,5}))?(?:,\s*(?P<date>\d{6}))?(?:\s*\((?P<label>[A-Za-z][A-Za-z0-9. ]{0,20})\))?",
    re.ASCII,
)
_BRANCH = re.compile(r"v?(?P<major>\d{1,2})\.(?P<minor>\d{1,2})", re.ASCII)


class FortiOsScheme(VersionScheme):
    id = "fortios"
    description = "Fortinet FortiOS: 7.2.5, v7.2.5,build1517,230606 (GA.M); build breaks ties only"
    examples = ("7.2.5", "v7.2.5,build1517,230606 (GA.M)", "7.0.13")
    grammar = "[v]M.m.p[,buildNNNN[,YYMMDD]] [(label)]"

    def _parse(self, text: str) -> Version:
        m = _FORTIOS.fullmatch(text)
        if not m:
            raise self.error(text)
        major, minor, patch, build = (
            int(m["major"]),
            int(m["minor"]),
            int(m["patch"]),
            num(m["build"]),
        )
        return self.make(
            text,
            train="FortiOS",
            branch=f"{major}.{minor}",
            key=(major, minor, patch, build),
            text=f"{major}.{minor}.{patch}" + (f",build{build:04d}" if m["build"] else ""),
            label=m["label"],
        )

    def parse_branch(self, text: str) -> str:
        m = _BRANCH.fullmatch(branch_text(text))
        if not m:
            raise self.branch_error(text, "M.m, e.g. 7.2")
        return f"{int(m['major'])}.{int(m['minor'])}"


SCHEME = FortiOsScheme()
