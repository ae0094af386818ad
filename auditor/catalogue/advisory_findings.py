"""The advisory findings of one device: the catalogue's advisories that hold its version and
apply to its model, each citing the device's own command output.

Why a module of its own: this is the hot path of evaluating a fleet. A 10,000-device fleet
against a 10,000-advisory catalogue yields hundreds of thousands of advisory findings, so
- what depends only on the version (which advisories hold it, their titles, fixes, sources)
  is built once per catalogue and distinct version, already in report order;
- a finding is shared by every version of a branch (it names only the branch's fixes);
- a device only filters by model (when an advisory names platforms) and adds its evidence.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from auditor.catalogue.model import Advisory, Affected, Catalogue
from auditor.models import Evidence, Finding, Severity, Status
from auditor.versions import Version


@dataclass(frozen=True)
class VersionFindings:
    """The advisory findings of one version, sorted by title, and the few among them whose
    advisory is narrowed to models (position, what it says), which devices must filter."""

    findings: tuple[Finding, ...]
    narrowed: tuple[tuple[int, Affected], ...]


def for_device(
    catalogue: Catalogue, os: str, version: Version, model: str | None, evidence: Evidence
) -> list[Finding]:
    """Advisory findings for a device running `version` on hardware `model`, sorted by title.

    An advisory narrowed to models (`EX*`) is left out for a device whose model does not
    match, and kept, saying so, for a device whose model is unknown."""
    shared = catalogue.cached(
        ("version-findings", os, version), partial(_version_findings, catalogue, os, version)
    )
    findings = list(shared.findings)
    for i, affected in reversed(shared.narrowed):  # from the end: deleting keeps indexes valid
        applies = affected.applies_to_model(model)
        if applies is None:
            findings[i] = catalogue.cached(
                ("model-unknown", id(findings[i])), partial(_model_unknown, findings[i], affected)
            )
        elif not applies:
            del findings[i]
    if (
        evidence.command is None
        and evidence.collected_at is None
        and evidence.output_sha256 is None
    ):
        return findings
    return [_with_device_evidence(f, evidence) for f in findings]


def _model_unknown(finding: Finding, affected: Affected) -> Finding:
    note = (
        f"only {', '.join(affected.models)} models are affected; this device's model is "
        "unknown, so it is counted"
    )
    return Finding(finding.kind, finding.status, finding.title, f"{finding.detail}. Note: {note}",
                   finding.severity, finding.advisory_id, finding.cves, finding.fixed_in,
                   finding.due, finding.evidence)  # fmt: skip


def _version_findings(catalogue: Catalogue, os: str, version: Version) -> VersionFindings:
    # (affected entry, train, branch) → its finding: versions of one branch share findings.
    built: dict[tuple[int, str, str], Finding] = catalogue.cached(("advisory-findings",), dict)
    pairs = []
    for advisory, affected in catalogue.affecting(os, version):
        key = (id(affected), version.train, version.branch)
        finding = built.get(key)
        if finding is None:
            finding = built[key] = _advisory_finding(advisory, affected, version)
        pairs.append((finding, affected))
    pairs.sort(key=lambda pair: pair[0].title)
    return VersionFindings(
        tuple(f for f, _ in pairs),
        tuple((i, a) for i, (_, a) in enumerate(pairs) if a.models),
    )


def _advisory_finding(advisory: Advisory, affected: Affected, version: Version) -> Finding:
    """The finding of one advisory for any version of one branch: what it says depends only on
    the advisory and the fixes of that branch, so versions of a branch share it."""
    detail = advisory.title
    if advisory.known_exploited:
        detail += " (known exploited)"
    if advisory.workarounds:
        detail += f". Workaround: {advisory.workarounds}"
    severity = (
        Severity(advisory.severity)
        if advisory.severity in Severity._value2member_map_
        else Severity.MEDIUM
    )
    return Finding(
        "advisory",
        Status.VULNERABLE,
        f"{advisory.id}: {advisory.title}",
        detail,
        severity,
        advisory_id=advisory.id,
        cves=advisory.cves,
        fixed_in=fixes_for(affected, version),
        evidence=Evidence(
            catalogue_entry=f"advisory {advisory.id}", source_url=advisory.source.url
        ),
    )


def fixes_for(affected: Affected, version: Version) -> tuple[str, ...]:
    """The fixes of the version's own branch, else of its train (an upgrade path to a branch)."""
    same_branch = [
        str(v) for v in affected.fixed if v.train == version.train and v.branch == version.branch
    ]
    return tuple(same_branch or [str(v) for v in affected.fixed if v.train == version.train])


def _with_device_evidence(shared: Finding, device: Evidence) -> Finding:
    """A copy of a shared finding that also cites the device's command output.

    Made for every advisory finding of every device (400,000 for 10,000 devices in the
    benchmark), so it fills the copies' attribute dicts directly instead of running the frozen
    dataclasses' `__init__` (which sets each field through `object.__setattr__`): half the
    time. Both classes are plain frozen dataclasses with no `__post_init__`; tests/evaluate
    checks the copy equals what `dataclasses.replace` gives, field by field."""
    cited = shared.evidence
    evidence = Evidence(device.command, device.collected_at, device.output_sha256,
                        cited.catalogue_entry, cited.source_url)  # fmt: skip
    return Finding(shared.kind, shared.status, shared.title, shared.detail, shared.severity,
                   shared.advisory_id, shared.cves, shared.fixed_in, shared.due,
                   evidence)  # fmt: skip


_set = object.__setattr__  # a frozen dataclass refuses plain attribute assignment
