"""Throughput of `auditor.versions`: parse/s, compare/s, range-match/s. Prints, never asserts.

Run: `python benchmarks/versions.py`. Target: 100,000 range matches in under a second on one
core (the evaluator matches every device against every advisory range of its OS).
"""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from auditor.versions import compare, get_scheme  # noqa: E402
from auditor.versions.ranges import EventRange, VersRange, fixed_by  # noqa: E402

JUNOS = [f"{m}.{n}R{r}-S{s}.{b}" for m in range(18, 24) for n in (1, 2, 3, 4)
         for r in (1, 2, 3) for s in range(0, 8) for b in (1, 5)]  # fmt: skip
IOS = [f"15.{m}({n}){t}{r}" for m in (0, 1, 2) for n in range(1, 8) for t in ("M", "E", "SE")
       for r in range(0, 12)]  # fmt: skip
RANGES = {
    "junos": [
        VersRange.parse("vers:junos/>=19.3R1|<19.3R2-S2|>=20.4R1|<20.4R3"),
        VersRange.parse("vers:junos/>=18.1R1|<18.4R3-S5|>=21.1R1|<21.2R3-S1|>=22.4R1|<22.4R2"),
        VersRange.parse("vers:junos/<23.2R1"),
    ],
    "cisco-ios": [
        VersRange.parse("vers:cisco-ios/>=15.2(4)M1|<15.2(4)M10|>=15.2(2)E|<15.2(7)E3"),
        VersRange.parse("vers:cisco-ios/<15.0(2)SE11"),
    ],
}


def rate(label: str, n: int, fn: Callable[[], object]) -> None:
    start = time.perf_counter()
    fn()
    elapsed = time.perf_counter() - start
    print(f"{label:<44} {n / elapsed:>12,.0f} /s   ({n:,} in {elapsed:.3f} s)")


def main() -> None:
    rng = random.Random(42)
    junos, ios = get_scheme("junos"), get_scheme("cisco-ios")
    texts = [("junos", t) for t in JUNOS] + [("cisco-ios", t) for t in IOS]
    print(f"python {sys.version.split()[0]}; {len(texts)} distinct version strings")

    def parse_uncached() -> None:
        for scheme_id, text in texts:
            get_scheme(scheme_id)._parse_checked(text)

    rate("parse (uncached)", len(texts), parse_uncached)
    n = 100_000
    sample = [rng.choice(texts) for _ in range(n)]
    rate("parse (cached, repeated strings)", n, lambda: [get_scheme(s).parse(t) for s, t in sample])

    versions = [junos.parse(t) for t in JUNOS] + [ios.parse(t) for t in IOS]
    pairs = [(rng.choice(versions), rng.choice(versions)) for _ in range(n)]
    rate("compare", n, lambda: [compare(a, b) for a, b in pairs])

    checks = []
    for _ in range(n):
        v = rng.choice(versions)
        checks.append((rng.choice(RANGES[v.scheme]), v))
    rate("vers range match (pre-parsed)", n, lambda: [r.contains(v) for r, v in checks])

    raw_checks = [(r, v.scheme, str(v)) for r, v in checks]
    rate(
        "vers range match (parse version each time)",
        n,
        lambda: [r.contains(get_scheme(s).parse(t)) for r, s, t in raw_checks],
    )

    events = EventRange("junos", [{"introduced": "0"}, {"fixed": "20.4R3-S2"}])
    jv = [v for v in versions if v.scheme == "junos"]
    ev_checks = [rng.choice(jv) for _ in range(n)]
    rate("OSV events match", n, lambda: [events.contains(v) for v in ev_checks])

    fixes = [junos.parse(t) for t in ("19.3R2-S2", "19.3R3", "20.4R3-S2", "21.2R3-S1")]
    rate("fixed_by (4 fixes)", n, lambda: [fixed_by(v, fixes) for v in ev_checks])


if __name__ == "__main__":
    main()
