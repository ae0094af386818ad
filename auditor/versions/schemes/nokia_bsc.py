"""Nokia (NSN) BSC3i / Flexi BSC / mcBSC software: releases `S16`, `S10.5`; packages `S16_2_1_0`.

Nokia names BSC software releases `S<n>` (`S10.5`, `S11.5`, `S16`: e.g. "Nokia BSC S10.5 ED",
"Product: BSC3i 1000/2000, Flexi BSC, Release: S16 onwards" in Nokia's public product
documentation, https://dokumen.tips/documents/bscpcu-hw-implementation-for-ps-traffic-gprsedgever19.html).
The running software is the package in state `BU` of `ZWQO:CR;`, named after its release
with further levels, `S16_2_1_0` (the level layout is an assumption: no real capture is
public, see `auditor.platforms.nokia_bsc`).

Decisions:

- **Train** = the letter prefix (`S`): the BSC releases follow one line (`S10.5 < S11 < S16`).
- **Order** by (release, half release, package levels), `.` and `_` alike between levels:
  `S16 < S16_1_3_2 < S16_2_1_0 < S17`; trailing zero levels do not count
  (`S16_2_0_0 == S16.2`). A half release is written with a dot right after the release
  number (`S10.5`, `S10.5_1_0`) and sorts after every package of its whole release
  (`S10_9_9 < S10.5 < S11`).
- **Branch** = the release, `S<major>` (`S16`), or the half release (`S10.5`), as Nokia names
  them in its documentation.
"""

from __future__ import annotations

import re

from auditor.versions.base import Version, VersionScheme, branch_text

_BSC = re.compile(
    r"(?P<prefix>S)(?P<major>\d{1,3})(?P<half>\.5)?(?P<levels>(?:[._]\d{1,4}){0,6})",
    re.ASCII | re.IGNORECASE,
)
_BRANCH = re.compile(r"(?P<prefix>S)(?P<major>\d{1,3})(?P<half>\.5)?", re.ASCII | re.IGNORECASE)


class NokiaBscScheme(VersionScheme):
    id = "nokia-bsc"
    description = "Nokia BSC software: S10.5 < S16 < S16_2_1_0 (release, then package levels)"
    examples = ("S16_2_1_0", "S16", "S10.5")
    grammar = "S<release>[.5][_level...], e.g. S16_2_1_0"

    def _parse(self, text: str) -> Version:
        m = _BSC.fullmatch(text)
        if not m:
            raise self.error(text)
        prefix, major = m["prefix"].upper(), int(m["major"])
        levels = [int(x) for x in re.split(r"[._]", m["levels"]) if x]
        key = [major, 5 if m["half"] else 0, *levels]
        while len(key) > 1 and key[-1] == 0:
            key.pop()
        branch = f"{prefix}{major}" + (".5" if m["half"] else "")
        return self.make(
            text,
            train=prefix,
            branch=branch,
            key=tuple(key),
            text=f"{prefix}{m['major']}{m['half'] or ''}{m['levels']}",
        )

    def parse_branch(self, text: str) -> str:
        m = _BRANCH.fullmatch(branch_text(text))
        if not m:
            raise self.branch_error(text, "a release, e.g. S16 or S10.5")
        return f"{m['prefix'].upper()}{int(m['major'])}" + (".5" if m["half"] else "")


SCHEME = NokiaBscScheme()
