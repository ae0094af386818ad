"""Cisco IOS (classic): `M.m(maint[.interim][letter])TRAIN[rebuild][respin]`.

Examples: `12.2(55)SE12`, `15.2(4)M7`, `15.1(4)M0a`, mainline `12.4(21a)`, interim
`12.2(1.1)`, engineering `15.2(4.0.55)E`.

Decisions (source: Cisco IOS reference guide on train letters; Cisco field notice on
interim builds; Tenable `cisco_func.inc`):

- **Train** = `M.m` + all train letters (`15.2M`, `12.2SE`, `12.2SXF`, mainline `12.4`).
  A third uppercase letter in 12.2S trains is a technology id, so `12.2SXF` and `12.2SXH` are
  separate trains; X/Y/Z one-off trains are trains like any other. Versions of different
  trains are incomparable.
- **Order** within a train: maintenance numbers as a tuple (so interims sort between
  releases: `12.2(1) < 12.2(1.1) < 12.2(2)`; trailing `.0`s are dropped), then the letter in the
  parentheses (none < a < b), then the rebuild number (absent = 0, so `15.2(4)M == 15.2(4)M0`),
  then the respin letter (`15.1(4)M0 < 15.1(4)M0a < 15.1(4)M1`). The maintenance tuple comes
  first, so an interim or engineering build sorts after every rebuild of its base
  (`15.2(4)E1 < 15.2(4.0.55)E < 15.2(5)E`): interims are builds on the way to the next
  maintenance release, not rebuilds of the current one.
- **Branch** = `M.m(maint)TRAIN` with the first maintenance number only (`15.2(4)M`); the
  per-branch fix lists of Cisco advisories ("fixed in 15.2(4)M7") key on it. A catalogue
  release cycle may also name a whole train (`12.0T`), as Cisco's old lifecycle pages do. Lifecycle data
  is per train (`12.0T`, `11.0`), so `parse_branch` also accepts and canonicalises trains.
- **Flags**: two maintenance numbers = `interim`, three or more = `engineering` (weekly
  builds such as `15.2(4.0.55)E` printed with `TEST ENGINEERING`).
- Case is significant: train letters are upper case, bracket/respin letters lower case; that
  is what keeps `M0a` unambiguous.
"""

from __future__ import annotations

import re

from auditor.versions.base import Version, VersionScheme, branch_text, num

_IOS = re.compile(
    r"(?P<major>\d{1,3})\.(?P<minor>\d{1,3})"
    r"\((?P<maint>\d{1,5}(?:\.\d{1,6}){0,4})(?P<letter>[a-z]?)\)"
    r"(?P<train>[A-Z]{0,8})(?P<rebuild>\d{0,5})(?P<respin>[a-z]?)",
    re.ASCII,
)
_TRAIN_CYCLE = re.compile(r"(?P<major>\d{1,3})\.(?P<minor>\d{1,3})(?P<train>[A-Z]{0,8})", re.ASCII)
_BRANCH = re.compile(
    r"(?P<major>\d{1,3})\.(?P<minor>\d{1,3})\((?P<maint>\d{1,5})\)(?P<train>[A-Z]{0,8})", re.ASCII
)

_TRAIN = re.compile(r"(?P<major>\d{1,3})\.(?P<minor>\d{1,3})(?P<train>[A-Z]{0,8})", re.ASCII)


class CiscoIosScheme(VersionScheme):
    id = "cisco-ios"
    description = (
        "Cisco IOS: 15.2(4)M7, 12.2(55)SE12, 12.4(21a); trains compare only with themselves"
    )
    examples = ("15.2(4)M7", "12.2(55)SE12", "15.1(4)M0a", "12.4(21a)", "12.2(1.1)")
    grammar = "M.m(maint)TRAIN[rebuild]"

    def _parse(self, text: str) -> Version:
        m = _IOS.fullmatch(text)
        if not m:
            raise self.error(text)
        major, minor = int(m["major"]), int(m["minor"])
        maint = [int(p) for p in m["maint"].split(".")]
        while len(maint) > 1 and maint[-1] == 0:
            maint.pop()
        letters = m["train"]
        rebuild = m["rebuild"]
        train = f"{major}.{minor}{letters}"
        flags: set[str] = set()
        if len(maint) == 2:
            flags.add("interim")
        elif len(maint) > 2:
            flags.add("engineering")
        maint_text = ".".join(str(p) for p in maint)
        canonical = (
            f"{major}.{minor}({maint_text}{m['letter']}){letters}"
            f"{num(rebuild) if num(rebuild) or m['respin'] else ''}{m['respin']}"
        )
        return self.make(
            text,
            train=train,
            branch=f"{major}.{minor}({maint[0]}){letters}",
            key=(tuple(maint), m["letter"], num(rebuild), m["respin"]),
            text=canonical,
            flags=flags,
        )

    def parse_branch(self, text: str) -> str:
        """Canonicalise a branch (`15.2(4)M`) or, for per-train lifecycle data, a train (`12.0T`).

        Cisco retires classic IOS per release family (`11.0`, `12.0T`), which is our train;
        the catalogue looks a version up by branch first, then by train.
        """
        stripped = branch_text(text)
        m = _BRANCH.fullmatch(stripped)
        if m:
            return f"{int(m['major'])}.{int(m['minor'])}({int(m['maint'])}){m['train']}"
        m = _TRAIN.fullmatch(stripped)
        if m:
            return f"{int(m['major'])}.{int(m['minor'])}{m['train']}"
        raise self.branch_error(text, "M.m(maint)TRAIN or a train M.mTRAIN, e.g. 15.2(4)M or 12.0T")


SCHEME = CiscoIosScheme()
