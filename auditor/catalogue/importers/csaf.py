"""CSAF 2.0 security advisories (docs.oasis-open.org/csaf/csaf/v2.0) → one `advisories:` entry.

The product tree is walked down its `branches` (`vendor` → `product_family`/`product_name` →
`product_version` or `product_version_range`); each leaf's product ID then means "this OS at
this version (or range)". `relationships` (a component installed on a platform) resolve to the
component's leaf. Per vulnerability, `product_status` says which IDs are:
- `known_affected` → exact versions become `vers:<scheme>/=v1|=v2`, ranges are kept;
- `first_affected` / `last_affected` → `>=v` / `<=v` bounds of one range;
- `first_fixed` / `fixed` → our per-branch `fixed` list.
`scores[].cvss_v3.vectorString` is re-scored with the `cvss` library (the highest kept),
`cwe.id` → `cwes`, `remediations` of category `workaround`/`mitigation`/`no_fix_planned`/
`none_available` → `workarounds`. A `vers:` range written with a generic scheme (`generic`,
`semver`, `intdot`) is read with the OS's own scheme.
"""

from __future__ import annotations

from dataclasses import dataclass
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
    mapping,
    provenance,
    scored,
    text,
    to_date,
    vendor_id,
)
from auditor.errors import InputError
from auditor.versions import SCHEME_FOR_OS
from auditor.versions.ranges import VersRange

#: Product family / product name (lower case) → our OS id.
PRODUCTS: dict[str, str] = {
    "cisco ios xe software": "ios-xe",
    "cisco ios xe": "ios-xe",
    "ios xe": "ios-xe",
    "cisco ios software": "ios",
    "cisco ios": "ios",
    "cisco nx-os software": "nx-os",
    "nx-os": "nx-os",
    "cisco ios xr software": "ios-xr",
    "ios xr": "ios-xr",
    "cisco adaptive security appliance (asa) software": "asa",
    "junos os": "junos",
    "junos": "junos",
    "pan-os": "pan-os",
    "fortios": "fortios",
    "eos": "eos",
    "arista eos": "eos",
    "routeros": "routeros",
}
GENERIC_VERS = ("generic", "semver", "intdot")
SEVERITY_WORDS = {"critical": "critical", "high": "high", "important": "high", "medium": "medium",
                  "moderate": "medium", "low": "low"}  # fmt: skip
WORKAROUND_LABELS = {
    "workaround": "Workaround",
    "mitigation": "Mitigation",
    "no_fix_planned": "No fix planned",
    "none_available": "No fix available",
}


@dataclass(frozen=True)
class Leaf:
    """One product ID of the tree: which vendor/OS, and one version or one `vers:` range."""

    vendor: str | None
    os: str | None
    version: str | None
    range: str | None
    name: str


def convert(path: Path, data: Any, options: ImportOptions) -> Batch:
    document = mapping(path, data, "document", "")
    tracking = mapping(path, document, "tracking", "document")
    aid = text(tracking, "id")
    if aid is None:
        fail(path, "missing `document.tracking.id`", tracking)
    batch = Batch()
    publisher = text(document.get("publisher"), "name")
    leaves = _leaves(path, data.get("product_tree") or {}, options, publisher, batch)
    cves, cwes, workarounds, vectors = [], [], [], []
    per_os: dict[str, dict[str, list[str]]] = {}
    for i, vuln in enumerate(items(path, data, "vulnerabilities", "")):
        where = f"vulnerabilities[{i}]"
        if text(vuln, "cve"):
            cves.append(text(vuln, "cve"))
        if isinstance(vuln.get("cwe"), dict) and text(vuln["cwe"], "id"):
            cwes.append(text(vuln["cwe"], "id"))
        _status(path, vuln, where, leaves, per_os, batch)
        workarounds += _workarounds(vuln)
        vectors += _vectors(path, vuln, where, batch)
    vendors = sorted({leaf.vendor for leaf in leaves.values() if leaf.vendor and leaf.os})
    affected = [_affected(os, found) for os, found in sorted(per_os.items())]
    affected = [a for a in affected if a]
    if not affected:
        fail(
            path,
            f"{aid}: no affected product maps to a vendor/OS (table: {', '.join(sorted(PRODUCTS))})"
            "; pass --vendor and --os",
        )
    aggregate = text(document.get("aggregate_severity"), "text") or ""
    self_refs = [
        text(r, "url")
        for r in items(path, document, "references", "document")
        if isinstance(r, dict) and r.get("category") == "self"
    ]
    published = to_date(tracking.get("initial_release_date"))
    updated = to_date(tracking.get("current_release_date"))
    entry = {
        "id": aid,
        "title": (text(document, "title") or aid)[:200],
        "vendor": vendors[0] if len(vendors) == 1 else None,
        "published": published,
        "updated": updated if updated != published else None,
        "cves": sorted(set(filter(None, cves))),
        "cwes": sorted(set(filter(None, cwes))),
        "cvss": max(vectors, key=lambda s: s["score"]) if vectors else None,
        "severity": SEVERITY_WORDS.get(aggregate.lower()),
        "affected": affected,
        "workarounds": " ".join(dict.fromkeys(workarounds)),
        **provenance(next(filter(None, self_refs), None), path, "csaf", options),
    }
    batch.entries.append(Imported("advisories", compact(entry), str(path)))
    return batch


