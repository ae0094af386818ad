"""Vendor version schemes: parse, order, and compare network OS versions.

One module per scheme lives in `auditor.versions.schemes`; each defines `SCHEME`, an instance
of a `VersionScheme` subclass. They are discovered on first use, so adding a scheme is adding
one module (no list to edit here). Only the standard library is imported, because
`auditor versions ...` must start fast and the evaluator parses thousands of versions.

>>> compare(parse("junos", "20.4R3"), parse("junos", "20.4R3-S2"))
<Ordering.LT: '<'>
>>> compare(parse("junos", "20.4R3"), parse("junos", "15.1X49-D200")).value
'incomparable'
"""

from __future__ import annotations

import importlib
import pkgutil
from enum import Enum

from auditor.errors import UnknownSchemeError
from auditor.versions.base import Version, VersionScheme

__all__ = [
    "SCHEME_FOR_OS",
    "Ordering",
    "Version",
    "VersionScheme",
    "compare",
    "get_scheme",
    "parse",
    "scheme_ids",
]

#: Short OS id (as in `Facts.os` and the catalogue) -> version scheme id.
SCHEME_FOR_OS: dict[str, str] = {
    "ios": "cisco-ios",
    "ios-xe": "cisco-ios-xe",
    "nx-os": "cisco-nx-os",
    "ios-xr": "cisco-ios-xr",
    "asa": "cisco-asa",
    "junos": "junos",
    "eos": "arista-eos",
    "vrp": "huawei-vrp",
    "sros": "nokia-sros",
    "fortios": "fortios",
    "pan-os": "pan-os",
    "routeros": "routeros",
    "comware": "comware",
    "zxros": "zxros",
    "huawei-bsc": "huawei-vrp",
    "nokia-bsc": "nokia-bsc",
    "ericsson-ran": "ericsson-ran",
    "ericsson-bsc": "ericsson-bsc",
}


class Ordering(str, Enum):
    """Result of `compare`; `incomparable` is an answer, not an error."""

    LT = "<"
    EQ = "="
    GT = ">"
    INCOMPARABLE = "incomparable"


_registry: dict[str, VersionScheme] = {}


def _load() -> dict[str, VersionScheme]:
    """Import every module of `auditor.versions.schemes` once and collect its `SCHEME`."""
    if not _registry:
        from auditor.versions import schemes

        found: dict[str, VersionScheme] = {}
        for info in pkgutil.iter_modules(schemes.__path__):
            if info.name.startswith("_"):
                continue
            module = importlib.import_module(f"{schemes.__name__}.{info.name}")
            scheme = getattr(module, "SCHEME", None)
            if isinstance(scheme, VersionScheme):
                if scheme.id in found:
                    raise RuntimeError(f"two version schemes claim the id {scheme.id!r}")
                found[scheme.id] = scheme
        _registry.update(sorted(found.items()))
    return _registry


def scheme_ids() -> list[str]:
    """All known scheme ids, sorted."""
    return list(_load())


def get_scheme(scheme_id: str) -> VersionScheme:
    """The scheme with this id; `UnknownSchemeError` lists the known ids."""
    registry = _load()
    try:
        return registry[scheme_id]
    except (KeyError, TypeError):
        raise UnknownSchemeError(
            f"unknown version scheme {scheme_id!r}; known schemes: {', '.join(registry)}"
        ) from None


def parse(scheme_id: str, text: str) -> Version:
    """Parse `text` with the scheme `scheme_id` (cached per scheme)."""
    return get_scheme(scheme_id).parse(text)


def compare(a: Version, b: Version) -> Ordering:
    """Order two versions, or say they are incomparable (other scheme or other train)."""
    if a.scheme != b.scheme or a.train != b.train:
        return Ordering.INCOMPARABLE
    if a.key < b.key:
        return Ordering.LT
    if a.key > b.key:
        return Ordering.GT
    return Ordering.EQ
