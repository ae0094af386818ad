"""Is each device supported, under the policy's definition of "supported"?

The policy names the milestones that end support (UK default: end of security support and
last date of support, whichever comes first). A device is supported until the earliest of
those dates over its software train, its chassis and every module the catalogue dates.

States, worst first:
- `unsupportable`: the audit found it so (past end of support, vendor ceased, or vendor at risk
  with no supported release), or a policy milestone has passed (dated, or "passed" undated);
- `no-data`: the catalogue has no lifecycle entry for the software it runs (never "supported");
- `not-audited`: the device could not be audited, so nothing can be said;
- `supported`: none of the above.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from auditor.catalogue.model import Catalogue, Milestones, Source
from auditor.errors import InputError
from auditor.report.compliance.cite import location
from auditor.report.compliance.fleet import FleetDevice
from auditor.report.compliance.policy import Policy
from auditor.versions import SCHEME_FOR_OS, get_scheme

STATES = ("supported", "unsupportable", "no-data", "not-audited")


@dataclass(frozen=True)
class Basis:
    """One catalogue entry a device's support date rests on."""

    part: str
    """software, hardware or module."""
    entry: str
    until: date | None
    milestone: str | None
    passed_undated: bool
    source: Source

    def as_dict(self, catalogue: Catalogue) -> dict[str, Any]:
        return {
            "part": self.part,
            "entry": self.entry,
            "until": self.until.isoformat() if self.until else None,
            "milestone": self.milestone,
            "passed_undated": self.passed_undated,
            "source_url": self.source.url,
            "source_retrieved": self.source.retrieved.isoformat()
            if self.source.retrieved
            else None,
            "catalogue_location": location(self.source, catalogue),
        }


@dataclass(frozen=True)
class Support:
    state: str
    supported_until: date | None
    basis: tuple[Basis, ...]
    reasons: tuple[str, ...]


def _basis(part: str, entry: str, m: Milestones, source: Source, policy: Policy) -> Basis:
    dated = [(getattr(m, k), k) for k in policy.supported_until if getattr(m, k)]
    until, milestone = min(dated) if dated else (None, None)
    undated = next((k for k in policy.supported_until if k in m.passed), None)
    return Basis(
        part, entry, until, milestone or undated, undated is not None and until is None, source
    )


def support_bases(
    dev: FleetDevice, catalogue: Catalogue, policy: Policy
) -> tuple[list[Basis], bool]:
    """The catalogue entries that date this device, and whether its software train is known."""
    facts = dev.facts
    if facts is None:
        return [], False
    bases = []
    train = None
    try:
        version = get_scheme(SCHEME_FOR_OS.get(facts.os, "generic")).parse(facts.version)
        train = catalogue.train_for(facts.os, version)
    except InputError:
        pass
    if train is not None:
        bases.append(_basis("software", train.ref, train.milestones, train.source, policy))
    hw = catalogue.hardware_for(facts.model)
    if hw is not None:
        bases.append(
            _basis("hardware", f"hardware {facts.model}", hw.milestones, hw.source, policy)
        )
    seen = {(facts.model or "").upper()}
    for module in facts.modules:
        if not module.model or module.model.upper() in seen:
            continue
        seen.add(module.model.upper())
        mhw = catalogue.hardware_for(module.model)
        if mhw is not None:
            bases.append(
                _basis("module", f"hardware {module.model}", mhw.milestones, mhw.source, policy)
            )
    return bases, train is not None


def support_of(dev: FleetDevice, catalogue: Catalogue, policy: Policy, as_of: date) -> Support:
    if not dev.audited:
        cause = dev.view.get("cause") or "unknown cause"
        return Support("not-audited", None, (), (f"not audited ({cause})",))
    bases, train_known = support_bases(dev, catalogue, policy)
    until = min((b.until for b in bases if b.until), default=None)
    reasons: list[str] = []
    if dev.status == "unsupportable":
        reasons += [
            f["title"] for f in dev.view.get("findings") or [] if f.get("status") == "unsupportable"
        ]
    for b in bases:
        if b.until and b.until < as_of:
            reasons.append(f"{b.entry}: {b.milestone} {b.until.isoformat()} has passed")
        elif b.passed_undated:
            reasons.append(f"{b.entry}: {b.milestone} has passed (the source gives no date)")
    if reasons:
        return Support("unsupportable", until, tuple(bases), tuple(dict.fromkeys(reasons)))
    if not train_known:
        facts = dev.facts
        what = f"{facts.os} {facts.version}" if facts else "its software"
        return Support(
            "no-data", until, tuple(bases), (f"no lifecycle data in the catalogue for {what}",)
        )
    return Support("supported", until, tuple(bases), ())
