"""The spares inventory: how many of each hardware model the operator holds on the shelf.

NCSC asked operators in June 2020 to keep adequate spares of equipment whose vendor may stop
shipping (see the UK policy). This small YAML file is what the pack compares installed base
against. One entry per model, optionally per site (a depot); the same model may appear once per
site. Model names match the catalogue's hardware part numbers, case-insensitively.

    spares:
      - {model: S5735-L24T4S-A, held: 2}
      - {model: NE40E-X8, held: 1, site: london}
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from auditor.errors import LocatedError
from auditor.report.compliance.fields import Fields


class SparesError(LocatedError):
    """A spares inventory file that is malformed."""


@dataclass(frozen=True)
class SparesEntry:
    model: str
    held: int
    site: str | None


@dataclass(frozen=True)
class Spares:
    file: str
    sha256: str
    entries: tuple[SparesEntry, ...]

    def held(self, model: str) -> int:
        return sum(e.held for e in self.entries if e.model.upper() == model.upper())

    def held_by_site(self, model: str) -> dict[str | None, int]:
        found: dict[str | None, int] = {}
        for e in self.entries:
            if e.model.upper() == model.upper():
                found[e.site] = found.get(e.site, 0) + e.held
        return found


def load_spares(path: Path) -> Spares:
    """Read and check a spares file; raise every problem at once, each with file and line."""
    f = Fields(path, "spares inventory", SparesError)
    data = f.load(path)
    top = f.mapping(data, "", ("spares",)) if data is not None else None
    if data is None:
        f.problem("empty file; expected `spares:` with a list of {model, held, site}", data)
    entries: list[SparesEntry] = []
    seen: dict[tuple[str, str | None], str] = {}
    for entry, where in f.items(top or {}, "spares", ""):
        node = f.mapping(entry, where, ("model", "held", "site"))
        if node is None:
            continue
        model = f.text(node, "model", where, required=True)
        held = f.count(node, "held", where)
        site = f.text(node, "site", where)
        if model is None or held is None:
            continue
        key = (model.upper(), site)
        if key in seen:
            place = f" at site {site!r}" if site else ""
            f.problem(
                f"duplicate model {model!r}{place} (first in {seen[key]})",
                node,
                "model",
                f"{where}.model",
            )
            continue
        seen[key] = where
        entries.append(SparesEntry(model, held, site))
    f.check()
    return Spares(path.name, hashlib.sha256(path.read_bytes()).hexdigest(), tuple(entries))
