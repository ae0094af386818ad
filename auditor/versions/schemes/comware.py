"""HPE / H3C Comware releases: `3507P18`, `R2612P12`, `7.1.070, Release 3507P18`, 3Com `V5.02.00s56p12`.

What a Comware 5/7 box prints is `Comware Software, Version 7.1.070, Release 3507P18`:
`7.1.070` is the Comware platform version shared by many unrelated images, `3507P18` the
release that image files (`5130ei-cmw710-system-r3507p18.bin`), release notes and advisories
name. H3C release notes list a product's history as `R9671P29 < R9671P30 < R9671P34`, with
two-digit sub-patches such as `R9671P2701`, and feature/ESS builds as `F9071P23` / `E1208P01`
(source: H3C SecPath M9000-AI-E release notes, "Version history",
https://www.h3c.com/en/d_202411/2304973_294551_0.htm; corpus case
`hp_comware/oxidized_hpe-5130-48g-poe_7.1.070-R3507P18`).

Decisions:

- **Train** = kind letter + release number: `R3507`. `R` (Release, also the bare form printed
  after `Release`), `F` (Feature) and `E` (ESS) are separate trains, and so are two release
  numbers (`R3506`, `R3507`): the same release notes interleave `R9071...` and `R9671...` in
  time, so the number alone does not order releases across lines. Advisories that give one
  fix per release line fit this model; anything else is *incomparable*, never guessed.
- **Order** within a train: (patch, sub-patch, hotfix), absent = 0:
  `3507 < 3507P10 < 3507P18 < 3507P1801`, `H` hot-fix builds (`R2612P12H01`) above their base.
- **Branch** = the train (`R3507`); `Release 3507`, `3507` and `R3507` all name it.
- Accepted wrappers, kept as `label`: the platform version (`7.1.070, Release 3507P18`,
  `7.1.045-Release 3507`), the HPE product number (`JG937A-3507P18`). The bare platform version
  (`7.1.070`) is refused: it does not identify a release.
- **3Com / Comware 3 and 5** print `V5.02.00s56p12`, `V3.03.02s56ep05` (`ep` = emergency
  patch). Train = `V5.02`; order by (maintenance, `s` number, patch, emergency), the `v`/`V`
  is optional. Unverified beyond the two corpus samples.
"""

from __future__ import annotations

import re

from auditor.versions.base import Version, VersionScheme, branch_text, num

_RELEASE = re.compile(
    r"(?:(?P<platform>\d\.\d{1,2}(?:\.\d{2,3})?)\s*[,-]?\s*)?"
    r"(?:(?P<word>Release|Feature|ESS)\s+)?"
    r"(?:(?P<product>[A-Z]{2}\d{3}[A-Z])-)?"
    r"(?P<kind>[REF])?(?P<number>\d{4})"
    r"(?:P(?P<patch>\d{2})(?P<sub>\d{2})?)?(?:H(?P<hotfix>\d{2,3}))?",
    re.ASCII | re.IGNORECASE,
)
_LEGACY = re.compile(
    r"[vV]?(?P<major>\d)\.(?P<minor>\d{2})\.(?P<maint>\d{2})"
    r"(?:s(?P<s>\d{1,3}))?(?:(?P<e>e)?p(?P<p>\d{1,3}))?",
    re.ASCII,
)
_BRANCH = re.compile(
    r"(?:(?P<word>Release|Feature|ESS)\s+)?(?P<kind>[REF])?(?P<number>\d{4})",
    re.ASCII | re.IGNORECASE,
)
_LEGACY_BRANCH = re.compile(r"[vV]?(?P<major>\d)\.(?P<minor>\d{2})", re.ASCII)
_WORD_KIND = {"release": "R", "feature": "F", "ess": "E"}


def _kind(word: str | None, letter: str | None) -> str | None:
    """The train letter; None when the word and the letter disagree (`Release F3507`)."""
    from_word = _WORD_KIND.get((word or "").lower())
    from_letter = letter.upper() if letter else None
    if from_word and from_letter and from_word != from_letter:
        return None
    return from_letter or from_word or "R"


class ComwareScheme(VersionScheme):
    id = "comware"
    description = "HPE/H3C Comware releases: R3507P10 < R3507P18; release lines are separate trains"
    examples = ("3507P18", "R2612P12", "7.1.070, Release 3507P18", "V5.02.00s56p12")
    grammar = "[R|F|E]NNNN[PNN[NN]][HNN] (e.g. 'Release 3507P18'), or 3Com VM.mm.pp[sN][[e]pN]"

    def _parse(self, text: str) -> Version:
        if m := _RELEASE.fullmatch(text):
            kind = _kind(m["word"], m["kind"])
            if kind is None:
                raise self.error(text, "the release word and letter disagree")
            train = f"{kind}{m['number']}"
            patch, sub, hotfix = num(m["patch"]), num(m["sub"]), num(m["hotfix"])
            canonical = train
            if m["patch"]:
                canonical += f"P{m['patch']}" + (m["sub"] or "")
            if m["hotfix"]:
                canonical += f"H{m['hotfix']}"
            label = ", ".join(x for x in (m["platform"], m["product"]) if x) or None
            return self.make(
                text, train=train, branch=train, key=(patch, sub, hotfix), text=canonical,
                label=label,
            )  # fmt: skip
        if m := _LEGACY.fullmatch(text):
            major, minor = int(m["major"]), m["minor"]
            train = f"V{major}.{minor}"
            canonical = f"{train}.{m['maint']}" + (f"s{m['s']}" if m["s"] else "")
            if m["p"]:
                canonical += ("ep" if m["e"] else "p") + m["p"]
            return self.make(
                text,
                train=train,
                branch=train,
                key=(int(m["maint"]), num(m["s"]), num(m["p"]), 1 if m["e"] else 0),
                text=canonical,
            )
        raise self.error(text)

    def parse_branch(self, text: str) -> str:
        stripped = branch_text(text)
        if m := _BRANCH.fullmatch(stripped):
            kind = _kind(m["word"], m["kind"])
            if kind is not None:
                return f"{kind}{m['number']}"
        if m := _LEGACY_BRANCH.fullmatch(stripped):
            return f"V{int(m['major'])}.{m['minor']}"
        raise self.branch_error(text, "a release line, e.g. R3507 or 'Release 3507'")


SCHEME = ComwareScheme()
