"""Ericsson RAN software releases: `23.Q4`, `24.Q1` (year, quarter).

Decisions (source: public samples; the facts file marks only this form as documented):

- One train `RAN`; order by (year, quarter): `23.Q4 < 24.Q1`.
- Only the documented `YY.Qn` form is accepted (no `24.Q1.1` point releases, and no
  `CXP9024418/15 R20D71` package R-states, whose order is unverified).
- Branch = the release itself (`23.Q4`): each quarterly release is its own cycle.
"""

from __future__ import annotations

import re

from auditor.versions.base import Version, VersionScheme

_RAN = re.compile(r"(?P<year>\d{2})\.Q(?P<quarter>[1-4])", re.ASCII)


class EricssonRanScheme(VersionScheme):
    id = "ericsson-ran"
    description = "Ericsson RAN software releases: 23.Q4 < 24.Q1"
    examples = ("24.Q1", "23.Q4")
    grammar = "YY.Qn (n = 1..4)"

    def _parse(self, text: str) -> Version:
        m = _RAN.fullmatch(text)
        if not m:
            raise self.error(text)
        year, quarter = int(m["year"]), int(m["quarter"])
        canonical = f"{year:02d}.Q{quarter}"
        return self.make(text, train="RAN", branch=canonical, key=(year, quarter), text=canonical)

    def parse_branch(self, text: str) -> str:
        m = _RAN.fullmatch(text.strip())
        if not m:
            raise self.branch_error(text, "YY.Qn, e.g. 24.Q1")
        return f"{int(m['year']):02d}.Q{m['quarter']}"


SCHEME = EricssonRanScheme()
