"""Read a catalogue folder (any number of YAML files, merged) and validate every entry.

Validation collects *every* problem, each located by file and line with what was expected,
so a catalogue maintainer fixes a file in one pass (`CatalogueProblems` holds them all).
The content hash covers every file's path and bytes, so a report can quote exactly which
catalogue it was computed from.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from auditor.catalogue import advisories as advisory_section
from auditor.catalogue import checks, sections
from auditor.catalogue.model import Catalogue
from auditor.catalogue.reader import Reader
from auditor.errors import CatalogueError, InputError
from auditor.yamlsrc import gc_paused, load_yaml_text

SECTIONS = ("catalogue", "vendors", "software", "hardware", "baselines", "advisories")
META_FIELDS = ("name", "version", "description")


class CatalogueProblems(InputError):
    """Every problem found in a catalogue; `problems` holds them one by one."""

    def __init__(self, problems: list[CatalogueError]) -> None:
        self.problems = problems
        head = f"{len(problems)} problem(s) in the catalogue:\n" if len(problems) > 1 else ""
        super().__init__(head + "\n".join(p.message for p in problems))


def read_yaml(path: Path) -> Any:
    """One catalogue file with line numbers; any problem is a located CatalogueError."""
    try:
        text = path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CatalogueError(f"cannot read file: {exc}", file=str(path)) from None
    return load_yaml_text(text, str(path), CatalogueError)


#: Folders beside the catalogue data that hold other things: compliance policies (read by
#: `auditor report compliance --policy`), never advisories or lifecycle entries.
NOT_CATALOGUE = {"policy"}


def catalogue_files(root: Path) -> list[Path]:
    if root.is_file():
        return [root]
    if not root.is_dir():
        raise InputError(f"{root}: catalogue folder not found")
    return sorted(
        p
        for p in root.rglob("*")
        if p.suffix in (".yaml", ".yml")
        and p.is_file()
        and p.relative_to(root).parts[0] not in NOT_CATALOGUE
    )


def content_hash(root: Path, files: list[Path]) -> str:
    """SHA-256 over each file's path (relative to the root) and bytes, in sorted order."""
    digest = hashlib.sha256()
    for path in files:
        rel = path.relative_to(root).as_posix() if root.is_dir() else path.name
        digest.update(rel.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def load_catalogue(root: Path) -> Catalogue:
    """Load and validate; raise CatalogueProblems listing every problem found."""
    with gc_paused():  # a big catalogue is a big tree of new objects (see gc_paused)
        return _load(root)


def _load(root: Path) -> Catalogue:
    files = catalogue_files(root)
    if not files:
        raise InputError(f"{root}: no catalogue files (*.yaml) found")
    problems: list[CatalogueError] = []
    warnings: list[CatalogueError] = []
    found: dict[str, list[tuple[Reader, Any, int]]] = {s: [] for s in SECTIONS}
    for path in files:
        try:
            data = read_yaml(path)
        except CatalogueError as exc:
            problems.append(exc)
            continue
        reader = Reader(str(path), problems, warnings)
        if data is None:
            continue
        if not isinstance(data, dict):
            reader.problem(f"expected a mapping with one of: {', '.join(SECTIONS)}", data)
            continue
        for key, value in data.items():
            if key not in SECTIONS:
                reader.problem(
                    f"unknown section; expected one of: {', '.join(SECTIONS)}", data, key, str(key)
                )
            elif key == "catalogue":
                found[key].append((reader, value, 0))
            elif value is None:
                continue
            elif not isinstance(value, list):
                reader.problem("expected a list of entries", data, key, str(key))
            else:
                found[key].extend((reader, entry, i) for i, entry in enumerate(value))
    meta = _meta(found["catalogue"])
    vendors = _built(sections.vendor, found["vendors"])
    software = _built(sections.software, found["software"])
    hardware = _built(sections.hardware, found["hardware"])
    baselines = _built(sections.baseline, found["baselines"])
    advisories = _built(advisory_section.advisory, found["advisories"])
    problems += checks.duplicates("vendor id", vendors, lambda v: [v.id])
    problems += checks.vendor_names(vendors)
    problems += checks.duplicates("software train", software, lambda t: [f"{t.os} {t.branch}"])
    problems += checks.duplicates(
        "hardware model", hardware, lambda h: [m.upper() for m in h.models]
    )
    problems += checks.duplicates("advisory id", advisories, lambda a: [a.id])
    bad_refs, doubtful = checks.references(vendors, software, hardware, baselines, advisories)
    problems += bad_refs
    warnings += doubtful
    if problems:
        raise CatalogueProblems(problems)
    if "version" not in meta:
        warnings.append(
            CatalogueError("no catalogue version; add `catalogue: {name: ..., version: ...}`")
        )
    return Catalogue(
        name=str(meta.get("name", "catalogue")),
        version=str(meta.get("version", "unversioned")),
        sha256=content_hash(root, files),
        root=str(root),
        vendors={v.id: v for v in vendors},
        software=tuple(software),
        hardware=tuple(hardware),
        baselines=tuple(baselines),
        advisories=tuple(advisories),
        warnings=tuple(warnings),
    )


def _built(build: Any, entries: list[tuple[Reader, Any, int]]) -> list[Any]:
    built = (build(reader, entry, i) for reader, entry, i in entries)
    return [e for e in built if e is not None]


def _meta(entries: list[tuple[Reader, Any, int]]) -> dict[str, Any]:
    meta: dict[str, Any] = {}
    for reader, value, _ in entries:
        if not isinstance(value, dict):
            reader.problem("expected a mapping with name and version", value, None, "catalogue")
            continue
        reader.known_keys(value, META_FIELDS, "catalogue")
        meta.update(value)
    return meta
