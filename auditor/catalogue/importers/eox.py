"""Cisco EoX API JSON (`/supporttools/eox/rest/5/EOXByProductID/...`) → `hardware:` entries.

Each `EOXRecord` is one product ID (chassis, module, power supply...) with its milestones as
`{"value": "YYYY-MM-DD", "dateFormat": "YYYY-MM-DD"}` (an empty value: no date). The migration
product a bulletin names becomes `replacement`, and gets an entry of its own (without dates)
when the catalogue has none, so the reference can be followed. Records the API answers with an
`EOXError` (unknown product ID) are listed as notes, not guessed at.
"""

from __future__ import annotations

from datetime import date
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
)

#: EoX field → our field (milestones; see docs/catalogue.md).
DATES = {
    "EOXExternalAnnouncementDate": "announced",
    "EndOfSaleDate": "end_of_sale",
    "EndOfSWMaintenanceReleases": "end_of_sw_maintenance",
    "EndOfSecurityVulSupportDate": "end_of_security_support",
    "LastDateOfSupport": "last_date_of_support",
}
DEFAULT_VENDOR = "cisco"
_NO_PRODUCT = ("", "N/A", "NA", "NONE", "-")


def convert(path: Path, data: Any, options: ImportOptions) -> Batch:
    if not isinstance(data, dict) or "EOXRecord" not in data:
        fail(path, "not a Cisco EoX API response: expected an object with `EOXRecord`", data)
    records = items(path, data, "EOXRecord", "", required=True)
    vendor = (options.vendor or DEFAULT_VENDOR).lower()
    batch = Batch()
    for i, record in enumerate(records):
        where = f"EOXRecord[{i}]"
        if not isinstance(record, dict):
            fail(path, "expected an object", records, i, where)
        model = text(record, "EOLProductID")
        error = record.get("EOXError")
        if not model or isinstance(error, dict):
            reason = text(error, "ErrorDescription") if isinstance(error, dict) else None
            batch.notes.append(f"{path}: {where} skipped: {reason or 'no EOLProductID'}")
            continue
        url = text(record, "LinkToProductBulletinURL")
        entry: dict[str, Any] = {
            "vendor": vendor,
            "model": model,
            "description": text(record, "ProductIDDescription"),
        }
        for theirs, ours in DATES.items():
            entry[ours] = _eox_date(path, record, theirs, f"{where}.{theirs}")
        migration = record.get("EOXMigrationDetails")
        replacement = text(migration, "MigrationProductId") if isinstance(migration, dict) else None
        if replacement and replacement.upper() not in _NO_PRODUCT:
            entry["replacement"] = replacement
            stub = {
                "vendor": vendor,
                "model": replacement,
                "description": text(migration, "MigrationProductName"),
                **provenance(url, path, "eox", options),
            }
            batch.entries.append(Imported("hardware", compact(stub), str(path), stub=True))
        entry["bulletin"] = text(record, "ProductBulletinNumber")
        entry.update(provenance(url, path, "eox", options))
        batch.entries.append(Imported("hardware", compact(entry), str(path)))
    return batch


def _eox_date(path: Path, record: dict[str, Any], key: str, where: str) -> date | None:
    value = record.get(key)
    if value is None:
        return None
    if not isinstance(value, dict):
        fail(path, "expected {value, dateFormat}", record, key, where)
    raw = text(value, "value")
    if raw is None:
        return None
    fmt = text(value, "dateFormat") or "YYYY-MM-DD"
    if fmt != "YYYY-MM-DD":
        fail(
            path, f"unsupported dateFormat {fmt!r}; expected YYYY-MM-DD", value, "dateFormat", where
        )
    try:
        return date.fromisoformat(raw)
    except ValueError:
        fail(path, f"expected a date YYYY-MM-DD, got {raw!r}", value, "value", where)
