"""The two types every version scheme shares: `Version` and `VersionScheme`.

Why a scheme per vendor rather than one clever comparator: network OS versions are not
semver. `15.2(4)M7 < 15.2(4)M10`, `20.4R3 < 20.4R3-S2`, `4.28.6M < 4.28.6.1M`, and two
versions of different *trains* (IOS `15.2M` vs `15.2E`, Junos R vs X49) are simply not ordered.
Loose "distutils" comparisons silently invent an order there, which turns "we don't know" into
"not affected". So each scheme turns text into a `Version` whose `key` is a plain tuple that is
totally ordered *within its train*, and refuses (with `VersionParseError`) anything it cannot
read. Comparison across trains is the caller's `incomparable`, never a guess.

Equality of `Version` objects ignores the text they came from (`raw`, the canonical `text`)
and the informational `label`, so `16.09.03` and `16.9.3` are equal values; a `Version` is also
hashable and cheap to compare (tuples of ints and short strings).
"""

from __future__ import annotations

import functools
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Any, ClassVar

from auditor.errors import VersionParseError

#: Longest text any scheme tries to read; longer input is certainly not a version string and
#: refusing it early keeps regexes and int() conversions cheap on hostile input.
MAX_VERSION_LENGTH = 200


@dataclass(frozen=True, slots=True)
class Version:
    """One parsed version. Compare `key`s only when `scheme` and `train` are equal."""

    scheme: str
    """Id of the scheme that parsed it (`junos`, `cisco-ios`...)."""
    raw: str = field(compare=False)
    """The text as given (stripped); kept for evidence, not part of equality."""
    train: str
    """Comparability domain: versions of different trains are incomparable."""
    branch: str
    """Release cycle in canonical text: lifecycle lookups and per-branch fix lists key on it."""
    key: tuple[Any, ...]
    """Total order within one train."""
    label: str | None = field(default=None, compare=False)
    """Informational label (EOS F/M, XR LNT, FortiOS GA.M); never used for ordering."""
    flags: frozenset[str] = frozenset()
    """Properties a report should show: engineering, internal, interim, beta, guess..."""
    text: str = field(default="", compare=False, repr=False)
    """Canonical text (what `str()` returns); the scheme parses it back to an equal Version."""

    def __str__(self) -> str:
        return self.text or self.raw


class VersionScheme(ABC):
    """A vendor version grammar: parse text into `Version`, canonicalise branch names.

    Subclasses implement `_parse` (on stripped, length-checked text) and `parse_branch`. The
    public `parse` adds a per-scheme LRU cache (range matching parses the same catalogue
    strings over and over) and the guarantee that any `str` input either parses or raises
    `VersionParseError` - a device that prints something odd becomes an `undetermined`
    finding, never a crash.
    """

    id: ClassVar[str]
    description: ClassVar[str]
    """One line for `auditor versions schemes`."""
    examples: ClassVar[tuple[str, ...]]
    """Valid versions, shown in error messages (first one) and used in tests."""
    grammar: ClassVar[str]
    """Short grammar sketch for error messages, e.g. `M.m(maint)TRAIN[rebuild]`."""

    def __init__(self) -> None:
        self._cached = functools.lru_cache(maxsize=16384)(self._parse_checked)

    def parse(self, text: str) -> Version:
        """Read one version string; raise `VersionParseError` saying what was expected."""
        if not isinstance(text, str):
            raise VersionParseError(
                f"{self.id}: expected a version string, got {type(text).__name__}"
            )
        return self._cached(text)

    @abstractmethod
    def parse_branch(self, text: str) -> str:
        """Canonicalise a catalogue release-cycle string (`17.03` -> `17.3`)."""

    @abstractmethod
    def _parse(self, text: str) -> Version:
        """Parse stripped, non-empty text of sane length; raise via `self.error`."""

    def _parse_checked(self, text: str) -> Version:
        stripped = text.strip()
        if not stripped or len(stripped) > MAX_VERSION_LENGTH:
            raise self.error(text)
        try:
            return self._parse(stripped)
        except VersionParseError:
            raise
        except (ValueError, IndexError, KeyError, TypeError, OverflowError) as exc:
            # Safety net for the "only VersionParseError" contract; the property tests run
            # every scheme against arbitrary text so this should stay unreachable.
            raise self.error(text, str(exc)) from exc

    def make(
        self,
        raw: str,
        *,
        train: str,
        branch: str,
        key: tuple[Any, ...],
        text: str,
        label: str | None = None,
        flags: frozenset[str] | set[str] = frozenset(),
    ) -> Version:
        """Build a Version of this scheme (keeps subclasses free of boilerplate)."""
        return Version(
            scheme=self.id,
            raw=raw,
            train=train,
            branch=branch,
            key=key,
            label=label,
            flags=frozenset(flags),
            text=text,
        )

    def error(self, text: str, reason: str | None = None) -> VersionParseError:
        """The error for unreadable text: what we got, why, and what this scheme expects."""
        return VersionParseError(self._message("cannot read", text, reason, self.grammar))

    def branch_error(
        self, text: str, expected: str, reason: str | None = None
    ) -> VersionParseError:
        """The error for an unreadable release-cycle (branch) string.

        `expected` names the form and carries its own example (`M.m, e.g. 20.4`).
        """
        return VersionParseError(self._message("cannot read release cycle", text, reason, expected))

    def _message(self, what: str, text: str, reason: str | None, expected: str) -> str:
        shown = text.strip()
        if len(shown) > 60:
            shown = shown[:57] + "..."
        message = f"{self.id}: {what} {shown!r}"
        if reason:
            message += f" ({reason})"
        if "e.g." not in expected:
            expected = f"{expected}, e.g. {self.examples[0]}"
        return f"{message}; expected {expected}"

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.id}>"


def branch_text(text: str) -> str:
    """Strip a release-cycle string and a trailing `.x`/`(x)` wildcard catalogues often add."""
    stripped = text.strip()
    for suffix in (".x", ".X", "(x)", "(X)"):
        if stripped.endswith(suffix):
            return stripped[: -len(suffix)]
    return stripped


def num(text: str | None, default: int = 0) -> int:
    """int() of an optional regex group (absent means `default`, usually 0)."""
    return int(text) if text else default
