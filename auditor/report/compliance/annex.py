"""The evidence annex: per device, what each finding stands on.

For every finding: the command whose output it was judged on, when that output was collected,
the output's SHA-256 (the raw text is kept in the run store, not in the pack), the catalogue
entry it cites with that entry's source URL, the date the source was read, and the file and
line of the catalogue it was read from (the catalogue's hash is in the pack's inputs). A
reader can check any finding without trusting the tool: re-hash the stored output, open the
catalogue line, open the source.
"""

from __future__ import annotations

from typing import Any

from auditor.catalogue.model import Catalogue, Source
from auditor.report.compliance.cite import entry_sources, location
from auditor.report.compliance.fleet import FleetDevice
from auditor.report.compliance.support import Support


def annex(
    fleet: list[FleetDevice], supports: dict[str, Support], catalogue: Catalogue
) -> list[dict[str, Any]]:
    sources = entry_sources(catalogue)
    return [_device(dev, supports[dev.name], catalogue, sources) for dev in fleet]


def _device(
    dev: FleetDevice, support: Support, catalogue: Catalogue, sources: dict[str, Source]
) -> dict[str, Any]:
    v = dev.view
    facts = v.get("facts") or {}
    return {
        "name": dev.name,
        "host": v.get("host"),
        "port": v.get("port"),
        "platform": v.get("platform"),
        "vendor": dev.vendor_name,
        "hostname": facts.get("hostname"),
        "model": facts.get("model"),
        "serial": facts.get("serial"),
        "os": facts.get("os"),
        "version": facts.get("version"),
        "modules": [
            {k: m.get(k) for k in ("name", "model", "version", "serial")}
            for m in facts.get("modules") or []
        ],
        "site": v.get("site"),
        "role": v.get("role"),
        "tags": list(v.get("tags") or []),
        "domains": list(dev.domains),
        "status": v["status"],
        "cause": v.get("cause"),
        "error": v.get("error"),
        "collections": [
            {
                "command": e.get("command"),
                "collected_at": e.get("collected_at"),
                "sha256": e.get("sha256"),
                "truncated": bool(e.get("truncated")),
            }
            for e in v.get("evidence") or []
        ],
        "support_basis": [b.as_dict(catalogue) for b in support.basis],
        "findings": [_finding(f, catalogue, sources) for f in v.get("findings") or []],
    }


def _finding(f: dict[str, Any], catalogue: Catalogue, sources: dict[str, Source]) -> dict[str, Any]:
    e = f.get("evidence") or {}
    source = _source_of(e.get("catalogue_entry"), e.get("source_url"), catalogue, sources)
    return {
        "kind": f.get("kind"),
        "status": f.get("status"),
        "severity": f.get("severity"),
        "title": f.get("title"),
        "detail": f.get("detail"),
        "advisory_id": f.get("advisory_id"),
        "cves": list(f.get("cves") or []),
        "fixed_in": list(f.get("fixed_in") or []),
        "due": f.get("due"),
        "evidence": {
            "command": e.get("command"),
            "collected_at": e.get("collected_at"),
            "output_sha256": e.get("output_sha256"),
            "catalogue_entry": e.get("catalogue_entry"),
            "source_url": e.get("source_url"),
            "source_retrieved": source.retrieved.isoformat()
            if source and source.retrieved
            else None,
            "catalogue_location": location(source, catalogue) if source else None,
        },
    }


def _source_of(
    entry: str | None, url: str | None, catalogue: Catalogue, sources: dict[str, Source]
) -> Source | None:
    """The catalogue entry a finding cites. A vendor's supply history has many entries; the
    one cited is the one whose source URL the finding carries."""
    if not entry:
        return None
    if entry.startswith("vendor "):
        vendor = catalogue.vendors.get(entry.split(" ", 1)[1])
        if vendor is None:
            return None
        return next((s.source for s in reversed(vendor.supply) if s.source.url == url), None)
    return sources.get(entry)


def cited_sources(annex_rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every catalogue entry the annex cites, once, sorted by entry: the printed annex names
    an entry per finding and this table gives its source, the date it was read and the
    catalogue line (a pack of 2,000 devices cites a few dozen entries, not 10,000 URLs)."""
    found: dict[tuple[str, str | None, str | None], dict[str, Any]] = {}

    def add(entry: Any, url: Any, retrieved: Any, where: Any) -> None:
        if not entry:
            return
        row = found.setdefault(
            (str(entry), url, where),
            {"entry": str(entry), "source_url": url, "retrieved": None, "location": where},
        )
        row["retrieved"] = row["retrieved"] or retrieved

    for a in annex_rows:
        for b in a.get("support_basis") or []:
            add(b["entry"], b["source_url"], b.get("source_retrieved"), b["catalogue_location"])
        for f in a.get("findings") or []:
            e = f["evidence"]
            add(
                e["catalogue_entry"],
                e["source_url"],
                e["source_retrieved"],
                e["catalogue_location"],
            )
    return [found[k] for k in sorted(found, key=lambda k: (k[0], k[1] or "", k[2] or ""))]
