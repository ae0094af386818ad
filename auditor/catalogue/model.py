"""The advisory catalogue in memory: immutable entries plus the indexes evaluation needs.

Field names follow the industry's (see docs/catalogue.md for the crosswalk to Cisco EoX,
endoflife.date, CSAF 2.0 and OSV). Every entry remembers its source and the file and line it
was read from, so a finding can cite both.

Why the indexes and memos: a fleet of 10,000 devices runs a few hundred distinct versions, and a
catalogue may hold 10,000 advisories. Advisories are indexed by OS, train and version span
(auditor.catalogue.index) so a device only meets the advisories that could hold its version, and
the answer "which advisories hold this version" is computed once per distinct version, not once
per device.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from datetime import date
from fnmatch import fnmatchcase
from functools import cached_property
from typing import Any, TypeVar

from auditor.catalogue.index import AdvisoryIndex
from auditor.errors import CatalogueError
from auditor.versions import Version

SUPPLY_STATUSES = ("normal", "at-risk", "designated-high-risk", "ceased")
SEVERITIES = ("critical", "high", "medium", "low")
HARDWARE_KINDS = ("chassis", "module", "board", "part")
MILESTONES = (
    "end_of_sale",
    "end_of_sw_maintenance",
    "end_of_security_support",
    "last_date_of_support",
)


@dataclass(frozen=True)
class Source:
    """Where an entry's facts come from (`url`, `retrieved`) and where it was read (`file:line`).

    `imported_from` names the importer and input file (`endoflife:cisco-ios-xe.md`) for entries
    written by `auditor catalogue import`."""

    url: str | None = None
    retrieved: date | None = None
    file: str = ""
    line: int = 0
    imported_from: str | None = None

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file


@dataclass(frozen=True)
class SupplyStatus:
    status: str
    since: date | None
    until: date | None
    summary: str
    source: Source


@dataclass(frozen=True)
class Vendor:
    id: str
    name: str
    aliases: tuple[str, ...]
    supply: tuple[SupplyStatus, ...]
    source: Source

    def supply_on(self, day: date) -> SupplyStatus | None:
        """The latest supply status in force on `day` (None: normal, nothing recorded)."""
        current = None
        for entry in self.supply:
            started = entry.since is None or entry.since <= day
            ended = entry.until is not None and entry.until < day
            if started and not ended:
                current = entry
        return current


@dataclass(frozen=True)
class Milestones:
    """Support milestones shared by software trains and hardware models.

    `passed` names milestones a source says are over without giving a date (endoflife.date's
    `eol: true`): the device is past them, but no date can be quoted."""

    end_of_sale: date | None = None
    end_of_sw_maintenance: date | None = None
    end_of_security_support: date | None = None
    last_date_of_support: date | None = None
    passed: frozenset[str] = frozenset()

    @property
    def end_of_support(self) -> date | None:
        """The date after which no security fix can be expected: the earlier of the two."""
        dates = [d for d in (self.end_of_security_support, self.last_date_of_support) if d]
        return min(dates) if dates else None

    @property
    def support_ended_undated(self) -> bool:
        """A source says support is over but gives no date."""
        return bool({"end_of_security_support", "last_date_of_support"} & self.passed)

    def status_on(self, day: date) -> str:
        """One word for tables: `supported`, `security-only`, `unsupported` or `no-dates`."""
        end = self.end_of_support
        if (end and end < day) or self.support_ended_undated:
            return "unsupported"
        eom = self.end_of_sw_maintenance
        if (eom and eom < day) or "end_of_sw_maintenance" in self.passed:
            return "security-only"
        if end is None and eom is None and self.end_of_sale is None:
            return "no-dates"
        return "supported"


@dataclass(frozen=True)
class SoftwareTrain:
    vendor: str
    os: str
    train: str
    branch: str
    milestones: Milestones
    release_date: date | None
    lts: bool | None
    latest: Version | None
    source: Source
    latest_release_date: date | None = None
    label: str | None = None

    @property
    def ref(self) -> str:
        return f"software {self.os} {self.train}"


@dataclass(frozen=True)
class HardwareModel:
    """One hardware lifecycle entry: a chassis, module, board or other part, by part number.

    `replacement` is the migration product a bulletin names (EoX `MigrationProductId`)."""

    vendor: str
    models: tuple[str, ...]
    milestones: Milestones
    replacement: str | None
    source: Source
    kind: str | None = None
    description: str = ""
    announced: date | None = None
    bulletin: str | None = None

    @property
    def ref(self) -> str:
        return f"hardware {self.models[0]}"


@dataclass(frozen=True)
class Baseline:
    os: str
    minimum: Version | None
    recommended: Version | None
    match: dict[str, tuple[str, ...]]
    valid_from: date | None
    valid_until: date | None
    rationale: str
    source: Source
    vendor: str | None = None

    def applies(
        self,
        *,
        model: str | None,
        site: str | None,
        role: str | None,
        tags: tuple[str, ...],
        day: date,
    ) -> bool:
        if self.valid_from and day < self.valid_from:
            return False
        if self.valid_until and day > self.valid_until:
            return False
        for key, wanted in self.match.items():
            if key == "tag":
                if not set(wanted) & set(tags):
                    return False
                continue
            value = {"model": model, "site": site, "role": role}.get(key)
            if value is None or value not in wanted:
                return False
        return True


@dataclass(frozen=True)
class Affected:
    """What one advisory says about one OS: ranges (vers: or OSV events) and per-branch fixes.

    `models` narrows it to hardware platforms (`EX*`, `SRX*`: globs on the device's model,
    upper-cased) when the advisory names them ("SRX Series and EX Series only"); empty means
    every platform running the OS. A device whose model is unknown is still counted."""

    os: str
    ranges: tuple[Any, ...]  # VersRange | EventRange
    fixed: tuple[Version, ...]
    models: tuple[str, ...] = ()

    @cached_property
    def _lowest_fix(self) -> dict[tuple[str, str, str], Any]:
        """(scheme, train, branch) → the key of the lowest fix listed for that branch."""
        lowest: dict[tuple[str, str, str], Any] = {}
        for v in self.fixed:
            branch = (v.scheme, v.train, v.branch)
            if branch not in lowest or v.key < lowest[branch]:
                lowest[branch] = v.key
        return lowest

    def fixed_in_branch(self, version: Version) -> bool | None:
        """`versions.ranges.fixed_by(version, self.fixed)`, answered from a per-branch table
        (asked for every candidate advisory of every distinct version in a fleet)."""
        lowest = self._lowest_fix.get((version.scheme, version.train, version.branch))
        return None if lowest is None else lowest <= version.key

    def applies_to_model(self, model: str | None) -> bool | None:
        """True/False when the model is known, None when it is not (the advisory then counts)."""
        if not self.models:
            return True
        if not model:
            return None
        upper = model.upper()
        return any(fnmatchcase(upper, pattern) for pattern in self.models)


def is_affected(version: Version, affected: Affected) -> bool:
    """Affected iff a range holds the version and no fix in its branch covers it.

    With no ranges at all, a per-branch fix list alone decides ("prior to 19.3R2-S2, 19.3R3").
    """
    if not affected.ranges:
        return affected.fixed_in_branch(version) is False
    for r in affected.ranges:
        if r.contains(version) is True:
            return affected.fixed_in_branch(version) is not True
    return False


@dataclass(frozen=True)
class Advisory:
    id: str
    title: str
    published: date | None
    updated: date | None
    cves: tuple[str, ...]
    severity: str
    cvss_vector: str | None
    cvss_score: float | None
    known_exploited: bool
    affected: tuple[Affected, ...]
    workarounds: str
    source: Source
    vendor: str | None = None
    aliases: tuple[str, ...] = ()
    cwes: tuple[str, ...] = ()


Match = tuple[Advisory, Affected]
T = TypeVar("T")


@dataclass(frozen=True)
class Catalogue:
    name: str
    version: str
    sha256: str
    root: str
    vendors: dict[str, Vendor]
    software: tuple[SoftwareTrain, ...]
    hardware: tuple[HardwareModel, ...]
    baselines: tuple[Baseline, ...]
    advisories: tuple[Advisory, ...]
    warnings: tuple[CatalogueError, ...] = ()
    """Doubtful but usable entries (`validate --strict` refuses them)."""
    # Indexes and memos: built from the fields above, never passed in, so a catalogue made with
    # `dataclasses.replace` gets its own (and shares no stale answers with the original).
    _by_branch: dict[tuple[str, str], SoftwareTrain] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    _trains_by_os: dict[str, list[SoftwareTrain]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    _advisories_by_os: dict[str, list[Match]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    _index: AdvisoryIndex = field(init=False, repr=False, compare=False)
    _hardware_by_model: dict[str, HardwareModel] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    _baselines_by_os: dict[str, list[Baseline]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    _vendor_names: dict[str, Vendor] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    _memo: dict[Any, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_os: dict[str, list[SoftwareTrain]] = defaultdict(list)
        for train in self.software:
            self._by_branch[(train.os, train.branch)] = train
            by_os[train.os].append(train)
        self._trains_by_os.update(by_os)
        object.__setattr__(self, "_index", AdvisoryIndex(self.advisories))
        self._advisories_by_os.update(self._index.matches)
        for hw in self.hardware:
            for model in hw.models:
                self._hardware_by_model[model.upper()] = hw
        baselines: dict[str, list[Baseline]] = defaultdict(list)
        for baseline in self.baselines:
            baselines[baseline.os].append(baseline)
        self._baselines_by_os.update(baselines)
        for vendor in self.vendors.values():
            for name in (vendor.name, *vendor.aliases):
                self._vendor_names.setdefault(name.lower(), vendor)
        for vid, vendor in self.vendors.items():
            self._vendor_names[vid] = vendor

    def train_for(self, os: str, version: Version) -> SoftwareTrain | None:
        """The lifecycle entry for a version: its branch (`17.9`, `15.2(4)M`) or, where the
        vendor publishes lifecycle per whole train (classic IOS `12.0T`), its train."""
        return self._by_branch.get((os, version.branch)) or self._by_branch.get((os, version.train))

    def trains(self, os: str) -> list[SoftwareTrain]:
        return self._trains_by_os.get(os, [])

    def advisories_for(self, os: str, train: str | None = None) -> list[Match]:
        """Every (advisory, affected) pair for an OS; with `train`, only those that can speak
        about that release train (its own constraints or fixes, or an all-versions range)."""
        if train is None:
            return self._advisories_by_os.get(os, [])
        return self._index.for_train(os, train)

    def affecting(self, os: str, version: Version) -> tuple[Match, ...]:
        """The advisories that hold `version` (memoised per distinct version)."""
        return self.cached(("affecting", os, version), lambda: self._affecting(os, version))

    def _affecting(self, os: str, version: Version) -> tuple[Match, ...]:
        candidates = self._index.candidates(os, version)
        return tuple((adv, aff) for adv, aff in candidates if is_affected(version, aff))

    def cached(self, key: Hashable, compute: Callable[[], T]) -> T:
        """Memoise a pure function of the catalogue (and `key`) for this catalogue's lifetime.

        Evaluation asks the same questions for every device on the same version; a race
        between threads only computes an answer twice."""
        try:
            return self._memo[key]
        except KeyError:
            value = self._memo[key] = compute()
            return value

    def baselines_for(self, os: str) -> list[Baseline]:
        return self._baselines_by_os.get(os, [])

    def hardware_for(self, model: str | None) -> HardwareModel | None:
        return self._hardware_by_model.get(model.upper()) if model else None

    def vendor(self, vendor_name: str) -> Vendor | None:
        """A vendor by id, name or alias (case-insensitive)."""
        return self._vendor_names.get(vendor_name.lower())

    def known_versions(self, os: str) -> list[Version]:
        """Every version the catalogue names for an OS: candidates for an upgrade target."""
        return list(self.cached(("known", os), lambda: self._known_versions(os)))

    def _known_versions(self, os: str) -> list[Version]:
        found: dict[Version, Version] = {}
        for train in self.trains(os):
            if train.latest:
                found.setdefault(train.latest, train.latest)
        for baseline in self.baselines_for(os):
            for v in (baseline.minimum, baseline.recommended):
                if v:
                    found.setdefault(v, v)
        for _, affected in self.advisories_for(os):
            for v in affected.fixed:
                found.setdefault(v, v)
        return list(found.values())

    def versions_in_train(self, os: str, train: str) -> list[Version]:
        """`known_versions` of one train, lowest first (versions of one train are ordered)."""
        return list(
            self.cached(
                ("in-train", os, train),
                lambda: sorted(
                    (v for v in self.known_versions(os) if v.train == train), key=lambda v: v.key
                ),
            )
        )
