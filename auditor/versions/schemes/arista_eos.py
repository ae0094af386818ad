"""Arista EOS: `4.28.3M`, `4.28.6.1M`, `4.32.1F`, build-suffixed `4.31.6M-39953990.4316M`.

Decisions (source: Arista EOS release notes naming; Apstra notes; ntc/napalm samples):

- One train `EOS`; order by the numeric tuple (M, m, r, p) with p absent = 0, so
  `4.28.3M < 4.28.10M` and `4.28.6M < 4.28.6.1M`.
- The trailing `F`/`M`/`FX`... is the feature/maintenance label, not a sort key
  (`4.28.3M` and a hypothetical `4.28.3F` are the same number).
- The internal build suffix (`-39953990.4316M`, what `Internal build version` shows) is
  accepted and dropped: it names the same release. A trailing `(engineering build)` (cEOS
  lab images) is accepted and flagged `engineering`; `-INT` images are flagged `internal`.
  Neither changes the order.
- Branch = `M.m` (`4.28`), the unit of Arista's lifecycle tables.
"""

from __future__ import annotations

import re

from auditor.versions.base import Version, VersionScheme, branch_text, num

_EOS = re.compile(
    r"(?P<major>\d{1,2})\.(?P<minor>\d{1,3})\.(?P<rel>\d{1,3})(?:\.(?P<patch>\d{1,3}))?"
    r"(?P<label>[A-Z]{1,3})?(?P<int>-INT)?(?:-\d{1,12}\.\d{1,8}[A-Z]{0,3})?"
    r"(?P<eng>\s*\(engineering build\))?",
    re.ASCII,
)
_BRANCH = re.compile(r"(?P<major>\d{1,2})\.(?P<minor>\d{1,3})", re.ASCII)


class AristaEosScheme(VersionScheme):
    id = "arista-eos"
    description = "Arista EOS: 4.28.3M, 4.28.6.1M, 4.32.1F; F/M is a label, build suffix ignored"
    examples = ("4.28.3M", "4.28.6.1M", "4.32.1F", "4.31.6M-39953990.4316M")
    grammar = "M.m.r[.p]{F,M}[-build]"

    def _parse(self, text: str) -> Version:
        m = _EOS.fullmatch(text)
        if not m:
            raise self.error(text)
        major, minor, rel = int(m["major"]), int(m["minor"]), int(m["rel"])
        patch = num(m["patch"])
        label = m["label"]
        flags: set[str] = set()
        canonical = f"{major}.{minor}.{rel}" + (f".{patch}" if patch else "")
        canonical += label or ""
        if m["int"]:
            flags.add("internal")
            canonical += "-INT"
        if m["eng"]:
            flags.add("engineering")
            canonical += " (engineering build)"
        return self.make(
            text,
            train="EOS",
            branch=f"{major}.{minor}",
            key=(major, minor, rel, patch),
            text=canonical,
            label=label,
            flags=flags,
        )

    def parse_branch(self, text: str) -> str:
        m = _BRANCH.fullmatch(branch_text(text))
        if not m:
            raise self.branch_error(text, "M.m, e.g. 4.28")
        return f"{int(m['major'])}.{int(m['minor'])}"


SCHEME = AristaEosScheme()
