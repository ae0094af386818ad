"""Nokia (Alcatel-Lucent) SR OS: `TiMOS-B-20.10.R12`, `B-19.10.R4`, `22.10.R1`, beta `20.10.B1-5`.

Decisions (source: public show-version samples; napalm-sros and ncclient fixtures):

- The `TiMOS-` prefix and the single image letter (`B-`, `C-`, `I-`...) are not part of the
  order (what the letter means is unverified; it is kept in `label`):
  `TiMOS-C-8.0.R3 == 8.0.R3`.
- One train `SR OS`; order by (M, m, release type, n, build) with beta `B` before `R`
  (`20.10.B1-5 < 20.10.R1 < 20.10.R12`), absent build = 0. Betas are flagged `beta`.
- Branch = `M.m` (`20.10`), the release cycle in Nokia's lifecycle tables.
"""

from __future__ import annotations

import re

from auditor.versions.base import Version, VersionScheme, branch_text, num

_SROS = re.compile(
    r"(?:(?:TiMOS-)?(?P<image>[A-Z])-)?(?P<major>\d{1,2})\.(?P<minor>\d{1,2})\."
    r"(?P<type>[RB])(?P<n>\d{1,3})(?:-(?P<build>\d{1,4}))?",
    re.ASCII,
)
_BRANCH = re.compile(r"(?P<major>\d{1,2})\.(?P<minor>\d{1,2})", re.ASCII)
_RANK = {"B": 0, "R": 1}


class NokiaSrosScheme(VersionScheme):
    id = "nokia-sros"
    description = "Nokia SR OS: TiMOS-B-20.10.R12, 22.10.R1; the B/C image letter is not ordered"
    examples = ("22.10.R1", "TiMOS-B-20.10.R12", "B-19.10.R4", "20.10.B1-5")
    grammar = "[TiMOS-][B-]M.m.Rn"

    def _parse(self, text: str) -> Version:
        m = _SROS.fullmatch(text)
        if not m:
            raise self.error(text)
        major, minor, kind, n = int(m["major"]), int(m["minor"]), m["type"], int(m["n"])
        build = num(m["build"])
        return self.make(
            text,
            train="SR OS",
            branch=f"{major}.{minor}",
            key=(major, minor, _RANK[kind], n, build),
            text=f"{major}.{minor}.{kind}{n}" + (f"-{build}" if build else ""),
            label=m["image"],
            flags={"beta"} if kind == "B" else set(),
        )

    def parse_branch(self, text: str) -> str:
        m = _BRANCH.fullmatch(branch_text(text))
        if not m:
            raise self.branch_error(text, "M.m, e.g. 20.10")
        return f"{int(m['major'])}.{int(m['minor'])}"


SCHEME = NokiaSrosScheme()