def _leaves(
    path: Path, tree: Any, options: ImportOptions, publisher: str | None, batch: Batch
) -> dict[str, Leaf]:
    leaves: dict[str, Leaf] = {}

    def walk(branches: list[Any], vendor: str | None, names: list[str], where: str) -> None:
        for i, branch in enumerate(branches):
            here = f"{where}[{i}]"
            if not isinstance(branch, dict):
                fail(path, "expected a branch object", branches, i, here)
            category, name = branch.get("category"), text(branch, "name") or ""
            v = name if category == "vendor" else vendor
            n = [*names, name] if category in ("product_family", "product_name") else names
            product = branch.get("product")
            if isinstance(product, dict) and text(product, "product_id"):
                leaf = _leaf(path, branch, here, v or publisher, n, options, batch)
                leaves[str(product["product_id"])] = leaf
            walk(items(path, branch, "branches", here), v, n, f"{here}.branches")

    walk(items(path, tree, "branches", "product_tree"), None, [], "product_tree.branches")
    for rel in items(path, tree, "relationships", "product_tree"):
        full = rel.get("full_product_name") if isinstance(rel, dict) else None
        ref = text(rel, "product_reference")
        if isinstance(full, dict) and text(full, "product_id") and ref in leaves:
            leaves[str(full["product_id"])] = leaves[str(ref)]
    return leaves


def _leaf(
    path: Path,
    branch: dict[str, Any],
    where: str,
    vendor_name: str | None,
    names: list[str],
    options: ImportOptions,
    batch: Batch,
) -> Leaf:
    name = text(branch, "name") or ""
    os = options.os or next(
        (PRODUCTS[n.lower()] for n in reversed(names) if n.lower() in PRODUCTS), None
    )
    vendor = vendor_id(vendor_name, options)
    label = " / ".join([vendor_name or "?", *names, name])
    if os is None or vendor is None:
        return Leaf(vendor, None, None, None, label)
    if branch.get("category") == "product_version":
        return Leaf(vendor, os, check_version(path, os, name, branch, "name", where), None, label)
    if branch.get("category") == "product_version_range":
        return Leaf(vendor, os, None, _vers(path, os, name, branch, where, batch), label)
    batch.notes.append(f"{path}: {where}: {label}: a {branch.get('category')} leaf has no version")
    return Leaf(vendor, None, None, None, label)


def _vers(path: Path, os: str, name: str, branch: Any, where: str, batch: Batch) -> str | None:
    if not name.startswith("vers:") or "/" not in name:
        batch.notes.append(f"{path}: {where}: range {name!r} is not a vers: range; skipped")
        return None
    scheme, _, body = name[len("vers:") :].partition("/")
    ours = SCHEME_FOR_OS[os]
    if scheme in GENERIC_VERS:
        scheme = ours
    if scheme != ours:
        fail(
            path, f"range scheme {scheme!r} is not {os}'s (vers:{ours}/...)", branch, "name", where
        )
    try:
        return str(VersRange.parse(f"vers:{ours}/{body}"))
    except InputError as exc:
        fail(path, exc.message, branch, "name", where)


def _status(
    path: Path,
    vuln: dict[str, Any],
    where: str,
    leaves: dict[str, Leaf],
    per_os: dict[str, dict[str, list[str]]],
    batch: Batch,
) -> None:
    status = mapping(path, vuln, "product_status", where, required=False)
    for category in ("known_affected", "first_affected", "last_affected", "first_fixed", "fixed"):
        for pid in items(path, status, category, f"{where}.product_status"):
            leaf = leaves.get(str(pid))
            if leaf is None:
                batch.notes.append(f"{path}: {where}: product {pid!r} is not in the product tree")
                continue
            if leaf.os is None:
                batch.notes.append(f"{path}: {where}: {leaf.name}: no vendor/OS mapping; skipped")
                continue
            found = per_os.setdefault(leaf.os, {})
            if leaf.range and category == "known_affected":
                found.setdefault("ranges", []).append(leaf.range)
            elif leaf.version:
                found.setdefault(category, []).append(leaf.version)
            else:
                batch.notes.append(f"{path}: {where}: {category} range {leaf.name} ignored")


def _affected(os: str, found: dict[str, list[str]]) -> dict[str, Any]:
    scheme = SCHEME_FOR_OS[os]
    ranges = list(dict.fromkeys(found.get("ranges", [])))
    exact = list(dict.fromkeys(found.get("known_affected", [])))
    if exact:
        ranges.append(str(VersRange.parse(f"vers:{scheme}/" + "|".join(exact))))
    bounds = [f">={v}" for v in dict.fromkeys(found.get("first_affected", []))]
    bounds += [f"<={v}" for v in dict.fromkeys(found.get("last_affected", []))]
    if bounds:
        ranges.append(str(VersRange.parse(f"vers:{scheme}/" + "|".join(bounds))))
    fixed = list(dict.fromkeys(found.get("first_fixed", []) + found.get("fixed", [])))
    return compact({"os": os, "ranges": ranges, "fixed": fixed})


def _workarounds(vuln: dict[str, Any]) -> list[str]:
    out = []
    for rem in vuln.get("remediations") or []:
        label = WORKAROUND_LABELS.get(str(rem.get("category"))) if isinstance(rem, dict) else None
        if label and text(rem, "details"):
            out.append(f"{label}: {text(rem, 'details')}")
    return out


def _vectors(path: Path, vuln: dict[str, Any], where: str, batch: Batch) -> list[dict[str, Any]]:
    out = []
    for j, score in enumerate(vuln.get("scores") or []):
        v3 = score.get("cvss_v3") if isinstance(score, dict) else None
        vector = text(v3, "vectorString")
        if not vector:
            continue
        result = scored(path, vector, v3, "vectorString", f"{where}.scores[{j}].cvss_v3")
        stated = v3.get("baseScore") if isinstance(v3, dict) else None
        if isinstance(stated, (int, float)) and abs(float(stated) - result["score"]) >= 0.05:
            batch.notes.append(
                f"{path}: {where}.scores[{j}]: baseScore {stated} does not match its vector "
                f"({result['score']}); the computed score is kept"
            )
        out.append(result)
    return out
