"""Facts + catalogue + an as-of date → findings, one status, and an upgrade target.

Three-state answers throughout: a check is affected, not affected, or has no data. A version
the catalogue knows nothing about gives a `no-data` finding and the status `unknown`; it is
never reported as current. A version the scheme cannot read gives `undetermined`.

Status rules (worst wins, see `Status`):
- unsupportable: the train (or hardware) is past end of security support / last date of
  support; or the vendor has ceased shipping updates; or the vendor's supply is at risk and the
  catalogue shows no supported release for what the device runs.
- vulnerable: an advisory's affected range holds the version and no fix in its branch covers it.
- outdated: below a baseline minimum, behind a recommended version, or past end of software
  maintenance (bug fixes stopped, security fixes still coming).
- unknown: no lifecycle data for the train.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from auditor.catalogue.model import Advisory, Affected, Catalogue, Milestones, SoftwareTrain
from auditor.errors import InputError
from auditor.models import Collection, Device, Evidence, Facts, Finding, Severity, Status
from auditor.versions import SCHEME_FOR_OS, Version, compare, get_scheme
from auditor.versions.ranges import fixed_by

AT_RISK = ("at-risk", "designated-high-risk")


@dataclass(frozen=True)
class Evaluation:
    status: Status
    findings: tuple[Finding, ...]
    target_version: str | None
    target_note: str | None


@dataclass(frozen=True)
class _Context:
    device: Device
    facts: Facts
    catalogue: Catalogue
    as_of: date
    horizon: date
    evidence: Evidence


def evaluate(
    device: Device,
    facts: Facts,
    catalogue: Catalogue,
    as_of: date,
    horizon_days: int = 180,
    collection: Collection | None = None,
) -> Evaluation:
    evidence = Evidence(
        command=collection.command if collection else None,
        collected_at=collection.collected_at if collection else None,
        output_sha256=collection.sha256 if collection else None,
    )
    ctx = _Context(device, facts, catalogue, as_of, as_of + timedelta(days=horizon_days), evidence)
    findings: list[Finding] = []
    version = _parse_version(ctx, findings)
    train = catalogue.train_for(facts.os, version) if version else None
    supported = _software_lifecycle(ctx, version, train, findings)
    _hardware_lifecycle(ctx, findings)
    _vendor_supply(ctx, supported, findings)
    if version is not None:
        _advisories(ctx, version, findings)
        _baselines(ctx, version, findings)
    target, note = (
        upgrade_target(catalogue, facts, device, version, as_of) if version else (None, None)
    )
    statuses = [f.status for f in findings if f.status is not None]
    status = min(statuses, key=lambda s: s.rank) if statuses else Status.CURRENT
    findings.sort(key=lambda f: (f.status.rank if f.status else 99, f.kind, f.title))
    return Evaluation(status, tuple(findings), target, note)


def _order(a: Version, b: Version) -> str:
    """'<', '=', '>' or 'incomparable' (different trains are never ordered)."""
    return str(compare(a, b).value)


def _cite(ctx: _Context, entry: str, url: str | None) -> Evidence:
    e = ctx.evidence
    return Evidence(e.command, e.collected_at, e.output_sha256, entry, url)


def _parse_version(ctx: _Context, findings: list[Finding]) -> Version | None:
    scheme_id = SCHEME_FOR_OS.get(ctx.facts.os, "generic")
    try:
        version = get_scheme(scheme_id).parse(ctx.facts.version)
    except InputError as exc:
        findings.append(
            Finding(
                "undetermined",
                Status.UNKNOWN,
                "Version not understood",
                exc.message,
                evidence=ctx.evidence,
            )
        )
        return None
    if "guess" in version.flags:
        findings.append(
            Finding(
                "undetermined",
                None,
                "Version order is a guess",
                f"no version scheme for {ctx.facts.os}; compared as dotted numbers",
                evidence=ctx.evidence,
            )
        )
    return version


def _software_lifecycle(
    ctx: _Context, version: Version | None, train: SoftwareTrain | None, findings: list[Finding]
) -> bool | None:
    """Add lifecycle findings; return whether the train is supported (None: no data)."""
    if version is None:
        return None
    if train is None:
        known = ", ".join(t.train for t in ctx.catalogue.trains(ctx.facts.os)) or "none"
        findings.append(
            Finding(
                "no-data",
                Status.UNKNOWN,
                f"No lifecycle data for {ctx.facts.os} {version.branch}",
                f"trains in the catalogue for {ctx.facts.os}: {known}",
                evidence=ctx.evidence,
            )
        )
        return None
    cite = _cite(ctx, train.ref, train.source.url)
    return _milestone_findings(
        ctx, f"{ctx.facts.os} {train.train}", train.milestones, cite, findings
    )


def _milestone_findings(
    ctx: _Context, what: str, m: Milestones, cite: Evidence, findings: list[Finding]
) -> bool:
    end = m.end_of_support
    if end and end < ctx.as_of:
        findings.append(
            Finding(
                "end-of-support",
                Status.UNSUPPORTABLE,
                f"{what} is past end of support",
                f"no security fixes since {end.isoformat()}",
                Severity.HIGH,
                due=end,
                evidence=cite,
            )
        )
        return False
    if m.end_of_sw_maintenance and m.end_of_sw_maintenance < ctx.as_of:
        findings.append(
            Finding(
                "end-of-maintenance",
                Status.OUTDATED,
                f"{what} is past end of software maintenance",
                f"bug-fix releases ended {m.end_of_sw_maintenance.isoformat()}"
                + (f"; security fixes until {end.isoformat()}" if end else ""),
                Severity.MEDIUM,
                due=m.end_of_sw_maintenance,
                evidence=cite,
            )
        )
    if end and end <= ctx.horizon:
        findings.append(
            Finding(
                "support-ending",
                None,
                f"{what} reaches end of support on {end.isoformat()}",
                f"within the {(ctx.horizon - ctx.as_of).days}-day horizon",
                Severity.MEDIUM,
                due=end,
                evidence=cite,
            )
        )
    return True


def _hardware_lifecycle(ctx: _Context, findings: list[Finding]) -> None:
    hw = ctx.catalogue.hardware_for(ctx.facts.model)
    if hw is None:
        return
    cite = _cite(ctx, hw.ref, hw.source.url)
    before = len(findings)
    _milestone_findings(ctx, f"hardware {ctx.facts.model}", hw.milestones, cite, findings)
    if hw.replacement:
        for i in range(before, len(findings)):
            f = findings[i]
            findings[i] = replace(f, detail=f"{f.detail}; replacement: {hw.replacement}")


def _vendor_supply(ctx: _Context, supported: bool | None, findings: list[Finding]) -> None:
    vendor = ctx.catalogue.vendor(ctx.facts.vendor)
    supply = vendor.supply_on(ctx.as_of) if vendor else None
    if supply is None or supply.status == "normal":
        return
    cite = _cite(ctx, f"vendor {vendor.id}", supply.source.url) if vendor else ctx.evidence
    since = f" since {supply.since.isoformat()}" if supply.since else ""
    if supply.status == "ceased":
        findings.append(
            Finding(
                "vendor-supply",
                Status.UNSUPPORTABLE,
                f"{ctx.facts.vendor} ships no more updates{since}",
                supply.summary,
                Severity.HIGH,
                evidence=cite,
            )
        )
    elif supply.status in AT_RISK and supported is not True:
        findings.append(
            Finding(
                "vendor-supply",
                Status.UNSUPPORTABLE,
                f"{ctx.facts.vendor} supply is {supply.status}{since} and no supported release is known",
                supply.summary,
                Severity.HIGH,
                evidence=cite,
            )
        )
    else:
        findings.append(
            Finding(
                "vendor-supply",
                None,
                f"{ctx.facts.vendor} supply is {supply.status}{since}",
                supply.summary,
                Severity.MEDIUM,
                evidence=cite,
            )
        )


def is_affected(version: Version, affected: Affected) -> bool:
    """Affected iff a range holds the version and no fix in its branch covers it.

    With no ranges at all, a per-branch fix list alone decides ("prior to 19.3R2-S2, 19.3R3").
    """
    fixed = fixed_by(version, list(affected.fixed)) if affected.fixed else None
    if affected.ranges:
        in_range = any(r.contains(version) is True for r in affected.ranges)
        return in_range and fixed is not True
    return fixed is False


def _advisories(ctx: _Context, version: Version, findings: list[Finding]) -> None:
    for advisory, affected in ctx.catalogue.advisories_for(ctx.facts.os):
        if is_affected(version, affected):
            findings.append(_advisory_finding(ctx, version, advisory, affected))


def _advisory_finding(
    ctx: _Context, version: Version, advisory: Advisory, affected: Affected
) -> Finding:
    same_branch = [
        str(v) for v in affected.fixed if v.train == version.train and v.branch == version.branch
    ]
    fixes = tuple(same_branch or [str(v) for v in affected.fixed if v.train == version.train])
    detail = f"{advisory.title}"
    if advisory.known_exploited:
        detail += " (known exploited)"
    if advisory.workarounds:
        detail += f". Workaround: {advisory.workarounds}"
    return Finding(
        "advisory",
        Status.VULNERABLE,
        f"{advisory.id}: {advisory.title}",
        detail,
        Severity(advisory.severity)
        if advisory.severity in Severity._value2member_map_
        else Severity.MEDIUM,
        advisory_id=advisory.id,
        cves=advisory.cves,
        fixed_in=fixes,
        evidence=_cite(ctx, f"advisory {advisory.id}", advisory.source.url),
    )


def _baselines(ctx: _Context, version: Version, findings: list[Finding]) -> None:
    d = ctx.device
    for baseline in ctx.catalogue.baselines:
        if baseline.os != ctx.facts.os or not baseline.applies(
            model=ctx.facts.model, site=d.site, role=d.role, tags=d.tags, day=ctx.as_of
        ):
            continue
        cite = _cite(ctx, f"baseline {baseline.os}", baseline.source.url)
        for kind, floor in (
            ("below-minimum", baseline.minimum),
            ("behind-recommended", baseline.recommended),
        ):
            if floor is None:
                continue
            order = _order(version, floor)
            if order == "<":
                label = "minimum" if kind == "below-minimum" else "recommended"
                findings.append(
                    Finding(
                        kind,
                        Status.OUTDATED,
                        f"{version.raw} is below the {label} {floor.raw}",
                        baseline.rationale,
                        Severity.MEDIUM if kind == "below-minimum" else Severity.LOW,
                        fixed_in=(floor.raw,),
                        evidence=cite,
                    )
                )
                break
            if order == "incomparable":
                findings.append(
                    Finding(
                        "undetermined",
                        None,
                        f"{version.raw} cannot be compared with the baseline {floor.raw}",
                        "different release train",
                        evidence=cite,
                    )
                )
                break


def _train_supported(catalogue: Catalogue, os: str, v: Version, as_of: date) -> bool | None:
    train = catalogue.train_for(os, v)
    if train is None:
        return None
    end = train.milestones.end_of_support
    return end is None or end >= as_of


def upgrade_target(
    catalogue: Catalogue, facts: Facts, device: Device, version: Version, as_of: date
) -> tuple[str | None, str | None]:
    """The smallest version in the device's train that is at or above every applicable baseline
    (minimum and recommended), fixes every applicable advisory and is still supported; else say
    so and name the oldest supported train."""
    has_lifecycle = bool(catalogue.trains(facts.os))
    # Floors: every applicable baseline's minimum and recommended version, so that moving to
    # the target makes the device current, not merely "less outdated".
    baselines = [
        b
        for b in catalogue.baselines
        if b.os == facts.os
        and b.applies(
            model=facts.model, site=device.site, role=device.role, tags=device.tags, day=as_of
        )
    ]
    minimums = [v for b in baselines for v in (b.minimum, b.recommended) if v is not None]
    advisories = catalogue.advisories_for(facts.os)
    candidates = []
    for cand in catalogue.known_versions(facts.os):
        if cand.train != version.train or _order(cand, version) == "<":
            continue
        if any(_order(cand, m) == "<" for m in minimums):
            continue
        if any(is_affected(cand, aff) for _, aff in advisories):
            continue
        supported = _train_supported(catalogue, facts.os, cand, as_of)
        if supported is False or (supported is None and has_lifecycle):
            continue
        candidates.append(cand)
    if candidates:
        best = candidates[0]
        for cand in candidates[1:]:
            if _order(cand, best) == "<":
                best = cand
        if _order(best, version) == "=":
            return None, None
        return best.raw, None
    supported_trains = [
        t for t in catalogue.trains(facts.os) if (t.milestones.end_of_support or date.max) >= as_of
    ]
    if not supported_trains:
        return (
            None,
            f"no supported {facts.os} release known in the catalogue" if has_lifecycle else None,
        )
    # "Oldest" supported train = the one whose support ends first (release dates are often
    # missing from public sources; end-of-support dates are what the catalogue is about).
    oldest = min(
        supported_trains,
        key=lambda t: (
            t.milestones.end_of_support or date.max,
            t.release_date or date.max,
            t.train,
        ),
    )
    return (
        None,
        f"no suitable release in train {version.train}; oldest supported train: {facts.os} {oldest.train}",
    )
