"""Facts + catalogue + an as-of date → findings, one status, and an upgrade target.

Three-state answers throughout: a check is affected, not affected, or has no data. A version
the catalogue knows nothing about gives a `no-data` finding and the status `unknown`; it is
never reported as current. A version the scheme cannot read gives `undetermined`.

Status rules (worst wins, see `Status`):
- unsupportable: the train, the chassis or any module is past end of security support / last
  date of support (a date, or "passed" without one); or the vendor has ceased shipping updates;
  or the vendor's supply is at risk and the catalogue shows no supported release for it.
- vulnerable: an advisory's affected range holds the version and no fix in its branch covers it
  (an advisory limited to models counts for a matching model, and for an unknown one).
- outdated: below a baseline minimum, behind a recommended version, or past end of software
  maintenance (bug fixes stopped, security fixes still coming).
- unknown: no lifecycle data for the train.

Speed: what depends only on the version (the advisories holding it, their findings, the upgrade
target) is computed once per catalogue and distinct version (`Catalogue.cached`), and devices on
one version share those very Finding objects: a finding cites only its catalogue entry, and
the output a device was judged on is recorded once, on its `Evaluation` (`judged`).
benchmarks/catalogue.py measures 10,000 devices.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import partial

from auditor.catalogue.advisory_findings import for_device
from auditor.catalogue.model import (
    Catalogue,
    HardwareModel,
    Milestones,
    SoftwareTrain,
    is_affected,
)
from auditor.catalogue.targets import target_for
from auditor.errors import InputError
from auditor.models import Citation, Collection, Device, Facts, Finding, Judged, Severity, Status
from auditor.versions import SCHEME_FOR_OS, Version, compare, get_scheme

__all__ = ["Evaluation", "evaluate", "is_affected", "upgrade_target"]

AT_RISK = ("at-risk", "designated-high-risk")
_RANK = {status: status.rank for status in Status}  # Status.rank walks the enum on every call
_STATUSES = list(Status)
_VULNERABLE = _RANK[Status.VULNERABLE]


@dataclass(frozen=True)
class Evaluation:
    status: Status
    findings: tuple[Finding, ...]
    target_version: str | None
    target_note: str | None
    judged: Judged | None = None
    """The collection the verdict was judged on, once for all findings (None if not given)."""


@dataclass(frozen=True)
class _Context:
    device: Device
    facts: Facts
    catalogue: Catalogue
    as_of: date
    horizon: date


def evaluate(
    device: Device,
    facts: Facts,
    catalogue: Catalogue,
    as_of: date,
    horizon_days: int = 180,
    collection: Collection | None = None,
) -> Evaluation:
    """Judge one device's facts against the catalogue on `as_of`.

    `collection`: the output the facts were parsed from (the platform's version command); it
    is recorded once on the Evaluation as `judged`, never copied into the findings."""
    ctx = _Context(device, facts, catalogue, as_of, as_of + timedelta(days=horizon_days))
    findings: list[Finding] = []
    version = _parse_version(ctx, findings)
    train = catalogue.train_for(facts.os, version) if version else None
    supported = _software_lifecycle(ctx, version, train, findings)
    _hardware_lifecycle(ctx, findings)
    _vendor_supply(ctx, supported, findings)
    advisories: list[Finding] = []
    if version is not None:
        advisories = for_device(catalogue, facts.os, version, facts.model)
        _baselines(ctx, version, findings)
    target, note = (
        upgrade_target(catalogue, facts, device, version, as_of) if version else (None, None)
    )
    ranks = [_RANK[f.status] for f in findings if f.status is not None]
    if advisories:
        ranks.append(_VULNERABLE)
    status = _STATUSES[min(ranks)] if ranks else Status.CURRENT
    judged = Judged.of(collection) if collection else None
    return Evaluation(status, _in_report_order(findings, advisories), target, note, judged)


def _in_report_order(findings: list[Finding], advisories: list[Finding]) -> tuple[Finding, ...]:
    """Worst status first, then kind, then title. Advisory findings come sorted by title and
    are the only `vulnerable` ones: they slot in after the `unsupportable` findings, so only
    the device's few other findings need sorting (a device may have dozens of advisories)."""
    findings.sort(key=lambda f: (_RANK[f.status] if f.status else 99, f.kind, f.title))
    worse = sum(1 for f in findings if f.status is not None and _RANK[f.status] < _VULNERABLE)
    return (*findings[:worse], *advisories, *findings[worse:])


def _order(a: Version, b: Version) -> str:
    """'<', '=', '>' or 'incomparable' (different trains are never ordered)."""
    return str(compare(a, b).value)


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
            )
        )
        return None
    cite = Citation(train.ref, train.source.url)
    return _milestone_findings(
        ctx, f"{ctx.facts.os} {train.train}", train.milestones, cite, findings
    )


