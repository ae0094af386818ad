"""Cisco IOS-XE: `17.3.4a` (16.x and later), `03.16.10.S` (3.x), and the IOSd form `15.3(2)S1`.

Decisions (source: Cisco community "IOS and IOS XE naming convention"; ntc-templates and
Greenbone samples of 3.x):

- **16.x and later** (`M.r.rebuild[letter]`): one train `XE`; order by the numeric tuple, then
  the letter (none < a < b). Zero padding is not significant: `16.09.03 == 16.9.3` (devices
  print both). Branch = `M.r` (`17.3`). A major below 16 without a train suffix is refused,
  because a bare `3.16.2` does not say which 3.x train it is.
- **3.x** (`03.16.10.S`, `3.16.1a.S`, `03.06.05E`, `3.16.2S`): the suffix is the train
  (S, E, SE, SG...), so train = `XE3S`, `XE3E`...; order by minor, rebuild, letter.
  Branch = `3.16S`.
- **IOSd form** (`15.3(2)S1`, what the IOS line of a 3.x box prints): read with the
  `cisco-ios` grammar and kept in its own trains (`IOSd 15.3S`). It is not mapped to the
  matching 3.x release (`03.09.01.S`): that mapping is a table, not arithmetic.
- **Experimental builds** `17.14.20230924:023456` (Cisco-internal, date:time stamped): parsed,
  flagged `engineering`, in their own train `XE-experimental` so they never compare with
  releases (a dated dev build is neither before nor after 17.14.1). Branch = `17.14`.
- Customer-special names (`V169_5_SR689355441_2`) are refused; the IOS line of the same
  device carries the orderable `16.9.5`.
"""

from __future__ import annotations

import re

from auditor.errors import VersionParseError
from auditor.versions.base import Version, VersionScheme, branch_text
from auditor.versions.schemes.cisco_ios import SCHEME as IOS

_MODERN = re.compile(
    r"(?P<major>\d{1,3})\.(?P<minor>\d{1,3})\.(?P<rebuild>\d{1,3})(?P<letter>[a-z]?)", re.ASCII
)
_LEGACY = re.compile(
    r"0?(?P<major>[23])\.(?P<minor>\d{1,2})\.(?P<rebuild>\d{1,2})(?P<letter>[a-z]?)\.?"
    r"(?P<suffix>[A-Z]{1,3})",
    re.ASCII,
)
_EXPERIMENTAL = re.compile(
    r"(?P<major>\d{1,3})\.(?P<minor>\d{1,3})\.(?P<date>\d{8}):(?P<time>\d{6})", re.ASCII
)
_BRANCH_MODERN = re.compile(r"(?P<major>\d{1,3})\.(?P<minor>\d{1,3})", re.ASCII)
_BRANCH_LEGACY = re.compile(
    r"0?(?P<major>[23])\.(?P<minor>\d{1,2})[. ]?(?P<suffix>[A-Z]{1,3})", re.ASCII
)
_MODERN_MIN_MAJOR = 16


class CiscoIosXeScheme(VersionScheme):
    id = "cisco-ios-xe"
    description = "Cisco IOS-XE: 17.3.4a, 16.09.03 (= 16.9.3), 3.x 03.16.10.S, IOSd 15.3(2)S1"
    examples = ("17.3.4a", "16.09.03", "03.16.10.S", "3.16.1a.S", "15.3(2)S1")
    grammar = "M.r.rebuild[letter] (16+), 3.r.rebuild[letter].TRAIN (3.x) or IOS M.m(maint)TRAIN"

    def _parse(self, text: str) -> Version:
        if "(" in text:
            return self._parse_iosd(text)
        m = _MODERN.fullmatch(text)
        if m:
            major, minor, rebuild = int(m["major"]), int(m["minor"]), int(m["rebuild"])
            if major < _MODERN_MIN_MAJOR:
                raise self.error(text, "3.x releases need their train suffix, as in 3.16.2S")
            return self.make(
                text,
                train="XE",
                branch=f"{major}.{minor}",
                key=(major, minor, rebuild, m["letter"]),
                text=f"{major}.{minor}.{rebuild}{m['letter']}",
            )
        m = _LEGACY.fullmatch(text)
        if m:
            major, minor, rebuild = int(m["major"]), int(m["minor"]), int(m["rebuild"])
            suffix = m["suffix"]
            return self.make(
                text,
                train=f"XE{major}{suffix}",
                branch=f"{major}.{minor}{suffix}",
                key=(minor, rebuild, m["letter"]),
                text=f"{major:02d}.{minor:02d}.{rebuild:02d}{m['letter']}.{suffix}",
            )
        m = _EXPERIMENTAL.fullmatch(text)
        if m:
            major, minor = int(m["major"]), int(m["minor"])
            return self.make(
                text,
                train="XE-experimental",
                branch=f"{major}.{minor}",
                key=(major, minor, int(m["date"]), int(m["time"])),
                text=f"{major}.{minor}.{m['date']}:{m['time']}",
                flags={"engineering"},
            )
        raise self.error(text)

    def _parse_iosd(self, text: str) -> Version:
        try:
            ios = IOS.parse(text)
        except VersionParseError:
            raise self.error(text) from None
        return self.make(
            text,
            train=f"IOSd {ios.train}",
            branch=ios.branch,
            key=ios.key,
            text=str(ios),
            flags=ios.flags,
        )

    def parse_branch(self, text: str) -> str:
        stripped = branch_text(text)
        m = _BRANCH_MODERN.fullmatch(stripped)
        if m and int(m["major"]) >= _MODERN_MIN_MAJOR:
            return f"{int(m['major'])}.{int(m['minor'])}"
        m = _BRANCH_LEGACY.fullmatch(stripped)
        if m:
            return f"{int(m['major'])}.{int(m['minor'])}{m['suffix']}"
        if "(" in stripped:
            return IOS.parse_branch(stripped)
        raise self.branch_error(text, "M.r (16+, e.g. 17.3) or 3.r TRAIN (e.g. 3.16S)")


SCHEME = CiscoIosXeScheme()
