"""The nouns every stage shares, as frozen dataclasses.

Stages hand these to each other and never mutate them: an audit run is a pile of immutable
facts, which is what makes a report reproducible and safe to compute from several threads.
Nothing here knows about SSH, YAML or Jinja.
"""

from __future__ import annotations

import enum
import re
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any


class Status(str, enum.Enum):
    """One status per device, worst first (the order of this enum is the severity order).

    `unknown` means the catalogue has no data for what the device runs: it is never shown as
    current. `failed` means the device could not be audited at all (cause in the result).
    """

    UNSUPPORTABLE = "unsupportable"
    VULNERABLE = "vulnerable"
    OUTDATED = "outdated"
    UNKNOWN = "unknown"
    FAILED = "failed"
    CURRENT = "current"

    @property
    def rank(self) -> int:
        """0 is the worst status; used to sort and to pick a device's overall status."""
        return list(Status).index(self)


class Cause(str, enum.Enum):
    """Why a device could not be audited. Transient causes may be retried; `auth` and
    `host-key` never are (retrying a refused password locks accounts; a changed host key is a
    possible man-in-the-middle that a person must look at)."""

    AUTH = "auth"
    HOSTKEY = "host-key"
    TIMEOUT = "timeout"
    UNREACHABLE = "unreachable"
    DISCONNECTED = "disconnected"
    UNPARSEABLE = "unparseable"
    PROTOCOL = "protocol"
    INTERRUPTED = "interrupted"
    INTERNAL = "internal"

    @property
    def transient(self) -> bool:
        return self in (Cause.TIMEOUT, Cause.UNREACHABLE, Cause.DISCONNECTED)


class Severity(str, enum.Enum):
    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"
    INFO = "info"


@dataclass(frozen=True)
class Device:
    """One inventory entry: who to ask, how, and the labels reports group by.

    Credentials are *not* here: they are resolved at connection time from the environment or
    a prompt (see `auditor.inventory.credentials`), so a Device can be logged or stored safely.
    """

    name: str
    host: str
    platform: str
    port: int = 22
    site: str | None = None
    role: str | None = None
    tags: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()
    username: str | None = None
    driver: str = "netmiko"
    data: tuple[tuple[str, str], ...] = ()

    @property
    def zone(self) -> str:
        """The management-network zone whose collectors can reach this device (`default`)."""
        return dict(self.data).get("zone") or DEFAULT_ZONE


DEFAULT_ZONE = "default"
#: A zone names a queue (`collect.<zone>`): letters, digits, `_ . -`, up to 63 characters.
ZONE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$")
ZONE_RULE = "letters, digits, '_', '.' or '-' (up to 63), starting with a letter or digit"


@dataclass(frozen=True)
class Module:
    """A line card, board or stack member that runs software of its own."""

    name: str
    model: str | None = None
    version: str | None = None
    serial: str | None = None


@dataclass(frozen=True)
class Facts:
    """What a device says about itself, as parsed from its version command(s).

    `os` is the short OS id used across the project and the corpus (`ios`, `ios-xe`, `nx-os`,
    `junos`, `eos`, `vrp`, ...). `warnings` says what the parser could not read, so a partial
    parse is visible instead of silently missing.
    """

    vendor: str
    os: str
    version: str
    model: str | None = None
    hostname: str | None = None
    serial: str | None = None
    modules: tuple[Module, ...] = ()
    warnings: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {
            "vendor": self.vendor,
            "os": self.os,
            "version": self.version,
            "model": self.model,
            "hostname": self.hostname,
            "serial": self.serial,
            "modules": [m.__dict__ for m in self.modules],
            "warnings": list(self.warnings),
        }


@dataclass(frozen=True)
class Citation:
    """The catalogue entry a finding stands on (`advisory CSCwx12345`, `software ios-xe 17.9`,
    `hardware C9300-48P`, ...) and that entry's source URL.

    This is all a finding cites. The device output it was judged on is the same for every
    finding of a device, so it is recorded once, on the result (`Judged`): that is what lets
    every device on one version share the very same advisory Finding objects (hundreds of
    thousands of them in a large fleet) instead of each holding its own copies.
    """

    catalogue_entry: str | None = None
    source_url: str | None = None


@dataclass(frozen=True)
class Judged:
    """The device output a verdict was judged on: the platform's version command, when its
    output was collected and the SHA-256 of the raw output (which the run store keeps).

    One per device result, shared by all its findings: a report prints it beside each finding
    ("judged on `show version` at 09:00, sha256 ..."), joined from the result, so a reader can
    re-hash the stored output and check any finding without trusting the tool.
    """

    command: str
    collected_at: datetime
    output_sha256: str

    @classmethod
    def of(cls, collection: Collection) -> Judged:
        return cls(collection.command, collection.collected_at, collection.sha256)


@dataclass(frozen=True)
class Finding:
    """One reason a device is not current, or one thing the auditor could not decide.

    `kind` is one of: end-of-support, end-of-maintenance, support-ending (within the horizon),
    vendor-supply, advisory, below-minimum, behind-recommended, no-data, undetermined.
    """

    kind: str
    status: Status | None
    """The status this finding implies; None for information that changes no status."""
    title: str
    detail: str = ""
    severity: Severity = Severity.INFO
    advisory_id: str | None = None
    cves: tuple[str, ...] = ()
    fixed_in: tuple[str, ...] = ()
    due: date | None = None
    citation: Citation = Citation()
    """The catalogue entry this finding rests on; the device output is on the result."""


@dataclass(frozen=True)
class Collection:
    """Raw text a collector brought back, kept for evidence (hashed, never re-sent anywhere)."""

    command: str
    output: str
    collected_at: datetime
    sha256: str
    truncated: bool = False
    prompt: str | None = None
    """The CLI prompt the answer ended at (`RP/0/RSP0/CPU0:pe1#`, `<ne40-lon>`), cleaned and
    bounded (`auditor.parse.prompt.clean_prompt`): on some families the only place the host
    name shows. None where there is none: MML consoles, saved output, NAPALM, a cut answer."""


@dataclass(frozen=True)
class DeviceResult:
    """Everything known about one device after a run. A failed device is a result too."""

    device: Device
    status: Status
    facts: Facts | None = None
    findings: tuple[Finding, ...] = ()
    cause: Cause | None = None
    error: str | None = None
    collections: tuple[Collection, ...] = ()
    target_version: str | None = None
    target_note: str | None = None
    started_at: datetime | None = None
    duration_s: float = 0.0
    attempts: int = 1
    judged: Judged | None = None
    """The collection the verdict was judged on (one of `collections`); every finding's
    evidence is this plus the finding's own `citation`. None when nothing was judged."""

    @property
    def ok(self) -> bool:
        return self.cause is None


def new_run_id(started_at: datetime) -> str:
    """Sortable and unique: `20260601T020000Z-1a2b3c`."""
    return started_at.strftime("%Y%m%dT%H%M%SZ") + "-" + uuid.uuid4().hex[:6]


@dataclass(frozen=True)
class AuditRun:
    """One audit: its scope, the catalogue it used, when, and one result per device."""

    run_id: str
    started_at: datetime
    finished_at: datetime
    as_of: date
    tool_version: str
    inventory_source: str
    inventory_sha256: str
    catalogue_version: str
    catalogue_sha256: str
    results: tuple[DeviceResult, ...]
    horizon_days: int = 180
    interrupted: bool = False
