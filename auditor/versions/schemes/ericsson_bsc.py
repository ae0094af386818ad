"""Ericsson GSM BSC (AXE / APG) software releases: `G16B`, `G17B`, `G15`, old `R8`.

Sources (public, no Ericsson release list among them): the Ericsson training book "GSM RAN
G15 EVO Controller 8200/BSC Operation and Configuration" (LZT1381582 R1A, 2015,
https://pdfcoffee.com/download/blz-t-1381582-pdf-free.html) names the GSM RAN release by year
(`G15`); operators and this project's issue 4 quote half-year releases (`G16B`); the older
BSS releases were R-states ("GSM Base Station System Delta (BSS), R8", EN/LZT 123 1205,
https://de.scribd.com/document/141915240/Appendix-A).

Decisions:

- **Train** = `G` (one release line): ordered by (year, half), `G15B < G16A < G16B < G17B`.
  A year alone (`G15`) is that year's release and sorts before its halves (`G15 < G15A`):
  how Ericsson relates the two is not documented, so a catalogue should name the half.
  A bare `16B` and the prefixed `BSC G16B` / `BSS G16B` are the same release (`G16B`).
- Older BSS R-states (`R8`, `BSS R12`) are the train `R`, ordered by number among
  themselves and **incomparable** with `G` releases: how the two numberings interleave is
  not documented, so "older than G16B" is not claimed.
- Anything else (correction packages such as `G16B CP3`, upgrade-package identities) is
  refused, so an evaluation says "undetermined" instead of guessing an order.
- **Branch** = the release itself (`G16B`, `R12`): each release is its own cycle.
"""

from __future__ import annotations

import re

from auditor.errors import VersionParseError
from auditor.versions.base import Version, VersionScheme

_PRODUCT = r"(?:(?:BSC|BSS)[ _-]?)?"
_G_RELEASE = re.compile(
    _PRODUCT + r"(?P<g>G)?(?P<year>\d{2})(?P<half>[AB])?", re.ASCII | re.IGNORECASE
)
_R_STATE = re.compile(_PRODUCT + r"R(?P<number>\d{1,2})", re.ASCII | re.IGNORECASE)


class EricssonBscScheme(VersionScheme):
    id = "ericsson-bsc"
    description = "Ericsson GSM BSC releases: G15 < G15B < G16A < G16B < G17B (year, half)"
    examples = ("G16B", "G17B", "R12")
    grammar = "G<YY>[A|B] (e.g. G16B) or an old BSS R-state R<n>"

    def _parse(self, text: str) -> Version:
        m = _G_RELEASE.fullmatch(text)
        if m and (m["g"] or m["half"]):  # a bare `16` names nothing
            year, half = int(m["year"]), (m["half"] or "").upper()
            canonical = f"G{year:02d}{half}"
            key = (year, ("", "A", "B").index(half))
            return self.make(text, train="G", branch=canonical, key=key, text=canonical)
        if m := _R_STATE.fullmatch(text):
            number = int(m["number"])
            canonical = f"R{number}"
            return self.make(text, train="R", branch=canonical, key=(number,), text=canonical)
        raise self.error(text)

    def parse_branch(self, text: str) -> str:
        try:
            return str(self._parse(text.strip()))
        except VersionParseError:
            raise self.branch_error(text, "a release, e.g. G16B") from None


SCHEME = EricssonBscScheme()
