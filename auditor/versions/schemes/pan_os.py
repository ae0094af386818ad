"""Palo Alto Networks PAN-OS: `10.2.4`, hotfix `10.2.4-h4`, beta `-b2`, candidate `-c1`.

Decisions (source: pan-os-python `PanOSVersion`):

- One train `PAN-OS`; within x.y.z: `-cN < -bN < base < -hN`, each suffix ordered by N:
  `10.2.4-c1 < 10.2.4-b2 < 10.2.4 < 10.2.4-h2 < 10.2.4-h10 < 10.2.5`.
- `-b`/`-c` builds are flagged `beta`/`candidate`.
- Branch = `M.m` (`10.2`), the unit of PAN-OS end-of-life dates.
"""

from __future__ import annotations

import re

from auditor.versions.base import Version, VersionScheme, branch_text

_PANOS = re.compile(
    r"(?P<major>\d{1,2})\.(?P<minor>\d{1,2})\.(?P<patch>\d{1,3})(?:-(?P<kind>[hbc])(?P<n>\d{1,4}))?",
    re.ASCII,
)
_BRANCH = re.compile(r"(?P<major>\d{1,2})\.(?P<minor>\d{1,2})", re.ASCII)
_RANK = {"c": 0, "b": 1, None: 2, "h": 3}
_FLAGS = {"c": {"candidate"}, "b": {"beta"}}


class PanOsScheme(VersionScheme):
    id = "pan-os"
    description = "Palo Alto PAN-OS: 10.2.4-h4; -cN < -bN < base < -hN"
    examples = ("10.2.4-h4", "10.2.4", "11.1.0-b2", "7.0.1")
    grammar = "M.m.p[-hN|-bN|-cN]"

    def _parse(self, text: str) -> Version:
        m = _PANOS.fullmatch(text)
        if not m:
            raise self.error(text)
        major, minor, patch = int(m["major"]), int(m["minor"]), int(m["patch"])
        kind = m["kind"]
        n = int(m["n"]) if kind else 0
        return self.make(
            text,
            train="PAN-OS",
            branch=f"{major}.{minor}",
            key=(major, minor, patch, _RANK[kind], n),
            text=f"{major}.{minor}.{patch}" + (f"-{kind}{n}" if kind else ""),
            flags=_FLAGS.get(kind or "", set()),
        )

    def parse_branch(self, text: str) -> str:
        m = _BRANCH.fullmatch(branch_text(text))
        if not m:
            raise self.branch_error(text, "M.m, e.g. 10.2")
        return f"{int(m['major'])}.{int(m['minor'])}"


SCHEME = PanOsScheme()
