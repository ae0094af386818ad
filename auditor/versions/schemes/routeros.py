"""MikroTik RouterOS: `7.12.2`, `7.12` (= `7.12.0`), `7.3beta40`, `6.49rc2`.

Decisions (source: routeros-scripts `VersionToNum`; MikroTik changelogs):

- One train `RouterOS`; order by (M, m, p, stage, n) with p absent = 0 and stage
  alpha < beta < rc < release: `7.3beta40 < 7.3rc1 < 7.3 < 7.3.1 < 7.12`.
- The release channel (`(stable)`, `(long-term)`, `(testing)`, `(development)`) is not part of
  the version; it is kept in `label`. A leading `v` is accepted.
- Pre-releases are flagged `prerelease`.
- Branch = `M.m` (`7.12`).
"""

from __future__ import annotations

import re

from auditor.versions.base import Version, VersionScheme, branch_text, num

_ROS = re.compile(
    r"v?(?P<major>\d{1,2})\.(?P<minor>\d{1,3})(?:\.(?P<patch>\d{1,3}))?"
    r"(?:(?P<stage>alpha|beta|rc)(?P<n>\d{1,4}))?"
    r"(?:\s*\((?P<channel>stable|long-term|testing|development|bugfix)\))?",
    re.ASCII,
)
_BRANCH = re.compile(r"v?(?P<major>\d{1,2})\.(?P<minor>\d{1,3})", re.ASCII)
_STAGE = {"alpha": 0, "beta": 1, "rc": 2, None: 3}


class RouterOsScheme(VersionScheme):
    id = "routeros"
    description = "MikroTik RouterOS: 7.12.2, 7.3beta40, 6.49rc2; alpha < beta < rc < release"
    examples = ("7.12.2", "7.3beta40", "6.49rc2", "6.48.6 (long-term)")
    grammar = "M.m[.p][{alpha,beta,rc}N] [(channel)]"

    def _parse(self, text: str) -> Version:
        m = _ROS.fullmatch(text)
        if not m:
            raise self.error(text)
        major, minor, patch = int(m["major"]), int(m["minor"]), num(m["patch"])
        stage = m["stage"]
        n = int(m["n"]) if stage else 0
        return self.make(
            text,
            train="RouterOS",
            branch=f"{major}.{minor}",
            key=(major, minor, patch, _STAGE[stage], n),
            text=f"{major}.{minor}"
            + (f".{patch}" if patch else "")
            + (f"{stage}{n}" if stage else ""),
            label=m["channel"],
            flags={"prerelease"} if stage else set(),
        )

    def parse_branch(self, text: str) -> str:
        m = _BRANCH.fullmatch(branch_text(text))
        if not m:
            raise self.branch_error(text, "M.m, e.g. 7.12")
        return f"{int(m['major'])}.{int(m['minor'])}"


SCHEME = RouterOsScheme()
