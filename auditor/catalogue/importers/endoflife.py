"""endoflife.date → `software:` entries (or `hardware:` for device products).

Reads the three shapes endoflife.date publishes:
- a product page's front matter (`products/<product>.md`: `releases[]` with `releaseCycle`,
  `releaseDate`, `eoas`, `eol`, `eoes`, `discontinued`, `lts`, `latest`, `latestReleaseDate`),
- API v1 (`/api/v1/products/<product>/`: `result.releases[]` with `name`, `isEol`/`eolFrom`,
  `isEoas`/`eoasFrom`, `isEoes`/`eoesFrom`, `isLts`, `latest.name`, `latest.date`),
- API v0 (`/api/<product>.json`: a list of `cycle`, `support`, `eol`, `extendedSupport`...).

A milestone may be a date or a boolean: `true` = passed on an unpublished date (kept as `true`,
which the auditor reads as "past", without a date to quote), `false` = not yet (left out).
`eoas` → end_of_sw_maintenance, `eol` → end_of_security_support, `eoes` → last_date_of_support,
`discontinued` → end_of_sale (docs/catalogue.md has the whole crosswalk).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from auditor.catalogue.importers import (
    Batch,
    Imported,
    ImportOptions,
    compact,
    fail,
    items,
    provenance,
    text,
    to_date,
)

SITE = "https://endoflife.date"


@dataclass(frozen=True)
class Product:
    """How one endoflife.date product maps onto the catalogue."""

    vendor: str
    os: str | None
    section: str = "software"
    suffixes: tuple[str, ...] = ()
    """Release-cycle suffixes to drop (`10.6-nxos` → `10.6`)."""
    eol_also: tuple[str, ...] = ()
    """Where the product's `eol` column is the vendor's *End of Support*, it is that too."""
    custom: tuple[tuple[str, str], ...] = ()
    """Product-specific custom fields → our field."""


#: The products whose pages were read for this project (see docs/catalogue-sources.md).
PRODUCTS: dict[str, Product] = {
    "cisco-ios-xe": Product("cisco", "ios-xe"),
    "cisco-nx-os": Product(
        "cisco", "nx-os", suffixes=("-nxos", "-aci"), custom=(("eos", "last_date_of_support"),)
    ),
    "arista-eos": Product("arista", "eos", eol_also=("last_date_of_support",)),
    "pan-os": Product("paloaltonetworks", "pan-os"),
    "fortios": Product("fortinet", "fortios", eol_also=("last_date_of_support",)),
    "routeros": Product("mikrotik", "routeros"),
    "cisco-hardware": Product("cisco", None, section="hardware"),
}

_MILESTONE_OF = {
    "eoas": "end_of_sw_maintenance",
    "eol": "end_of_security_support",
    "eoes": "last_date_of_support",
    "discontinued": "end_of_sale",
}
_HARDWARE_MILESTONE_OF = {"eol": "last_date_of_support", "discontinued": "end_of_sale"}


def convert(path: Path, data: Any, options: ImportOptions) -> Batch:
    name, page, releases = _releases(path, data)
    product = PRODUCTS.get(name)
    if options.vendor or options.os:
        base = product or Product("", None)
        product = replace(base, vendor=options.vendor or base.vendor, os=options.os or base.os)
    if product is None or not product.vendor or (product.section == "software" and not product.os):
        fail(
            path,
            f"endoflife.date product {name!r} is not in the mapping table "
            f"({', '.join(sorted(PRODUCTS))}); pass --vendor and --os",
        )
    batch = Batch()
    source = page  # None (→ the file name) rather than a page we cannot vouch for
    for i, release in enumerate(releases):
        entry = _entry(release, product)
        if entry is None:
            batch.notes.append(f"{path}: release #{i + 1} has no release cycle name; skipped")
            continue
        entry.update(provenance(source, path, "endoflife", options))
        batch.entries.append(Imported(product.section, compact(entry), str(path)))
    return batch


def _releases(path: Path, data: Any) -> tuple[str, str | None, list[dict[str, Any]]]:
    """(product name, page URL, releases normalised to front-matter field names)."""
    if isinstance(data, list):  # API v0: the product is only in the file name
        page = f"{SITE}/{path.stem}" if path.stem in PRODUCTS else None
        return path.stem, page, [_from_v0(r) for r in data if isinstance(r, dict)]
    if isinstance(data, dict) and isinstance(data.get("result"), dict):  # API v1
        result = data["result"]
        links = result["links"] if isinstance(result.get("links"), dict) else {}
        name = text(result, "name") or path.stem
        rows = items(path, result, "releases", "result", required=True)
        return name, text(links, "html"), [_from_v1(r) for r in rows if isinstance(r, dict)]
    if isinstance(data, dict) and "releases" in data:  # products/<name>.md front matter
        permalink = (text(data, "permalink") or path.stem).strip("/")
        rows = items(path, data, "releases", "", required=True)
        return permalink, f"{SITE}/{permalink}", [r for r in rows if isinstance(r, dict)]
    fail(
        path,
        "not an endoflife.date file: expected a product page's front matter (`releases:`), "
        "API v1 JSON (`result.releases`) or API v0 JSON (a list of cycles)",
        data,
    )


def _from_v0(r: dict[str, Any]) -> dict[str, Any]:
    return {
        "releaseCycle": r.get("cycle"),
        "releaseLabel": r.get("releaseLabel"),
        "releaseDate": r.get("releaseDate"),
        "eoas": r.get("support"),
        "eol": r.get("eol"),
        "eoes": r.get("extendedSupport"),
        "discontinued": r.get("discontinued"),
        "lts": r.get("lts"),
        "latest": r.get("latest"),
        "latestReleaseDate": r.get("latestReleaseDate"),
    }


def _flag_or_date(is_flag: Any, when: Any) -> Any:
    """API v1 splits a milestone into `isX` and `xFrom`; join them back into date-or-bool."""
    return to_date(when) or (True if is_flag is True else None)


def _from_v1(r: dict[str, Any]) -> dict[str, Any]:
    latest: dict[str, Any] = r["latest"] if isinstance(r.get("latest"), dict) else {}
    row = {
        "releaseCycle": r.get("name"),
        "releaseLabel": r.get("label"),
        "releaseDate": r.get("releaseDate"),
        "eoas": _flag_or_date(r.get("isEoas"), r.get("eoasFrom")),
        "eol": _flag_or_date(r.get("isEol"), r.get("eolFrom")),
        "eoes": _flag_or_date(r.get("isEoes"), r.get("eoesFrom")),
        "discontinued": _flag_or_date(r.get("isDiscontinued"), r.get("discontinuedFrom")),
        "lts": r.get("isLts") or None,
        "latest": latest.get("name"),
        "latestReleaseDate": latest.get("date"),
    }
    custom = r.get("custom")
    if isinstance(custom, dict):
        row.update({k: v for k, v in custom.items() if k not in row})
    return row


def _milestone(value: Any) -> Any:
    """date → date; true → true (passed, no date); false, null, text → absent."""
    if value is True:
        return True
    return to_date(value)


def _entry(release: dict[str, Any], product: Product) -> dict[str, Any] | None:
    cycle = text(release, "releaseCycle")
    if cycle is None:
        return None
    for suffix in product.suffixes:
        if cycle.endswith(suffix):
            cycle = cycle[: -len(suffix)]
    if product.section == "hardware":
        entry: dict[str, Any] = {"vendor": product.vendor, "model": cycle}
        entry["description"] = text(release, "releaseLabel")
        for theirs, ours in _HARDWARE_MILESTONE_OF.items():
            entry[ours] = _milestone(release.get(theirs))
        return entry
    entry = {
        "vendor": product.vendor,
        "os": product.os,
        "train": cycle,
        "label": text(release, "releaseLabel"),
        "release_date": to_date(release.get("releaseDate")),
    }
    for theirs, ours in _MILESTONE_OF.items():
        entry[ours] = _milestone(release.get(theirs))
    for ours in product.eol_also:
        entry[ours] = entry["end_of_security_support"]
    for theirs, ours in product.custom:
        entry[ours] = _milestone(release.get(theirs))
    lts = release.get("lts")
    entry["lts"] = True if lts is True or to_date(lts) else None
    latest = release.get("latest")
    entry["latest"] = str(latest).strip() if isinstance(latest, (str, int, float)) else None
    entry["latest_release_date"] = to_date(release.get("latestReleaseDate"))
    return {k: entry[k] for k in _ORDER if k in entry}


_ORDER = (
    "vendor", "os", "train", "label", "release_date", "end_of_sale", "end_of_sw_maintenance",
    "end_of_security_support", "last_date_of_support", "lts", "latest", "latest_release_date",
)  # fmt: skip
