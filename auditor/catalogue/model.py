"""The advisory catalogue in memory: immutable entries plus the indexes evaluation needs.

Field names follow the industry's (see docs/catalogue.md for the crosswalk to Cisco EoX,
endoflife.date, CSAF 2.0 and OSV). Every entry remembers its source and the file and line it
was read from, so a finding can cite both.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from auditor.versions import Version

SUPPLY_STATUSES = ("normal", "at-risk", "designated-high-risk", "ceased")
SEVERITIES = ("critical", "high", "medium", "low")


@dataclass(frozen=True)
class Source:
    url: str | None = None
    retrieved: date | None = None
    file: str = ""
    line: int = 0

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
    """Support milestones shared by software trains and hardware models."""

    end_of_sale: date | None = None
    end_of_sw_maintenance: date | None = None
    end_of_security_support: date | None = None
    last_date_of_support: date | None = None

    @property
    def end_of_support(self) -> date | None:
        """The date after which no security fix can be expected: the earlier of the two."""
        dates = [d for d in (self.end_of_security_support, self.last_date_of_support) if d]
        return min(dates) if dates else None


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

    @property
    def ref(self) -> str:
        return f"software {self.os} {self.train}"


@dataclass(frozen=True)
class HardwareModel:
    vendor: str
    models: tuple[str, ...]
    milestones: Milestones
    replacement: str | None
    source: Source

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
    """What one advisory says about one OS: ranges (vers: or OSV events) and per-branch fixes."""

    os: str
    ranges: tuple[Any, ...]  # VersRange | EventRange
    fixed: tuple[Version, ...]


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
    _by_branch: dict[tuple[str, str], SoftwareTrain] = field(default_factory=dict, repr=False)
    _trains_by_os: dict[str, list[SoftwareTrain]] = field(default_factory=dict, repr=False)
    _advisories_by_os: dict[str, list[tuple[Advisory, Affected]]] = field(
        default_factory=dict, repr=False
    )
    _hardware_by_model: dict[str, HardwareModel] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        by_os: dict[str, list[SoftwareTrain]] = defaultdict(list)
        for train in self.software:
            self._by_branch[(train.os, train.branch)] = train
            by_os[train.os].append(train)
        self._trains_by_os.update(by_os)
        advisories: dict[str, list[tuple[Advisory, Affected]]] = defaultdict(list)
        for advisory in self.advisories:
            for affected in advisory.affected:
                advisories[affected.os].append((advisory, affected))
        self._advisories_by_os.update(advisories)
        for hw in self.hardware:
            for model in hw.models:
                self._hardware_by_model[model.upper()] = hw

    def train_for(self, os: str, version: Version) -> SoftwareTrain | None:
        """The lifecycle entry for a version: its branch (`17.9`, `15.2(4)M`) or, where the
        vendor publishes lifecycle per whole train (classic IOS `12.0T`), its train."""
        return self._by_branch.get((os, version.branch)) or self._by_branch.get((os, version.train))

    def trains(self, os: str) -> list[SoftwareTrain]:
        return self._trains_by_os.get(os, [])

    def advisories_for(self, os: str) -> list[tuple[Advisory, Affected]]:
        return self._advisories_by_os.get(os, [])

    def hardware_for(self, model: str | None) -> HardwareModel | None:
        return self._hardware_by_model.get(model.upper()) if model else None

    def vendor(self, vendor_name: str) -> Vendor | None:
        key = vendor_name.lower()
        if key in self.vendors:
            return self.vendors[key]
        for vendor in self.vendors.values():
            if key == vendor.name.lower() or key in (a.lower() for a in vendor.aliases):
                return vendor
        return None

    def known_versions(self, os: str) -> list[Version]:
        """Every version the catalogue names for an OS: candidates for an upgrade target."""
        found: dict[str, Version] = {}
        for train in self.trains(os):
            if train.latest:
                found[str(train.latest)] = train.latest
        for baseline in self.baselines:
            if baseline.os == os:
                for v in (baseline.minimum, baseline.recommended):
                    if v:
                        found[str(v)] = v
        for _, affected in self.advisories_for(os):
            for v in affected.fixed:
                found[str(v)] = v
        return list(found.values())
