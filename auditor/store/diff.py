"""What changed between two runs: the drift a NOC wants to see each morning.

Devices are matched by inventory name. Versions are compared with the platform's own version
scheme (`15.2(7)E4 < 15.2(7)E10`, never as strings); two versions the scheme cannot order
(another train, unreadable) are reported as *changed*, not guessed up or down.
Findings are compared only for devices audited in both runs, so a device that timed out today
does not look as if all its advisories were fixed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from auditor.errors import AuditorError
from auditor.models import AuditRun, DeviceResult, Finding, Status

#: Statuses a device can newly *be*: the problems `diff` calls out.
PROBLEMS = (Status.UNSUPPORTABLE, Status.VULNERABLE, Status.OUTDATED, Status.UNKNOWN)


@dataclass(frozen=True)
class VersionChange:
    device: str
    before: str
    after: str
    direction: str
    """upgraded, downgraded, or changed (the scheme cannot order the two)."""


@dataclass(frozen=True)
class StatusChange:
    device: str
    before: Status
    after: Status
    kind: str
    """worse (newly <after>), fixed, failing (could not be audited now), recovered, changed."""
    cause: str | None = None


@dataclass(frozen=True)
class FindingChange:
    device: str
    change: str
    """added or removed."""
    kind: str
    title: str
    advisory_id: str | None


@dataclass(frozen=True)
class RunDiff:
    run_a: str
    run_b: str
    added: tuple[tuple[str, Status], ...] = ()
    removed: tuple[tuple[str, Status], ...] = ()
    versions: tuple[VersionChange, ...] = ()
    statuses: tuple[StatusChange, ...] = ()
    findings: tuple[FindingChange, ...] = ()
    unchanged: int = 0

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.versions or self.statuses or self.findings)

    def newly(self, status: Status) -> list[StatusChange]:
        return [c for c in self.statuses if c.kind == "worse" and c.after is status]

    def as_dict(self) -> dict[str, Any]:
        return {
            "run_a": self.run_a,
            "run_b": self.run_b,
            "added": [{"device": n, "status": s.value} for n, s in self.added],
            "removed": [{"device": n, "status": s.value} for n, s in self.removed],
            "versions": [c.__dict__ for c in self.versions],
            "statuses": [
                {
                    "device": c.device,
                    "before": c.before.value,
                    "after": c.after.value,
                    "kind": c.kind,
                    "cause": c.cause,
                }
                for c in self.statuses
            ],
            "newly": {
                s.value: [c.device for c in self.newly(s)] for s in PROBLEMS if self.newly(s)
            },
            "fixed": [c.device for c in self.statuses if c.kind == "fixed"],
            "findings": [c.__dict__ for c in self.findings],
            "unchanged": self.unchanged,
        }


def diff_runs(a: AuditRun, b: AuditRun) -> RunDiff:
    """How run `b` (later) differs from run `a` (earlier)."""
    old = {r.device.name: r for r in a.results}
    new = {r.device.name: r for r in b.results}
    versions: list[VersionChange] = []
    statuses: list[StatusChange] = []
    findings: list[FindingChange] = []
    unchanged = 0
    for name in sorted(old.keys() & new.keys()):
        before, after = old[name], new[name]
        v = version_change(before, after)
        s = status_change(before, after)
        f = finding_changes(before, after)
        versions += [v] if v else []
        statuses += [s] if s else []
        findings += f
        unchanged += not (v or s or f)
    return RunDiff(
        run_a=a.run_id,
        run_b=b.run_id,
        added=tuple((n, new[n].status) for n in sorted(new.keys() - old.keys())),
        removed=tuple((n, old[n].status) for n in sorted(old.keys() - new.keys())),
        versions=tuple(versions),
        statuses=tuple(statuses),
        findings=tuple(findings),
        unchanged=unchanged,
    )


def version_change(before: DeviceResult, after: DeviceResult) -> VersionChange | None:
    if before.facts is None or after.facts is None:
        return None
    a, b = before.facts.version, after.facts.version
    if a == b and before.device.platform == after.device.platform:
        return None
    direction = _direction(before.device.platform, a, after.device.platform, b)
    return VersionChange(after.device.name, a, b, direction)


def _direction(platform_a: str, version_a: str, platform_b: str, version_b: str) -> str:
    from auditor.platforms import get_platform
    from auditor.versions import Ordering, compare, parse

    try:
        older = parse(get_platform(platform_a).scheme, version_a)
        newer = parse(get_platform(platform_b).scheme, version_b)
        order = compare(older, newer)
    except AuditorError:  # unknown platform or scheme, unreadable version
        return "changed"
    return {Ordering.LT: "upgraded", Ordering.GT: "downgraded"}.get(order, "changed")


def status_change(before: DeviceResult, after: DeviceResult) -> StatusChange | None:
    b, a = before.status, after.status
    if a is b:
        return None
    name = after.device.name
    cause = after.cause.value if after.cause else None
    if a is Status.FAILED:
        return StatusChange(name, b, a, "failing", cause)
    if b is Status.FAILED:
        return StatusChange(name, b, a, "recovered")
    if a.rank < b.rank:
        return StatusChange(name, b, a, "worse")
    if a is not Status.UNKNOWN:  # better, and known to be better
        return StatusChange(name, b, a, "fixed")
    return StatusChange(name, b, a, "changed")  # e.g. vulnerable → no data: not proof of a fix


def _key(f: Finding) -> tuple[str, str]:
    return (f.kind, f.advisory_id or f.title)


def finding_changes(before: DeviceResult, after: DeviceResult) -> list[FindingChange]:
    if not (before.ok and after.ok):
        return []
    old = {_key(f): f for f in before.findings}
    new = {_key(f): f for f in after.findings}
    name = after.device.name
    return [
        FindingChange(name, "added", f.kind, f.title, f.advisory_id)
        for k, f in new.items()
        if k not in old
    ] + [
        FindingChange(name, "removed", f.kind, f.title, f.advisory_id)
        for k, f in old.items()
        if k not in new
    ]
