"""Cisco IOS XR: `M.m.r` with optional internal build and label (`7.9.2 LNT`, `6.1.4[Default]`).

Decisions (source: IOS XR lifecycle and taxonomy bulletins; genie/ntc samples):

- One train `XR`: numeric (M, m, r) orders across the year-based renumbering too
  (`7.11.2 < 24.1.1`), since 24.x continued the 7.x line.
- Labels are not part of the version: `LNT` (XR7 flavour), `[Default]`, `[00]` are kept in
  `label` only, so `7.9.2 LNT == 7.9.2`.
- Internal/interim builds `6.1.4.10I` are flagged `internal` and sort *before* the release
  they lead to (`6.1.3 < 6.1.4.10I < 6.1.4.20I < 6.1.4`). That the interim number precedes
  the release is unverified; sorting it before the release is the conservative reading for an
  auditor: "fixed in 6.1.4" is not claimed for a 6.1.4 development build.
- Branch = `M.m` (`7.9`); catalogue strings such as `7.9.x` are accepted.
- SMUs and service packs do not show in the version string and are out of scope.
"""

from __future__ import annotations

import re

from auditor.versions.base import Version, VersionScheme, branch_text

_XR = re.compile(
    r"(?P<major>\d{1,2})\.(?P<minor>\d{1,2})\.(?P<maint>\d{1,3})(?:\.(?P<build>\d{1,5})I)?"
    r"(?:\[(?P<bracket>[A-Za-z0-9_.-]{0,20})\]|[\s-]+(?P<word>[A-Z][A-Za-z0-9]{0,15}))?",
    re.ASCII,
)
_BRANCH = re.compile(r"(?P<major>\d{1,2})\.(?P<minor>\d{1,2})", re.ASCII)
_INTERIM, _RELEASE = 0, 1


class CiscoIosXrScheme(VersionScheme):
    id = "cisco-ios-xr"
    description = (
        "Cisco IOS XR: 7.9.2, 6.1.4.10I (internal), 24.2.1; labels (LNT, [Default]) ignored"
    )
    examples = ("7.9.2", "6.1.4", "24.2.1", "6.1.4.10I", "7.9.2 LNT")
    grammar = "M.m.r[.buildI] [label]"

    def _parse(self, text: str) -> Version:
        m = _XR.fullmatch(text)
        if not m:
            raise self.error(text)
        major, minor, maint = int(m["major"]), int(m["minor"]), int(m["maint"])
        canonical = f"{major}.{minor}.{maint}"
        if m["build"]:
            build = int(m["build"])
            key = (major, minor, maint, _INTERIM, build)
            canonical += f".{build}I"
            flags = {"internal"}
        else:
            key = (major, minor, maint, _RELEASE, 0)
            flags = set()
        return self.make(
            text,
            train="XR",
            branch=f"{major}.{minor}",
            key=key,
            text=canonical,
            label=m["word"] or m["bracket"] or None,
            flags=flags,
        )

    def parse_branch(self, text: str) -> str:
        m = _BRANCH.fullmatch(branch_text(text))
        if not m:
            raise self.branch_error(text, "M.m, e.g. 7.9")
        return f"{int(m['major'])}.{int(m['minor'])}"


SCHEME = CiscoIosXrScheme()
