"""The advisory findings of one device: the catalogue's advisories that hold its version and
apply to its model, each citing its advisory.

Why a module of its own: this is the hot path of evaluating a fleet. A 10,000-device fleet
against a 10,000-advisory catalogue yields hundreds of thousands of advisory findings, so
- what depends only on the version (which advisories hold it, their titles, fixes, sources)
  is built once per catalogue and distinct version, already in report order;
- a finding is shared by every version of a branch (it names only the branch's fixes);
- a device only filters by model (when an advisory names platforms), and gets the shared
  Finding objects themselves, not copies: a finding cites its advisory, never the device's
  output (that is recorded once per device, `Evaluation.judged`), so nothing in it is the
  device's own.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from auditor.catalogue.model import Advisory, Affected, Catalogue
from auditor.models import Citation, Finding, Severity, Status
from auditor.versions import Version


@dataclass(frozen=True)
class VersionFindings:
    """The advisory findings of one version, sorted by title, and the few among them whose
    advisory is narrowed to models (position, what it says), which devices must filter."""

    findings: tuple[Finding, ...]
    narrowed: tuple[tuple[int, Affected], ...]


def for_device(catalogue: Catalogue, os: str, version: Version, model: str | None) -> list[Finding]:
    """Advisory findings for a device running `version` on hardware `model`, sorted by title.

    An advisory narrowed to models (`EX*`) is left out for a device whose model does not
    match, and kept, saying so, for a device whose model is unknown. The Finding objects are
    the ones every device on this version gets (frozen, so sharing them is safe)."""
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
    return findings


def _model_unknown(finding: Finding, affected: Affected) -> Finding:
    note = (
        f"only {', '.join(affected.models)} models are affected; this device's model is "
        "unknown, so it is counted"
    )
    return Finding(finding.kind, finding.status, finding.title, f"{finding.detail}. Note: {note}",
                   finding.severity, finding.advisory_id, finding.cves, finding.fixed_in,
                   finding.due, finding.citation)  # fmt: skip


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
        citation=Citation(f"advisory {advisory.id}", advisory.source.url),
    )


def fixes_for(affected: Affected, version: Version) -> tuple[str, ...]:
    """The fixes of the version's own branch, else of its train (an upgrade path to a branch)."""
    same_branch = [
        str(v) for v in affected.fixed if v.train == version.train and v.branch == version.branch
    ]
    return tuple(same_branch or [str(v) for v in affected.fixed if v.train == version.train])
