"""The compliance policy: which rules a pack measures the estate against, as data with sources.

A regulator's rules change (deadlines move, caps are reworded), and every operator maps them
onto its own network differently, so none of it is code: `catalogue/policy/uk-default.yaml`
ships the UK rules with their sources and operators copy and edit it. docs/compliance.md
describes the format. Every rule must cite an http(s) source; every problem is reported with
file and line (exit code 2) before any figure is computed.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any

from auditor.catalogue.model import MILESTONES
from auditor.errors import LocatedError
from auditor.report.compliance.fields import Fields, FileProblems

if TYPE_CHECKING:
    from auditor.catalogue.model import Catalogue

RULE_KINDS = ("cap", "exclusion")
TOP_KEYS = (
    "policy",
    "high_risk_vendors",
    "domains",
    "rules",
    "spares",
    "not_evidenced",
    "evidences",
)
AT_RISK_SUPPLY = ("at-risk", "designated-high-risk", "ceased")


class PolicyError(LocatedError):
    """A policy file that is malformed or names something the catalogue does not know."""


@dataclass(frozen=True)
class Cited:
    """A statement and the public source it rests on."""

    text: str
    source: str | None


@dataclass(frozen=True)
class HighRiskVendor:
    vendor: str
    """Catalogue vendor id (`huawei`)."""
    designated: date | None
    text: str
    source: str
    line: int


@dataclass(frozen=True)
class Domain:
    """A part of the network a rule speaks about, and how inventory labels map onto it.

    A device is in the domain if its role, one of its tags, or its site is listed; a device
    can be in several domains (a 5G core router is in `core` and in `5g`)."""

    id: str
    name: str
    roles: tuple[str, ...]
    tags: tuple[str, ...]
    sites: tuple[str, ...]

    def holds(self, role: str | None, tags: tuple[str, ...], site: str | None) -> bool:
        return (
            (role is not None and role in self.roles)
            or bool(set(tags) & set(self.tags))
            or (site is not None and site in self.sites)
        )


@dataclass(frozen=True)
class Rule:
    """`cap`: high-risk vendors may hold at most `max_percent` of the domain's devices.
    `exclusion`: they must be absent from the domain. `by`: the date the rule bites (None:
    in force already, no date given)."""

    id: str
    kind: str
    domain: str
    vendors: tuple[str, ...]
    """Vendor ids the rule covers; empty means every high-risk vendor of the policy."""
    max_percent: Fraction | None
    by: date | None
    text: str
    source: str
    line: int


@dataclass(frozen=True)
class SparesRule:
    min_cover_percent: Fraction
    basis: str
    """Where the figure comes from (a regulator's number, or the operator's own choice)."""
    source: str | None
    vendors: tuple[str, ...]
    """Vendor ids whose spares are checked; empty: every vendor at risk (see `at_risk`)."""
    line: int


@dataclass(frozen=True)
class Policy:
    id: str
    name: str
    version: str
    description: str
    file: str
    """The file's name (not its folder, so a pack does not depend on where it was built)."""
    sha256: str
    supported_until: tuple[str, ...]
    """A device is supported until the earliest of these catalogue milestones."""
    high_risk_vendors: tuple[HighRiskVendor, ...]
    domains: tuple[Domain, ...]
    rules: tuple[Rule, ...]
    spares: SparesRule | None
    not_evidenced: tuple[Cited, ...]
    evidences: tuple[Cited, ...]
    path: str = ""

    def domains_of(self, role: str | None, tags: tuple[str, ...], site: str | None) -> list[str]:
        return [d.id for d in self.domains if d.holds(role, tags, site)]

    @property
    def high_risk_ids(self) -> tuple[str, ...]:
        return tuple(v.vendor for v in self.high_risk_vendors)

    def rule_vendors(self, rule: Rule) -> tuple[str, ...]:
        return rule.vendors or self.high_risk_ids


def load_policy(path: Path) -> Policy:
    """Read and check a policy file; raise every problem at once, each with file and line."""
    f = Fields(path, "policy", PolicyError)
    data = f.load(path)
    if data is None:
        raise PolicyError("empty policy file", file=str(path))
    top = f.mapping(data, "", TOP_KEYS)
    f.check()
    assert top is not None
    head = f.mapping(
        top.get("policy"), "policy", ("id", "name", "version", "description", "supported_until")
    )
    meta = head or {}
    name = f.text(meta, "name", "policy", required=head is not None)
    pid = f.text(meta, "id", "policy", required=head is not None)
    version = f.text(meta, "version", "policy", required=head is not None)
    supported = f.choices(meta, "supported_until", "policy", MILESTONES)
    if head is not None and not supported and not meta.get("supported_until"):
        f.problem(
            f"missing `supported_until` (a list of milestones: {', '.join(MILESTONES)})",
            meta,
            None,
            "policy.supported_until",
        )
    vendor_items = f.items(top, "high_risk_vendors", "")
    domain_items = f.items(top, "domains", "")
    rule_items = f.items(top, "rules", "")
    vendors = tuple(_vendor(f, e, w) for e, w in vendor_items)
    domains = tuple(_domain(f, e, w) for e, w in domain_items)
    rules = tuple(_rule(f, e, w) for e, w in rule_items)
    spares = _spares(f, top["spares"]) if top.get("spares") is not None else None
    _unique(f, vendor_items, [v.vendor if v else None for v in vendors], "vendor")
    _unique(f, domain_items, [d.id if d else None for d in domains], "id")
    _unique(f, rule_items, [r.id if r else None for r in rules], "id")
    known = {d.id for d in domains if d}
    for entry, where in rule_items:
        domain = entry.get("domain") if isinstance(entry, dict) else None
        if isinstance(domain, str) and domain not in known:
            f.problem(
                f"unknown domain {domain!r}; expected one of: "
                + (", ".join(sorted(known)) or "(no domains defined)"),
                entry,
                "domain",
                f"{where}.domain",
            )
    f.check()
    return Policy(
        id=pid or "",
        name=name or "",
        version=version or "",
        description=f.text(meta, "description", "policy") or "",
        file=path.name,
        sha256=hashlib.sha256(path.read_bytes()).hexdigest(),
        supported_until=supported,
        high_risk_vendors=tuple(v for v in vendors if v),
        domains=tuple(d for d in domains if d),
        rules=tuple(r for r in rules if r),
        spares=spares,
        not_evidenced=_cited_list(f, top, "not_evidenced"),
        evidences=_cited_list(f, top, "evidences"),
        path=str(path),
    )


