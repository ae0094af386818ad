"""Where a catalogue fact was read: the entry's file (relative to the catalogue folder) and line.

Relative paths keep a pack byte-identical wherever the catalogue was checked out; together
with the catalogue hash in the pack's inputs, `software/ios-xe.yaml:42` names one exact line.
"""

from __future__ import annotations

from pathlib import Path

from auditor.catalogue.model import Catalogue, Source


def location(source: Source, catalogue: Catalogue) -> str | None:
    if not source.file:
        return None
    root = Path(catalogue.root)
    path = Path(source.file)
    try:
        rel = path.resolve().relative_to(root.resolve()).as_posix() if root.is_dir() else path.name
    except ValueError:
        rel = path.name
    return f"{rel}:{source.line}" if source.line else rel


def entry_sources(catalogue: Catalogue) -> dict[str, Source]:
    """Catalogue entry reference (as findings cite it: `software ios-xe 17.9`) → its source."""
    found: dict[str, Source] = {}
    for t in catalogue.software:
        found.setdefault(t.ref, t.source)
    for h in catalogue.hardware:
        found.setdefault(h.ref, h.source)
        for model in h.models:
            found.setdefault(f"hardware {model}", h.source)
    for a in catalogue.advisories:
        found.setdefault(f"advisory {a.id}", a.source)
    for b in catalogue.baselines:
        found.setdefault(f"baseline {b.os}", b.source)
    return found