def _milestone_findings(
    ctx: _Context, what: str, m: Milestones, cite: Citation, findings: list[Finding]
) -> bool:
    end = m.end_of_support
    if m.support_ended_undated and not (end and end < ctx.as_of):
        findings.append(
            Finding(
                "end-of-support",
                Status.UNSUPPORTABLE,
                f"{what} is past end of support",
                "the source says support has ended but publishes no date",
                Severity.HIGH,
                citation=cite,
            )
        )
        return False
    if end and end < ctx.as_of:
        findings.append(
            Finding(
                "end-of-support",
                Status.UNSUPPORTABLE,
                f"{what} is past end of support",
                f"no security fixes since {end.isoformat()}",
                Severity.HIGH,
                due=end,
                citation=cite,
            )
        )
        return False
    eom = m.end_of_sw_maintenance
    if (eom and eom < ctx.as_of) or (eom is None and "end_of_sw_maintenance" in m.passed):
        ended = f"ended {eom.isoformat()}" if eom else "have ended (no date published)"
        findings.append(
            Finding(
                "end-of-maintenance",
                Status.OUTDATED,
                f"{what} is past end of software maintenance",
                f"bug-fix releases {ended}"
                + (f"; security fixes until {end.isoformat()}" if end else ""),
                Severity.MEDIUM,
                due=eom,
                citation=cite,
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
                citation=cite,
            )
        )
    return True


def _hardware_lifecycle(ctx: _Context, findings: list[Finding]) -> None:
    """The chassis and every module, board or stack member with a model the catalogue knows.

    A line card past its last date of support strands the chassis it sits in as surely as the
    chassis itself; modules of one model are reported once, naming their slots."""
    chassis = ctx.catalogue.hardware_for(ctx.facts.model)
    if chassis is not None and ctx.facts.model:
        _hardware_findings(ctx, chassis, f"hardware {ctx.facts.model}", findings)
    slots: dict[str, list[str]] = {}
    for module in ctx.facts.modules:
        if module.model and module.model.upper() != (ctx.facts.model or "").upper():
            slots.setdefault(module.model, []).append(module.name)
    for model, names in slots.items():
        hw = ctx.catalogue.hardware_for(model)
        if hw is not None:
            label = hw.kind if hw.kind and hw.kind != "chassis" else "module"
            _hardware_findings(ctx, hw, f"{label} {model} ({', '.join(names)})", findings)


def _hardware_findings(
    ctx: _Context, hw: HardwareModel, what: str, findings: list[Finding]
) -> None:
    cite = Citation(hw.ref, hw.source.url)
    before = len(findings)
    _milestone_findings(ctx, what, hw.milestones, cite, findings)
    if hw.replacement:
        for i in range(before, len(findings)):
            f = findings[i]
            findings[i] = replace(f, detail=f"{f.detail}; replacement: {hw.replacement}")


def _vendor_supply(ctx: _Context, supported: bool | None, findings: list[Finding]) -> None:
    vendor = ctx.catalogue.vendor(ctx.facts.vendor)
    supply = vendor.supply_on(ctx.as_of) if vendor else None
    if supply is None or supply.status == "normal":
        return
    cite = Citation(f"vendor {vendor.id}", supply.source.url) if vendor else Citation()
    since = f" since {supply.since.isoformat()}" if supply.since else ""
    if supply.status == "ceased":
        findings.append(
            Finding(
                "vendor-supply",
                Status.UNSUPPORTABLE,
                f"{ctx.facts.vendor} ships no more updates{since}",
                supply.summary,
                Severity.HIGH,
                citation=cite,
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
                citation=cite,
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
                citation=cite,
            )
        )


def _baselines(ctx: _Context, version: Version, findings: list[Finding]) -> None:
    d = ctx.device
    for baseline in ctx.catalogue.baselines_for(ctx.facts.os):
        if not baseline.applies(
            model=ctx.facts.model, site=d.site, role=d.role, tags=d.tags, day=ctx.as_of
        ):
            continue
        cite = Citation(f"baseline {baseline.os}", baseline.source.url)
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
                        citation=cite,
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
                        citation=cite,
                    )
                )
                break


def upgrade_target(
    catalogue: Catalogue, facts: Facts, device: Device, version: Version, as_of: date
) -> tuple[str | None, str | None]:
    """The smallest version in the device's train that is at or above every applicable baseline
    (minimum and recommended), fixes every applicable advisory and is still supported; else say
    so and name the oldest supported train (memoised: devices on one version share it)."""
    # Floors: every applicable baseline's minimum and recommended version, so that moving to
    # the target makes the device current, not merely "less outdated".
    minimums = [
        v
        for b in catalogue.baselines_for(facts.os)
        if b.applies(
            model=facts.model, site=device.site, role=device.role, tags=device.tags, day=as_of
        )
        for v in (b.minimum, b.recommended)
        if v is not None
    ]
    # The model matters only when an advisory of this OS is narrowed to models; otherwise
    # leaving it out lets every device on a version share one answer.
    model = facts.model.upper() if facts.model and _narrowed(catalogue, facts.os) else None
    return catalogue.cached(
        ("upgrade-target", facts.os, version, tuple(minimums), as_of, model),
        partial(target_for, catalogue, facts.os, version, minimums, as_of, model),
    )


def _narrowed(catalogue: Catalogue, os: str) -> bool:
    return catalogue.cached(
        ("narrowed", os), lambda: any(aff.models for _, aff in catalogue.advisories_for(os))
    )