def check_against_catalogue(policy: Policy, catalogue: Catalogue) -> None:
    """Every vendor the policy names must be a catalogue vendor id, or the figures would
    silently count nobody. Located at the policy's line."""
    known = sorted(catalogue.vendors)
    problems: list[LocatedError] = []

    def check(vendor: str, line: int, key: str) -> None:
        if vendor not in catalogue.vendors:
            problems.append(
                PolicyError(
                    f"vendor {vendor!r} is not in the catalogue; expected one of: {', '.join(known)}",
                    file=policy.path or policy.file,
                    line=line or None,
                    key=key,
                )
            )

    for v in policy.high_risk_vendors:
        check(v.vendor, v.line, "high_risk_vendors")
    for r in policy.rules:
        for vendor in r.vendors:
            check(vendor, r.line, f"rule {r.id}.vendors")
    if policy.spares:
        for vendor in policy.spares.vendors:
            check(vendor, policy.spares.line, "spares.vendors")
    if problems:
        raise FileProblems("policy", problems)


def _line(node: Any) -> int:
    return int(getattr(node, "line", 0) or 0)


def _vendor(f: Fields, entry: Any, where: str) -> HighRiskVendor | None:
    node = f.mapping(entry, where, ("vendor", "designated", "text", "source"))
    if node is None:
        return None
    vendor = f.text(node, "vendor", where, required=True)
    text = f.text(node, "text", where, required=True)
    source = f.url(node, "source", where, required=True)
    designated = f.day(node, "designated", where)
    if not (vendor and text and source):
        return None
    return HighRiskVendor(vendor.lower(), designated, text, source, _line(node))


def _domain(f: Fields, entry: Any, where: str) -> Domain | None:
    node = f.mapping(entry, where, ("id", "name", "roles", "tags", "sites"))
    if node is None:
        return None
    did = f.text(node, "id", where, required=True)
    roles, tags, sites = (f.strings(node, k, where) for k in ("roles", "tags", "sites"))
    if (
        did
        and not (roles or tags or sites)
        and not any(k in node for k in ("roles", "tags", "sites"))
    ):
        f.problem("give at least one of `roles`, `tags`, `sites` (lists)", node, None, where)
    if not did:
        return None
    return Domain(did, f.text(node, "name", where) or did, roles, tags, sites)


def _rule(f: Fields, entry: Any, where: str) -> Rule | None:
    keys = ("id", "kind", "domain", "vendors", "max_percent", "by", "text", "source")
    node = f.mapping(entry, where, keys)
    if node is None:
        return None
    rid = f.text(node, "id", where, required=True)
    kind = f.text(node, "kind", where, required=True)
    if kind is not None and kind not in RULE_KINDS:
        f.problem(
            f"unknown kind {kind!r}; expected one of: {', '.join(RULE_KINDS)}",
            node,
            "kind",
            f"{where}.kind",
        )
        kind = None
    cap = f.percent(node, "max_percent", where, required=kind == "cap")
    if kind == "exclusion" and "max_percent" in node:
        f.problem(
            "an exclusion has no `max_percent` (did you mean kind: cap?)",
            node,
            "max_percent",
            f"{where}.max_percent",
        )
    domain = f.text(node, "domain", where, required=True)
    text = f.text(node, "text", where, required=True)
    source = f.url(node, "source", where, required=True)
    by = f.day(node, "by", where)
    vendors = tuple(v.lower() for v in f.strings(node, "vendors", where))
    if not (rid and kind and domain and text and source) or (kind == "cap" and cap is None):
        return None
    return Rule(rid, kind, domain, vendors, cap, by, text, source, _line(node))


def _spares(f: Fields, entry: Any) -> SparesRule | None:
    node = f.mapping(entry, "spares", ("min_cover_percent", "basis", "source", "vendors"))
    if node is None:
        return None
    pct = f.percent(node, "min_cover_percent", "spares", required=True)
    basis = f.text(node, "basis", "spares", required=True)
    source = f.url(node, "source", "spares")
    vendors = tuple(v.lower() for v in f.strings(node, "vendors", "spares"))
    if pct is None or basis is None:
        return None
    return SparesRule(pct, basis, source, vendors, _line(node))


def _cited_list(f: Fields, top: dict[str, Any], key: str) -> tuple[Cited, ...]:
    found = []
    for entry, where in f.items(top, key, ""):
        node = f.mapping(entry, where, ("text", "source"))
        if node is None:
            continue
        text = f.text(node, "text", where, required=True)
        source = f.url(node, "source", where)
        if text:
            found.append(Cited(text, source))
    return tuple(found)


def _unique(f: Fields, items: list[tuple[Any, str]], ids: list[str | None], field: str) -> None:
    seen: dict[str, str] = {}
    for value, (entry, where) in zip(ids, items, strict=True):
        if value is None:
            continue
        if value in seen:
            f.problem(
                f"duplicate {field} {value!r} (first in {seen[value]})",
                entry,
                field,
                f"{where}.{field}",
            )
        else:
            seen[value] = where
