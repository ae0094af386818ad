"""CVSS vectors: validate and score them with the maintained `cvss` library (RedHat's).

A catalogue that states a score by hand can drift from its vector (a typo in `AV:N`, a score
copied from another CVE). The loader therefore computes the base score from the vector and
reports a stated score that differs, rather than trusting either silently.

>>> score_vector("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H")
Score(vector='CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H', version='3.1', base=10.0, severity='critical')
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from cvss import CVSS2, CVSS3, CVSS4
from cvss.exceptions import CVSSError

#: Scores are published with one decimal; two computations of the same vector agree exactly,
#: so anything beyond rounding noise is a real mismatch.
TOLERANCE = 0.05


class VectorError(ValueError):
    """A vector the `cvss` library refuses; the message says why and what was expected."""


@dataclass(frozen=True)
class Score:
    vector: str
    version: str
    base: float
    severity: str
    """critical, high, medium, low or none (the CVSS qualitative rating)."""


@functools.lru_cache(maxsize=4096)
def score_vector(vector: str) -> Score:
    """Parse and score a CVSS v2, v3.x or v4.0 base vector; `VectorError` if unreadable."""
    text = vector.strip()
    try:
        if text.startswith("CVSS:4.0/"):
            v4 = CVSS4(text)
            return Score(text, "4.0", float(v4.base_score), str(v4.severity).lower())
        if text.startswith("CVSS:3."):
            v3 = CVSS3(text)
            return Score(text, text[5:8], float(v3.base_score), str(v3.severities()[0]).lower())
        if text.startswith("CVSS:"):
            raise VectorError(f"unsupported CVSS version in {text!r}")
        v2 = CVSS2(text)
        return Score(text, "2.0", float(v2.base_score), _v2_severity(float(v2.base_score)))
    except CVSSError as exc:
        raise VectorError(
            f"bad CVSS vector {text!r}: {exc}; expected e.g. "
            "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"
        ) from None


def _v2_severity(base: float) -> str:
    """CVSS v2 has no official rating; NVD's bands (low < 4.0 <= medium < 7.0 <= high)."""
    if base >= 7.0:
        return "high"
    return "medium" if base >= 4.0 else "low"


def matches(stated: float, score: Score) -> bool:
    return abs(stated - score.base) < TOLERANCE
