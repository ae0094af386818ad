"""Juniper Junos: `20.4R3-S2.6`, `15.1X49-D200.5`, `21.4R3-S3.4-EVO`.

Grammar `M.m{R,F,X,B,I,S}n[-S|D n][.build][-EVO]` (source: Juniper KB1868; nocproject
profile comments). PyEZ's own comparison is lexical on `3-S2`; it is deliberately not reused.

Decisions:

- **Trains never compare with each other**: `R` (regular releases of every M.m, so
  `19.3R3 < 20.4R1`), `EVO` (the same numbering with `-EVO`), each X train with its number
  (`15.1X49`, `12.3X48`), `F` (15.1F feature-velocity releases) and `S` (old
  `M.mS n` service releases, rare; kept apart because they name no R release).
- **Order in R/EVO/F/S**: (M, m, release type, n, service number, build). Absent service
  number and absent build count as 0, so `20.4R3 < 20.4R3-S2 < 20.4R3-S2.6` - the reading the
  advisories need ("fixed in 20.4R3-S2" covers the build 20.4R3-S2.6).
- **Release type in the R train**: `I` (internal) < `B` (beta) < `R`, so `18.1B1 < 18.1R1`;
  `I`/`B` are flagged `internal`/`beta`.
- **Order in an X train**: (D number, build): `15.1X49-D100 < 15.1X49-D200.5`. `-D` only
  belongs to X releases and `-S` never does.
- **Branch**: `20.4` for R and EVO (fix lists and EoL tables are per M.m), `15.1X49` for X,
  `15.1F` for F, `13.3S` for S. A Junos advisory's "prior to 19.3R2-S2, 19.3R3" is a
  per-branch fix list (see `auditor.versions.ranges.fixed_by`).
"""

from __future__ import annotations

import re

from auditor.versions.base import Version, VersionScheme, branch_text, num

_JUNOS = re.compile(
    r"(?P<major>\d{1,2})\.(?P<minor>\d{1,2})(?P<type>[RFXBIS])(?P<n>\d{1,3})"
    r"(?:-(?P<kind>[SD])(?P<sn>\d{1,4}))?(?:\.(?P<build>\d{1,5}))?(?P<evo>-EVO)?",
    re.ASCII,
)
_BRANCH = re.compile(
    r"(?P<major>\d{1,2})\.(?P<minor>\d{1,2})(?P<extra>X\d{1,3}|F|S)?(?:[- ]?EVO)?", re.ASCII
)
_RANK = {"I": 0, "B": 1, "R": 2, "F": 2, "S": 2}
_FLAGS = {"I": {"internal"}, "B": {"beta"}}


class JunosScheme(VersionScheme):
    id = "junos"
    description = (
        "Juniper Junos: 20.4R3-S2.6, 15.1X49-D200.5, -EVO; R, X and EVO trains never compare"
    )
    examples = ("20.4R3-S2.6", "15.1X49-D200.5", "21.4R3-S3.4-EVO", "19.3R2-S2")
    grammar = "M.m{R,F,X,B,I,S}n[-Sn|-Dn][.build][-EVO]"

    def _parse(self, text: str) -> Version:
        m = _JUNOS.fullmatch(text)
        if not m:
            raise self.error(text)
        major, minor, kind, n = int(m["major"]), int(m["minor"]), m["type"], int(m["n"])
        sn, build, evo = num(m["sn"]), num(m["build"]), bool(m["evo"])
        canonical = f"{major}.{minor}{kind}{n}"
        if kind == "X":
            if m["kind"] == "S" or evo:
                raise self.error(text, "X releases take -D service numbers and no -EVO")
            train = branch = f"{major}.{minor}X{n}"
            key: tuple[int, ...] = (sn, build)
            canonical += f"-D{sn}" if sn else ""
        else:
            if m["kind"] == "D":
                raise self.error(text, "-D service numbers belong to X releases")
            if kind in "RBI":
                train = "EVO" if evo else "R"
                branch = f"{major}.{minor}"
            else:
                train = f"{kind}-EVO" if evo else kind
                branch = f"{major}.{minor}{kind}"
            key = (major, minor, _RANK[kind], n, sn, build)
            canonical += f"-S{sn}" if sn else ""
        canonical += f".{build}" if build else ""
        canonical += "-EVO" if evo else ""
        return self.make(
            text,
            train=train,
            branch=branch,
            key=key,
            text=canonical,
            flags=_FLAGS.get(kind, set()),
        )

    def parse_branch(self, text: str) -> str:
        m = _BRANCH.fullmatch(branch_text(text))
        if not m:
            raise self.branch_error(text, "M.m or M.mXnn, e.g. 20.4 or 15.1X49")
        return f"{int(m['major'])}.{int(m['minor'])}{m['extra'] or ''}"


SCHEME = JunosScheme()
