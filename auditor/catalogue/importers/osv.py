"""OSV records (ossf.github.io/osv-schema) → `advisories:` entries.

Reads one record, a list of records, or an osv.dev query answer (`{"vulns": [...]}`). Each
`affected[]` package becomes one of our `affected:` items per range: `ECOSYSTEM`/`SEMVER`
`events` (`introduced`, `fixed`, `last_affected`, `limit`) are kept as OSV events and read with
the OS's version scheme; an explicit `versions` list becomes an exact `vers:` range; `GIT`
ranges (commit hashes) say nothing about a device's version and are skipped with a note.
`fixed` events are also listed as `fixed` so the auditor can propose them as upgrade targets.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from auditor.catalogue.importers import (
    Batch,
    Imported,
    ImportOptions,
    check_version,
    compact,
    fail,
    items,
    provenance,
    scored,
    text,
    to_date,
)
from auditor.versions import SCHEME_FOR_OS
from auditor.versions.ranges import VersRange

#: Package name (lower case, any ecosystem) → (vendor id, os). OSV has no ecosystem for
#: network operating systems, so feeds name them freely; add names here as feeds appear.
PACKAGES: dict[str, tuple[str, str]] = {
    "junos": ("juniper", "junos"),
    "junos os": ("juniper", "junos"),
    "ios": ("cisco", "ios"),
    "cisco ios": ("cisco", "ios"),
    "ios-xe": ("cisco", "ios-xe"),
    "ios xe": ("cisco", "ios-xe"),
    "cisco ios xe": ("cisco", "ios-xe"),
    "nx-os": ("cisco", "nx-os"),
    "cisco nx-os": ("cisco", "nx-os"),
    "eos": ("arista", "eos"),
    "arista eos": ("arista", "eos"),
    "pan-os": ("paloaltonetworks", "pan-os"),
    "fortios": ("fortinet", "fortios"),
    "routeros": ("mikrotik", "routeros"),
}
SEVERITY_WORDS = {"critical": "critical", "high": "high", "moderate": "medium", "medium": "medium",
                  "low": "low"}  # fmt: skip
CVSS_PREFERENCE = ("CVSS_V3", "CVSS_V4", "CVSS_V2")
_CVE = re.compile(r"^CVE-\d{4}-\d{4,}$")
_EVENTS = ("introduced", "fixed", "last_affected", "limit")


def convert(path: Path, data: Any, options: ImportOptions) -> Batch:
    if isinstance(data, dict) and isinstance(data.get("vulns"), list):
        records, container = data["vulns"], data["vulns"]
    elif isinstance(data, list):
        records, container = data, data
    elif isinstance(data, dict) and "id" in data:
        records, container = [data], None
    else:
        fail(path, "not an OSV record: expected an object with `id` and `affected`", data)
    batch = Batch()
    for i, record in enumerate(records):
        if not isinstance(record, dict):
            fail(path, "expected an OSV record (object)", container, i, f"[{i}]")
        entry = _advisory(path, record, options, batch)
        if entry is not None:
            batch.entries.append(Imported("advisories", entry, str(path)))
    return batch


def _advisory(
    path: Path, record: dict[str, Any], options: ImportOptions, batch: Batch
) -> dict[str, Any] | None:
    rid = text(record, "id")
    if rid is None:
        fail(path, "missing `id`", record)
    if record.get("withdrawn"):
        batch.notes.append(f"{path}: {rid} was withdrawn on {record['withdrawn']}; skipped")
        return None
    affected, vendor = _affected(path, record, rid, options, batch)
    if not affected:
        fail(
            path,
            f"{rid}: no affected package maps to a vendor/OS (table: {', '.join(sorted(PACKAGES))}); "
            "pass --vendor and --os",
            record,
            "affected",
        )
    aliases = [str(a) for a in record.get("aliases") or [] if isinstance(a, str)]
    cves = sorted({a for a in [rid, *aliases] if _CVE.match(a)})
    specific = record.get("database_specific")
    specific = specific if isinstance(specific, dict) else {}
    summary = text(record, "summary") or (text(record, "details") or rid).splitlines()[0]
    entry = {
        "id": rid,
        "title": summary[:200],
        "vendor": vendor,
        "published": to_date(record.get("published")),
        "updated": to_date(record.get("modified")),
        "cves": cves,
        "aliases": sorted(a for a in aliases if a not in cves),
        "cwes": sorted(str(c) for c in specific.get("cwe_ids") or [] if isinstance(c, str)),
        "cvss": _cvss(path, record),
        "severity": SEVERITY_WORDS.get(str(specific.get("severity", "")).lower()),
        "affected": affected,
        **provenance(_source(record), path, "osv", options),
    }
    return compact(entry)


def _source(record: dict[str, Any]) -> str | None:
    refs = [r for r in record.get("references") or [] if isinstance(r, dict) and text(r, "url")]
    advisory = [r for r in refs if r.get("type") == "ADVISORY"]
    return text((advisory or refs or [{}])[0], "url")


def _cvss(path: Path, record: dict[str, Any]) -> dict[str, Any] | None:
    found = {s.get("type"): s for s in record.get("severity") or [] if isinstance(s, dict)}
    for kind in CVSS_PREFERENCE:
        if kind in found and text(found[kind], "score"):
            return scored(path, str(found[kind]["score"]), found[kind], "score", f"severity.{kind}")
    return None


def _affected(
    path: Path, record: dict[str, Any], rid: str, options: ImportOptions, batch: Batch
) -> tuple[list[dict[str, Any]], str | None]:
    out: list[dict[str, Any]] = []
    vendor = None
    for i, item in enumerate(items(path, record, "affected", rid)):
        where = f"{rid}.affected[{i}]"
        package = item.get("package") if isinstance(item, dict) else None
        name = text(package, "name") or ""
        vendor_os = PACKAGES.get(name.lower())
        if options.os:
            vendor_os = ((options.vendor or (vendor_os or ("", ""))[0]), options.os)
        if vendor_os is None or not vendor_os[0]:
            batch.notes.append(f"{path}: {where}: package {name!r} is not in the mapping table")
            continue
        vendor = vendor or (options.vendor or vendor_os[0]).lower()
        os = vendor_os[1]
        for j, rng in enumerate(items(path, item, "ranges", where)):
            here = f"{where}.ranges[{j}]"
            if not isinstance(rng, dict) or rng.get("type") not in ("ECOSYSTEM", "SEMVER"):
                batch.notes.append(
                    f"{path}: {here}: {rng.get('type')} range skipped (not versions)"
                )
                continue
            events = _events(path, os, rng, here)
            fixed = [v for e in events for k, v in e.items() if k == "fixed"]
            out.append(compact({"os": os, "events": events, "fixed": fixed}))
        versions = [
            check_version(path, os, str(v), item["versions"], k, f"{where}.versions[{k}]")
            for k, v in enumerate(items(path, item, "versions", where))
        ]
        if versions:
            exact = f"vers:{SCHEME_FOR_OS[os]}/" + "|".join(dict.fromkeys(versions))
            out.append({"os": os, "ranges": [str(VersRange.parse(exact))]})
    return out, vendor


def _events(path: Path, os: str, rng: dict[str, Any], where: str) -> list[dict[str, str]]:
    events = []
    for k, event in enumerate(items(path, rng, "events", where, required=True)):
        here = f"{where}.events[{k}]"
        if not isinstance(event, dict) or len(event) != 1 or next(iter(event)) not in _EVENTS:
            fail(path, f"expected one of {', '.join(_EVENTS)} per event", rng["events"], k, here)
        ((kind, value),) = event.items()
        value = str(value)
        if not (value == "0" and kind == "introduced") and not (value == "*" and kind == "limit"):
            check_version(path, os, value, event, kind, here)
        events.append({kind: value})
    return events
