"""Checks across entries: duplicate ids and references to things the catalogue does not hold.

Problems make the catalogue unusable (two entries for one train: which one is true?). Warnings
are references a report can live without (a replacement product with no lifecycle entry of
its own); `auditor catalogue validate --strict` refuses those too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from auditor.catalogue.model import Advisory, Baseline, HardwareModel, SoftwareTrain, Vendor
from auditor.errors import CatalogueError


def _located(message: str, entry: Any, key: str | None = None) -> CatalogueError:
    return CatalogueError(message, file=entry.source.file, line=entry.source.line, key=key)


def duplicates(
    what: str, entries: Iterable[Any], keys: Callable[[Any], Iterable[str]]
) -> list[CatalogueError]:
    """Each key may be defined once; the second definition is the problem, citing the first."""
    seen: dict[str, Any] = {}
    problems = []
    for entry in entries:
        for k in keys(entry):
            if k in seen:
                first = seen[k].source
                problems.append(_located(f"duplicate {what} {k!r} (first at {first.where})", entry))
            else:
                seen[k] = entry
    return problems


def vendor_names(vendors: list[Vendor]) -> list[CatalogueError]:
    """A name or alias must point at one vendor, or facts would go to the wrong one."""
    owner: dict[str, Vendor] = {}
    problems = []
    for vendor in vendors:
        for name in {vendor.id, vendor.name.lower(), *(a.lower() for a in vendor.aliases)}:
            other = owner.setdefault(name, vendor)
            if other.id != vendor.id:
                problems.append(
                    _located(
                        f"name or alias {name!r} also names vendor {other.id!r} "
                        f"({other.source.where})",
                        vendor,
                        "aliases",
                    )
                )
    return problems


def references(
    vendors: list[Vendor],
    software: list[SoftwareTrain],
    hardware: list[HardwareModel],
    baselines: list[Baseline],
    advisories: list[Advisory],
) -> tuple[list[CatalogueError], list[CatalogueError]]:
    """(problems, warnings) for entries naming a vendor, model or train that is not defined."""
    problems: list[CatalogueError] = []
    warnings: list[CatalogueError] = []
    ids = {v.id for v in vendors}
    named: list[tuple[Any, str | None]] = [
        *((e, e.vendor) for e in software),
        *((e, e.vendor) for e in hardware),
        *((e, e.vendor) for e in baselines),
        *((e, e.vendor) for e in advisories),
    ]
    for entry, vendor_id in named:
        if vendor_id is not None and vendor_id not in ids:
            problems.append(
                _located(
                    f"vendor {vendor_id!r} is not defined in any `vendors:` list "
                    f"(known: {', '.join(sorted(ids)) or 'none'})",
                    entry,
                    "vendor",
                )
            )
    models = {m.upper() for hw in hardware for m in hw.models}
    for hw in hardware:
        if hw.replacement and hw.replacement.upper() not in models:
            warnings.append(
                _located(
                    f"replacement {hw.replacement!r} is not a hardware model in the catalogue "
                    "(add an entry for it, even without dates)",
                    hw,
                    "replacement",
                )
            )
    branches: dict[str, set[str]] = {}
    for t in software:
        branches.setdefault(t.os, set()).add(t.branch)
    for b in baselines:
        known = branches.get(b.os)
        for label, v in (("minimum", b.minimum), ("recommended", b.recommended)):
            if known and v is not None and v.branch not in known and v.train not in known:
                warnings.append(
                    _located(
                        f"{label} {v.raw!r} is in train {v.branch!r}, which has no `software:` "
                        f"entry for {b.os} (its support dates are unknown)",
                        b,
                        label,
                    )
                )
    return problems, warnings
