"""An interval index of advisories: which (advisory, affected) pairs could hold a version.

Trains are coarse (every IOS XE 16.x/17.x release is one train `XE`), so indexing by train
alone still leaves a device facing every advisory of its OS. Each affected entry therefore
gets, per train, the intervals of version keys outside which it can never answer "affected":
a `vers:` range's own intervals (open where the range is open), OSV events from each
`introduced` to the next fix; a fix list alone is filed under its branches. A query keeps the
entries with an interval holding the version (a bisection plus one tuple compare each) and only
those meet the real test, `is_affected`. The index never decides, it only rules out; the
test in tests/evaluate checks it answers exactly what a scan of every advisory answers.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from auditor.versions import Version
from auditor.versions.ranges import EventRange, VersRange

if TYPE_CHECKING:
    from auditor.catalogue.model import Advisory, Affected

Key = tuple[Any, ...]
Span = tuple[Key | None, Key | None]
"""(lowest, highest) key that can be affected; None = open on that side."""
ANY: dict[str, list[Span]] = {"*": [(None, None)]}
_LOWER, _UPPER = (">", ">="), ("<", "<=")


def _vers_spans(r: VersRange) -> dict[str, list[Span]]:
    """The intervals of a `vers:` range per train, read as `_in_intervals` reads them."""
    if r.star:
        return ANY
    by_train: dict[str, list[Any]] = defaultdict(list)
    for c in r.constraints:
        by_train[c.version.train].append(c)
    spans: dict[str, list[Span]] = {}
    for train, constraints in by_train.items():
        if any(c.comparator == "!=" for c in constraints):
            spans[train] = [(None, None)]
            continue
        found: list[Span] = [
            (c.version.key, c.version.key) for c in constraints if c.comparator in ("=", "<=", ">=")
        ]
        bounds = [c for c in constraints if c.comparator != "="]
        if bounds and bounds[0].comparator in _UPPER:
            found.append((None, bounds[0].version.key))
        if bounds and bounds[-1].comparator in _LOWER:
            found.append((bounds[-1].version.key, None))
        for lo, hi in pairwise(bounds):
            if lo.comparator in _LOWER and hi.comparator in _UPPER:
                found.append((lo.version.key, hi.version.key))
        spans[train] = found
    return spans


def _event_spans(r: EventRange) -> dict[str, list[Span]]:
    """From each `introduced` to the next `fixed`/`last_affected` (limits only narrow)."""
    if r.from_start and not r.events:
        return ANY
    order = {"introduced": 0, "last_affected": 1, "fixed": 2, "limit": 3}
    by_train: dict[str, list[tuple[str, Version]]] = defaultdict(list)
    for kind, v in sorted(r.events, key=lambda e: (e[1].train, e[1].key, order[e[0]])):
        by_train[v.train].append((kind, v))
    spans: dict[str, list[Span]] = {}
    for train, events in by_train.items():
        found: list[Span] = []
        start: Key | None = None
        open_ = r.from_start
        for kind, v in events:
            if kind == "introduced" and not open_:
                start, open_ = v.key, True
            elif kind in ("fixed", "last_affected") and open_:
                found.append((start, v.key))
                start, open_ = None, False
        if open_:
            found.append((start, None))
        spans[train] = found
    return spans


def spans(affected: Affected) -> dict[str, list[Span]]:
    """Train → intervals for one affected entry (`*`: any train, unbounded); a fix list alone
    is keyed `branch:<branch>` (it speaks only about its own branches)."""
    found: dict[str, list[Span]] = defaultdict(list)
    for r in affected.ranges:
        if isinstance(r, VersRange):
            part = _vers_spans(r)
        elif isinstance(r, EventRange):
            part = _event_spans(r)
        else:
            return ANY  # an unknown kind of range: never rule it out
        if "*" in part:
            return ANY
        for train, intervals in part.items():
            found[train] += intervals
    if not affected.ranges:  # affected below the fix of one's own branch
        for v in affected.fixed:
            found[f"branch:{v.branch}"].append((None, None))
    return found


class _Bucket:
    """The intervals of one (OS, train), sorted by lower end, in blocks that know their
    highest upper end: a query skips every block that ends below the version."""

    BLOCK = 32

    def __init__(self, entries: list[tuple[Span, int]]) -> None:
        self.open_low = [(span, pos) for span, pos in entries if span[0] is None]
        bounded = [(span[0], span, pos) for span, pos in entries if span[0] is not None]
        bounded.sort(key=lambda e: e[0])
        self.lows: list[Key] = [lo for lo, _, _ in bounded]
        self.bounded = [(span, pos) for _, span, pos in bounded]
        self.block_high: list[Key | None] = []
        for i in range(0, len(self.bounded), self.BLOCK):
            highs = [span[1] for span, _ in self.bounded[i : i + self.BLOCK]]
            bounded_highs = [h for h in highs if h is not None]
            self.block_high.append(None if len(bounded_highs) < len(highs) else max(bounded_highs))

    def positions(self, key: Key) -> list[int]:
        found = [pos for (_, hi), pos in self.open_low if hi is None or key <= hi]
        upto = bisect_right(self.lows, key)
        for block, high in enumerate(self.block_high):
            start = block * self.BLOCK
            if start >= upto:
                break
            if high is not None and high < key:
                continue
            end = min(start + self.BLOCK, upto)
            found += [pos for (_, hi), pos in self.bounded[start:end] if hi is None or key <= hi]
        return found

    def all(self) -> list[int]:
        return [pos for _, pos in (*self.open_low, *self.bounded)]


class AdvisoryIndex:
    """Build once per catalogue; `candidates(os, version)` in catalogue order."""

    def __init__(self, advisories: tuple[Advisory, ...]) -> None:
        self.matches: dict[str, list[tuple[Advisory, Affected]]] = defaultdict(list)
        raw: dict[tuple[str, str], list[tuple[Span, int]]] = defaultdict(list)
        for advisory in advisories:
            for affected in advisory.affected:
                pos = len(self.matches[affected.os])
                self.matches[affected.os].append((advisory, affected))
                for train, intervals in spans(affected).items():
                    raw[(affected.os, train)] += [(span, pos) for span in intervals]
        self.buckets = {k: _Bucket(v) for k, v in raw.items()}

    def for_train(self, os: str, train: str) -> list[tuple[Advisory, Affected]]:
        """Everything that can speak about a train (its own entries and any-train ones)."""
        positions: set[int] = set()
        for (bucket_os, name), bucket in self.buckets.items():
            if bucket_os == os and (name in (train, "*") or name.startswith("branch:")):
                positions.update(bucket.all())
        return [self.matches[os][p] for p in sorted(positions)]

    def candidates(self, os: str, version: Version) -> list[tuple[Advisory, Affected]]:
        positions: set[int] = set()
        for name in (version.train, f"branch:{version.branch}", "*"):
            bucket = self.buckets.get((os, name))
            if bucket is not None:
                positions.update(bucket.positions(version.key))
        return [self.matches[os][p] for p in sorted(positions)]
