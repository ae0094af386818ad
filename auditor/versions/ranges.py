"""Affected-version ranges: `vers:` strings, OSV-style events, and per-branch fix lists.

All three answer `contains(v)` / `fixed_by(v, ...)` with three states: True, False, or None
when the range says nothing about `v`'s train. A range can span several trains
(`vers:junos/>=19.3R1|<19.3R2-S2|>=20.4R1|<20.4R3`); only the constraints comparable with `v`
(same scheme and train) are evaluated, as intervals. Constraints of other trains neither
include nor exclude `v` - that is the difference between "not affected" and "no data".

`vers:` follows the spec's reading (github.com/package-url/purl-spec VERSION-RANGE-SPEC): `=`
and `!=` are checked first; the remaining constraints, sorted by version, form intervals
(`>=a|<b` is [a, b); a leading `<`/`<=` is open below; a trailing `>`/`>=` open above);
`*` alone means every version. Unsorted input is accepted and sorted per train.

>>> r = VersRange.parse("vers:junos/>=19.3R1|<19.3R2-S2|>=20.4R1|<20.4R3")
>>> from auditor.versions import parse
>>> r.contains(parse("junos", "19.3R2-S1")), r.contains(parse("junos", "20.4R3-S1"))
(True, False)
>>> r.contains(parse("junos", "15.1X49-D200")) is None
True
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from auditor.errors import InputError, RangeParseError
from auditor.versions import get_scheme
from auditor.versions.base import Version, VersionScheme

COMPARATORS = ("<=", ">=", "!=", "<", ">", "=")
_LOWER = (">", ">=")
_UPPER = ("<", "<=")
_EVENT_KINDS = ("introduced", "fixed", "last_affected", "limit")
_VERS_FORM = "vers:<scheme>/<comparator><version>|..., e.g. vers:junos/>=20.4R1|<20.4R3-S2"


@dataclass(frozen=True)
class Constraint:
    """One `vers:` constraint: a comparator and a parsed version."""

    comparator: str
    version: Version

    def __str__(self) -> str:
        op = "" if self.comparator == "=" else self.comparator
        return f"{op}{self.version}"


def _scheme(scheme: str | VersionScheme, error: type[InputError]) -> VersionScheme:
    if isinstance(scheme, VersionScheme):
        return scheme
    try:
        return get_scheme(scheme)
    except InputError as exc:
        raise error(exc.message) from None


@dataclass(frozen=True)
class VersRange:
    """A parsed `vers:<scheme>/<constraints>` range."""

    scheme: str
    constraints: tuple[Constraint, ...]
    """Sorted by train, then version (the canonical order); empty when `star`."""
    star: bool = False
    _by_train: dict[str, tuple[tuple[Constraint, ...], tuple[Constraint, ...]]] = field(
        default_factory=dict, compare=False, repr=False
    )

    @classmethod
    def parse(cls, text: str) -> VersRange:
        """Read `vers:<scheme-id>/<constraint>|...`; `RangeParseError` says what was expected."""
        if not isinstance(text, str):
            raise RangeParseError(f"expected a vers: range string, got {type(text).__name__}")
        stripped = "".join(text.split())
        if not stripped.startswith("vers:") or "/" not in stripped:
            raise RangeParseError(f"cannot read range {text.strip()!r}; expected {_VERS_FORM}")
        scheme_id, _, body = stripped[len("vers:") :].partition("/")
        scheme = _scheme(scheme_id, RangeParseError)
        if not body:
            raise RangeParseError(
                f"range {text.strip()!r} has no constraints; expected {_VERS_FORM}"
            )
        if body == "*":
            return cls(scheme.id, (), star=True)
        parsed = [cls._constraint(scheme, part, text) for part in body.split("|")]
        seen: set[tuple[str, Version]] = set()
        for c in parsed:
            if (c.comparator, c.version) in seen:
                raise RangeParseError(f"range {text.strip()!r}: constraint {c} appears twice")
            seen.add((c.comparator, c.version))
        parsed.sort(key=lambda c: (c.version.train, c.version.key, COMPARATORS.index(c.comparator)))
        by_train: dict[str, tuple[list[Constraint], list[Constraint]]] = {}
        for c in parsed:
            exact, bounds = by_train.setdefault(c.version.train, ([], []))
            (exact if c.comparator in ("=", "!=") else bounds).append(c)
        return cls(
            scheme.id,
            tuple(parsed),
            _by_train={t: (tuple(e), tuple(b)) for t, (e, b) in by_train.items()},
        )

    @staticmethod
    def _constraint(scheme: VersionScheme, part: str, text: str) -> Constraint:
        if not part:
            raise RangeParseError(
                f"range {text.strip()!r} has an empty constraint; expected {_VERS_FORM}"
            )
        if part == "*":
            raise RangeParseError(f"range {text.strip()!r}: '*' must be the only constraint")
        comparator = next((op for op in COMPARATORS if part.startswith(op)), "=")
        version_text = part[len(comparator) :] if part.startswith(comparator) else part
        if "%" in version_text:
            from urllib.parse import unquote

            version_text = unquote(version_text)
        try:
            version = scheme.parse(version_text)
        except InputError as exc:
            raise RangeParseError(f"range {text.strip()!r}: {exc.message}") from None
        return Constraint(comparator, version)

    def contains(self, v: Version) -> bool | None:
        """True/False for versions the range speaks about; None when no constraint is comparable."""
        if v.scheme != self.scheme:
            return None
        if self.star:
            return True
        groups = self._by_train.get(v.train)
        if groups is None:
            return None
        exact, bounds = groups
        key = v.key
        for c in exact:
            if c.version.key == key:
                return c.comparator == "="
        if not bounds:
            # Only =/!= constraints for this train and none matched: in the range only if it
            # is an exclusion list ("everything but ...").
            return any(c.comparator == "!=" for c in exact)
        return _in_intervals(key, bounds)

    def __str__(self) -> str:
        if self.star:
            return f"vers:{self.scheme}/*"
        return f"vers:{self.scheme}/" + "|".join(str(c) for c in self.constraints)


def _in_intervals(key: tuple[Any, ...], bounds: Sequence[Constraint]) -> bool:
    """The vers interval reading of sorted `<`, `<=`, `>`, `>=` constraints of one train."""
    for c in bounds:
        if c.version.key == key and c.comparator in ("<=", ">="):
            return True
    first, last = bounds[0], bounds[-1]
    if first.comparator in _UPPER and key < first.version.key:
        return True
    if last.comparator in _LOWER and key > last.version.key:
        return True
    for lo, hi in pairwise(bounds):
        if (
            lo.comparator in _LOWER
            and hi.comparator in _UPPER
            and lo.version.key < key < hi.version.key
        ):
            return True
    return False


class EventRange:
    """OSV-style `introduced`/`fixed`/`last_affected`/`limit` events over one scheme.

    Semantics follow the OSV schema's evaluation: walk events sorted by version; `introduced`
    at or below v turns "affected" on, `fixed` at or below v (or `last_affected` below v) turns
    it off; `introduced: "0"` means from the first version. `limit` events cap the range
    (v must be below some limit; `"*"` means no limit). Only events of v's train take part, so
    a list mixing trains answers None for a train it never mentions (a bare
    `introduced: "0"` does not count as mentioning a train, unless it is the only event).
    """

    def __init__(self, scheme: str | VersionScheme, events: Sequence[Mapping[str, str]]) -> None:
        resolved = _scheme(scheme, RangeParseError)
        self.scheme: str = resolved.id
        self.from_start = False
        self.events: list[tuple[str, Version]] = []
        if isinstance(events, (str, bytes)) or not isinstance(events, Sequence):
            raise RangeParseError(
                "OSV events must be a list of {introduced|fixed|last_affected|limit: version}"
            )
        for event in events:
            if not isinstance(event, Mapping) or len(event) != 1:
                raise RangeParseError(
                    f"cannot read OSV event {event!r}; expected one of "
                    "{introduced|fixed|last_affected|limit: version}"
                )
            ((kind, value),) = event.items()
            if kind not in _EVENT_KINDS or not isinstance(value, str):
                raise RangeParseError(
                    f"cannot read OSV event {event!r}; expected a key among {', '.join(_EVENT_KINDS)} "
                    "with a version string"
                )
            if value == "0" and kind == "introduced":
                self.from_start = True
                continue
            if value == "*" and kind == "limit":
                continue
            try:
                self.events.append((kind, resolved.parse(value)))
            except InputError as exc:
                raise RangeParseError(f"OSV event {kind}: {exc.message}") from None
        if not self.from_start and not any(k == "introduced" for k, _ in self.events):
            raise RangeParseError(
                "OSV events need at least one 'introduced' event (use \"0\" for all)"
            )
        order = {"introduced": 0, "last_affected": 1, "fixed": 2, "limit": 3}
        self._by_train: dict[str, list[tuple[str, Version]]] = {}
        for kind, version in sorted(self.events, key=lambda e: (e[1].train, e[1].key, order[e[0]])):
            self._by_train.setdefault(version.train, []).append((kind, version))

    def contains(self, v: Version) -> bool | None:
        """True/False for versions the events speak about; None otherwise."""
        if v.scheme != self.scheme:
            return None
        events = self._by_train.get(v.train)
        if events is None:
            return True if (self.from_start and not self.events) else None
        key = v.key
        limits = [e.key for kind, e in events if kind == "limit"]
        if limits and not any(key < limit for limit in limits):
            return False
        affected = self.from_start
        for kind, event in events:
            if kind == "introduced" and key >= event.key:
                affected = True
            elif (
                kind == "fixed" and key >= event.key or kind == "last_affected" and key > event.key
            ):
                affected = False
        return affected

    def __repr__(self) -> str:
        shown = ([{"introduced": "0"}] if self.from_start else []) + [
            {k: str(v)} for k, v in self.events
        ]
        return f"EventRange({self.scheme!r}, {shown!r})"


def fixed_by(v: Version, fixes: Sequence[Version]) -> bool | None:
    """Per-branch fix list: is `v` at or above the fix of its own branch?

    Only fixes of v's scheme, train AND branch count (advisories give one fix per branch:
    Junos "prior to 19.3R2-S2, 19.3R3"). True if some such fix <= v; False if there are such
    fixes and none <= v; None if the list has no fix for v's branch (the caller decides,
    e.g. "upgrade to a fixed branch" or "no data").
    """
    relevant = [
        f.key for f in fixes if f.scheme == v.scheme and f.train == v.train and f.branch == v.branch
    ]
    if not relevant:
        return None
    return any(k <= v.key for k in relevant)
