"""ZTE ZXROS / ZXR10: `V5.10.00.50`, `V5.00.10`, `V4.08.24`, `V2.8.02.C.43.P14`.

What ZTE prints (corpus `zte_zxros/*`; ntc-templates `zte_zxros_show_version`): a `V` and
dot-separated fields, the first two naming the software line (`V5.10`, `V2.8`), then
maintenance numbers and, on the older ZXR10 G-series, letter-tagged fields (`C.43`, `P14`).
The image file name adds a build (`ZXCTN6120HS_V5.10.00.50B03.set` for `V5.10.00.50`).
ZTE publishes no numbering rules, so the order below is inferred from the samples.

Decisions:

- **Train** = `V<major>.<minor>` (`V5.10`, `V2.8`; `V5.00` is `V5.0`); two lines are
  *incomparable*.
- **Order** within a train: field by field; a number is a number (`00.9 < 00.10`), a letter
  field (`C`, `P14`) compares on its letters, then its number. A version that is a prefix of
  another is older (`V2.8.02.C.43 < V2.8.02.C.43.P14`); trailing `.0` fields do not count.
- A build suffix glued to the last number (`V5.10.00.50B03`) is the same release: kept as
  `label`, not ordered. A product word before the version (`6120H-S V5.10.00.50`, as ntc
  prints it) is a label too.
- **Branch** = the train. The order is inferred from the samples, not from ZTE documents.
"""

from __future__ import annotations

import re
from typing import Any

from auditor.versions.base import Version, VersionScheme, branch_text

_ZX = re.compile(
    r"(?:(?P<product>[A-Za-z0-9][A-Za-z0-9&\- ]{0,40}?)\s+)?"
    r"[vV](?P<major>\d{1,2})\.(?P<minor>\d{1,2})"
    r"(?P<rest>(?:\.(?:\d{1,4}|[A-Z]{1,3}\d{0,4})){0,8}?)"
    r"(?:B(?P<build>\d{1,4}))?",
    re.ASCII,
)
_FIELD = re.compile(r"(?P<letters>[A-Z]{0,3})(?P<number>\d{0,4})", re.ASCII)
_BRANCH = re.compile(r"[vV](?P<major>\d{1,2})\.(?P<minor>\d{1,2})", re.ASCII)


def _field_key(field: str) -> tuple[Any, ...]:
    """Numbers sort as numbers; `C`/`P14` sort by letters then number (after any number)."""
    m = _FIELD.fullmatch(field)
    if m is None:  # unreachable: the outer grammar only lets these through
        raise ValueError(f"unexpected field {field!r}")
    number = int(m["number"]) if m["number"] else 0
    return (1, m["letters"], number) if m["letters"] else (0, "", number)


class ZxrosScheme(VersionScheme):
    id = "zxros"
    description = "ZTE ZXROS/ZXR10: V5.10.00.50, V2.8.02.C.43.P14; trains V<major>.<minor>"
    examples = ("V5.10.00.50", "V5.00.10", "V2.8.02.C.43.P14")
    grammar = "VM.m[.field...][Bbuild], fields numbers or letter-tagged (C.43, P14)"

    def _parse(self, text: str) -> Version:
        m = _ZX.fullmatch(text)
        if not m:
            raise self.error(text)
        train = f"V{int(m['major'])}.{int(m['minor'])}"
        fields = [f for f in m["rest"].split(".") if f]
        key = [_field_key(f) for f in fields]
        while key and key[-1] == (0, "", 0):
            key.pop()
        labels = [x for x in (m["product"], f"B{m['build']}" if m["build"] else None) if x]
        return self.make(
            text,
            train=train,
            branch=train,
            key=tuple(key),
            text=f"V{m['major']}.{m['minor']}" + "".join(f".{f}" for f in fields),
            label=" ".join(labels) or None,
        )

    def parse_branch(self, text: str) -> str:
        m = _BRANCH.fullmatch(branch_text(text))
        if not m:
            raise self.branch_error(text, "V<major>.<minor>, e.g. V5.10")
        return f"V{int(m['major'])}.{int(m['minor'])}"


SCHEME = ZxrosScheme()
