"""Merge imported entries into a catalogue folder, keeping provenance and refusing to guess.

The rules, in the order they apply to each imported entry (identity: software by OS and
release train, hardware by part number, advisories by id):
1. New identity → added to the importer's own file (`software/endoflife-ios-xe.yaml`,
   `hardware/eox-cisco.yaml`, `advisories/csaf-cisco.yaml`).
2. Same facts as the catalogue already holds → nothing changes (provenance fields `source`,
   `retrieved`, `imported_from` are not facts: re-importing a file, even on another day, is a
   no-op and leaves every file byte-identical).
3. The entry lives in the importer's own file *and* comes from the same source → the source
   published new values: the entry is replaced.
4. Anything else that differs is a **conflict**: both values and both sources are reported,
   nothing is written, the command exits 2. Facts the catalogue lacks but a *different* source
   offers are listed as notes (hand-written files are never rewritten).
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from auditor.catalogue.importers import Batch, Imported, ImportOptions, converter, read_input
from auditor.catalogue.loader import catalogue_files, load_catalogue, read_yaml
from auditor.catalogue.writer import check_result, plain, render, write_atomically
from auditor.errors import InputError
from auditor.versions import SCHEME_FOR_OS, get_scheme
from auditor.yamlsrc import line_of

PROVENANCE = ("source", "retrieved", "imported_from")
IDENTITY = ("train", "model", "models", "id", "os", "vendor")
SECTIONS = ("software", "hardware", "advisories")


@dataclass(frozen=True)
class Held:
    """An entry the catalogue (or an earlier file of this import) already holds."""

    entry: dict[str, Any]
    file: Path
    where: str
    """`file:line`, or the input file it came from in this run."""

    @property
    def source(self) -> str:
        return str(self.entry.get("source") or "no source")


@dataclass(frozen=True)
class Conflict:
    what: str
    field: str
    held: Held
    held_value: Any
    incoming: Imported

    def message(self) -> str:
        new = self.incoming.entry
        return (
            f"conflict: {self.what}: {self.field} is {_show(self.held_value)} in {self.held.where}"
            f" (source {self.held.source}) but {_show(new.get(self.field))} in "
            f"{self.incoming.origin} (source {new.get('source')}); nothing was written - "
            "correct one of the two sources"
        )


@dataclass
class MergeReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0
    notes: list[str] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    writes: dict[Path, str] = field(default_factory=dict)
    """Files whose text changes (all of them written unless dry-run or conflicts)."""


def _show(value: Any) -> str:
    return value.isoformat() if isinstance(value, date) else repr(plain(value))


def identity(section: str, entry: dict[str, Any]) -> list[str]:
    """The keys an entry is known by (a hardware entry may list several part numbers)."""
    if section == "software":
        os, train = str(entry.get("os", "")), str(entry.get("train", ""))
        with contextlib.suppress(InputError, KeyError):  # unreadable: compared as written
            train = get_scheme(SCHEME_FOR_OS[os]).parse_branch(train)
        return [f"software {os} {train}"]
    if section == "hardware":
        models = entry.get("models") or []
        models = [models] if isinstance(models, str) else list(models)
        return [f"hardware {str(m).upper()}" for m in [entry.get("model"), *models] if m]
    return [f"advisory {entry.get('id')}"]


def owned_file(root: Path, kind: str, item: Imported) -> Path:
    slug = item.entry.get("os") if item.section == "software" else item.entry.get("vendor")
    return root / item.section / f"{kind}-{slug or 'unknown'}.yaml"


def import_files(
    kind: str,
    files: list[Path],
    root: Path,
    *,
    retrieved: date,
    vendor: str | None = None,
    os: str | None = None,
    dry_run: bool = False,
) -> MergeReport:
    """Convert every file, merge into `root`, check the result loads, then write (all or none)."""
    catalogue = load_catalogue(root)
    names = {v.id: v.id for v in catalogue.vendors.values()}
    for v in catalogue.vendors.values():
        for name in (v.name, *v.aliases):
            names.setdefault(name.lower(), v.id)
    options = ImportOptions(retrieved, vendor, os, names)
    convert = converter(kind)
    batches: list[Batch] = [convert(path, read_input(path), options) for path in files]
    report = plan(kind, root, batches, set(catalogue.vendors))
    if report.writes and not report.conflicts:
        check_result(root, report.writes)
        if not dry_run:
            for path, text in report.writes.items():
                write_atomically(path, text)
    return report


def plan(kind: str, root: Path, batches: list[Batch], vendors: set[str]) -> MergeReport:
    held, owned = _existing(root, kind)
    report = MergeReport()
    touched: set[Path] = set()
    for batch in batches:
        report.notes += batch.notes
        for item in batch.entries:
            vendor_id = item.entry.get("vendor")
            if vendor_id is not None and vendor_id not in vendors:
                raise InputError(
                    f"{item.origin}: vendor {vendor_id!r} is not in the catalogue's vendors "
                    f"({', '.join(sorted(vendors))})",
                    tip="add it to vendors.yaml, or name an existing one with --vendor",
                )
            _merge(root, kind, item, held, owned, touched, report)
    for path in sorted(touched):
        section = path.parent.name
        text = render(kind, section, owned[path])
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if text != current:
            report.writes[path] = text
    return report


def _merge(
    root: Path,
    kind: str,
    item: Imported,
    held: dict[str, Held],
    owned: dict[Path, dict[str, dict[str, Any]]],
    touched: set[Path],
    report: MergeReport,
) -> None:
    key = identity(item.section, item.entry)[0]
    target = owned_file(root, kind, item)
    old = held.get(key)
    if old is None:
        owned.setdefault(target, {})[key] = item.entry
        held[key] = Held(item.entry, target, item.origin)
        touched.add(target)
        report.added.append(f"{key} → {target.relative_to(root)}")
        return
    if item.stub:
        return
    differ = [
        f
        for f in _facts(item.entry)
        if f in old.entry and not _same(f, old.entry[f], item.entry[f])
    ]
    extra = [f for f in _facts(item.entry) if f not in old.entry]
    if not differ and not extra:
        report.unchanged += 1
        return
    if old.file == target and old.source == item.entry.get("source"):
        owned.setdefault(target, {})[key] = item.entry
        held[key] = Held(item.entry, target, item.origin)
        touched.add(target)
        report.updated.append(f"{key}: {', '.join(differ + extra)} ({target.relative_to(root)})")
        return
    for f in differ:
        report.conflicts.append(Conflict(key, f, old, old.entry[f], item))
    if extra:
        report.notes.append(
            f"{key}: {item.origin} also gives {', '.join(extra)}, which {old.where} lacks "
            f"(source {old.source}); not merged across sources - add them by hand if you trust "
            f"{item.entry.get('source')}"
        )


def _facts(entry: dict[str, Any]) -> list[str]:
    return [k for k in entry if k not in PROVENANCE and k not in IDENTITY]


def _same(key: str, a: Any, b: Any) -> bool:
    if plain(a) == plain(b):
        return True
    return key == "latest" and str(a).lower() == str(b).lower()


def _existing(
    root: Path, kind: str
) -> tuple[dict[str, Held], dict[Path, dict[str, dict[str, Any]]]]:
    """Every entry of the catalogue by identity, and the entries of this importer's files."""
    held: dict[str, Held] = {}
    owned: dict[Path, dict[str, dict[str, Any]]] = {}
    for path in catalogue_files(root):
        data = read_yaml(path)
        mine = path.parent.parent == root and path.name.startswith(f"{kind}-")
        for section in SECTIONS:
            entries = data.get(section) if isinstance(data, dict) else None
            for i, entry in enumerate(entries or []):
                if not isinstance(entry, dict):
                    continue
                keys = identity(section, entry)
                where = f"{path}:{line_of(entries, i) or 0}"
                for key in keys:
                    held.setdefault(key, Held(dict(entry), path, where))
                if mine and path.parent.name == section and keys:
                    owned.setdefault(path, {})[keys[0]] = dict(entry)
    return held, owned
