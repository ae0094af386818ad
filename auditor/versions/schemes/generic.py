"""Fallback for OSes without a scheme: dotted numbers with optional trailing letters.

Every parsed version carries the flag `guess`, so reports can say the order is a guess.

Decisions:

- One train `generic`; key = (numbers without trailing zeros, letters in lower case), so
  `1.2 == 1.2.0`, `1.2.3 < 1.2.3a < 1.2.4`, `08.0.90 == 8.0.90`. A leading `v` is accepted.
- Branch = first two numbers (`1.2`; a lone `5` is branch `5.0`).
"""

from __future__ import annotations

import re

from auditor.versions.base import Version, VersionScheme, branch_text

_GENERIC = re.compile(
    r"[vV]?(?P<nums>\d{1,9}(?:\.\d{1,9}){0,7})(?P<letters>[A-Za-z]{0,4})", re.ASCII
)
_BRANCH = re.compile(r"[vV]?(?P<major>\d{1,9})(?:\.(?P<minor>\d{1,9}))?", re.ASCII)


class GenericScheme(VersionScheme):
    id = "generic"
    description = (
        "Fallback: dotted numbers with optional letters (1.2.3a); every version flagged guess"
    )
    examples = ("1.2.3", "6.4.1b", "2.0.2J")
    grammar = "N[.N...][letters]"

    def _parse(self, text: str) -> Version:
        m = _GENERIC.fullmatch(text)
        if not m:
            raise self.error(text)
        nums = [int(p) for p in m["nums"].split(".")]
        significant = list(nums)
        while len(significant) > 1 and significant[-1] == 0:
            significant.pop()
        minor = nums[1] if len(nums) > 1 else 0
        return self.make(
            text,
            train="generic",
            branch=f"{nums[0]}.{minor}",
            key=(tuple(significant), m["letters"].lower()),
            text=".".join(str(n) for n in significant) + m["letters"],
            flags={"guess"},
        )

    def parse_branch(self, text: str) -> str:
        m = _BRANCH.fullmatch(branch_text(text))
        if not m:
            raise self.branch_error(text, "N.N, e.g. 1.2")
        return f"{int(m['major'])}.{int(m['minor'] or 0)}"


SCHEME = GenericScheme()
