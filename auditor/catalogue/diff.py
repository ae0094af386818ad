"""`auditor catalogue diff OLD NEW`: what changed between two catalogues, field by field.

Entries are compared by identity (vendor id, OS + release train, part number, baseline scope,
advisory id) on their *meaning*, as loaded: `17.03` and `17.3` are the same train, a file split
in two is no change, and a moved entry shows no difference. Reviewing an import or a colleague's
catalogue update then shows exactly which dates and ranges moved.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from auditor.catalogue.model import (
    MILESTONES,
    Advisory,
    Baseline,
    Catalogue,
    HardwareModel,
    Milestones,
    SoftwareTrain,
    Source,
    Vendor,
)
from auditor.catalogue.writer import natural

Fields = dict[str, str]


@dataclass
class CatalogueDiff:
    old_version: str
    new_version: str
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: dict[str, list[tuple[str, str, str]]] = field(default_factory=dict)
    """entry → [(field, old value, new value)]"""

    def lines(self) -> list[str]:
        out = [f"catalogue version: {self.old_version} -> {self.new_version}"]
        out += [f"+ {k}" for k in self.added]
        out += [f"- {k}" for k in self.removed]
        for key, changes in self.changed.items():
            out.append(f"~ {key}")
            out += [f"    {name}: {old} -> {new}" for name, old, new in changes]
        out.append(
            f"{len(self.added)} added, {len(self.removed)} removed, {len(self.changed)} changed"
        )
        return out


def _text(value: Any) -> str:
    if value is None or value == () or value == "":
        return "-"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (tuple, list, frozenset)):
        return ", ".join(sorted(str(v) for v in value))
    return str(value)


def _source(s: Source) -> Fields:
    return {"source": _text(s.url), "retrieved": _text(s.retrieved)}


def _milestones(m: Milestones) -> Fields:
    out = {k: _text(getattr(m, k)) for k in MILESTONES}
    for k in m.passed:
        out[k] = "passed (no date)"
    return out


def _vendor(v: Vendor) -> Fields:
    supply = [
        f"{s.status} {_text(s.since)}..{_text(s.until)} ({_text(s.source.url)})" for s in v.supply
    ]
    return {"name": v.name, "aliases": _text(v.aliases), "supply": "; ".join(supply) or "-"}


def _software(t: SoftwareTrain) -> Fields:
    return {
        "vendor": t.vendor,
        "release_date": _text(t.release_date),
        **_milestones(t.milestones),
        "lts": _text(t.lts),
        "latest": _text(t.latest),
        "latest_release_date": _text(t.latest_release_date),
        **_source(t.source),
    }


def _hardware(h: HardwareModel) -> Fields:
    return {
        "vendor": h.vendor,
        "models": _text(h.models),
        "kind": _text(h.kind),
        "description": _text(h.description),
        "announced": _text(h.announced),
        **_milestones(h.milestones),
        "replacement": _text(h.replacement),
        "bulletin": _text(h.bulletin),
        **_source(h.source),
    }


def _baseline_key(b: Baseline) -> str:
    scope = " ".join(f"{k}={','.join(v)}" for k, v in sorted(b.match.items())) or "all devices"
    return f"baseline {b.os} [{scope}] from {_text(b.valid_from)}"


def _baseline(b: Baseline) -> Fields:
    return {
        "minimum": _text(b.minimum),
        "recommended": _text(b.recommended),
        "valid_until": _text(b.valid_until),
        "rationale": b.rationale or "-",
        "source": _text(b.source.url),
    }


def _advisory(a: Advisory) -> Fields:
    affected = [
        f"{x.os}: "
        + " ".join(
            [str(r) for r in x.ranges]
            + ([f"fixed {_text(x.fixed)}"] if x.fixed else [])
            + ([f"on {_text(x.models)}"] if x.models else [])
        )
        for x in a.affected
    ]
    return {
        "title": a.title,
        "vendor": _text(a.vendor),
        "published": _text(a.published),
        "updated": _text(a.updated),
        "cves": _text(a.cves),
        "aliases": _text(a.aliases),
        "cwes": _text(a.cwes),
        "cvss": f"{_text(a.cvss_score)} {_text(a.cvss_vector)}",
        "severity": a.severity,
        "known_exploited": _text(a.known_exploited),
        "affected": "; ".join(sorted(affected)),
        "workarounds": a.workarounds or "-",
        **_source(a.source),
    }


def entries(c: Catalogue) -> dict[str, Fields]:
    """Every entry of a catalogue by identity, as comparable display text."""
    out: dict[str, Fields] = {}
    out.update({f"vendor {v.id}": _vendor(v) for v in c.vendors.values()})
    out.update({f"software {t.os} {t.branch}": _software(t) for t in c.software})
    out.update({f"hardware {h.models[0].upper()}": _hardware(h) for h in c.hardware})
    out.update({_baseline_key(b): _baseline(b) for b in c.baselines})
    out.update({f"advisory {a.id}": _advisory(a) for a in c.advisories})
    return out


def diff(old: Catalogue, new: Catalogue) -> CatalogueDiff:
    before, after = entries(old), entries(new)
    result = CatalogueDiff(old.version, new.version)
    result.added = sorted(set(after) - set(before), key=natural)
    result.removed = sorted(set(before) - set(after), key=natural)
    for key in sorted(set(before) & set(after), key=natural):
        a, b = before[key], after[key]
        changes = [(f, a.get(f, "-"), b.get(f, "-")) for f in dict.fromkeys([*a, *b])]
        changes = [c for c in changes if c[1] != c[2]]
        if changes:
            result.changed[key] = changes
    return result
