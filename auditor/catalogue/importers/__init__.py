"""Importers: the formats vendors and public projects publish → catalogue entries (our YAML).

One module per format (`csaf`, `endoflife`, `eox`, `osv`), each with a
`convert(path, data, options) -> Batch`. An importer only translates: it never reads or writes
the catalogue (that is `auditor.catalogue.merge`), so each can be tested on one input file.
Every entry an importer makes carries its provenance: `source` (the URL the document gives, or
the file), `retrieved` (the date the input was fetched) and `imported_from` (importer:file).
Product names become our vendor/OS through a small explicit table per importer; `--vendor` and
`--os` override it, and a product in no table is refused with that tip, never guessed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, NoReturn

from auditor.errors import LocatedError
from auditor.yamlsrc import line_of, load_yaml_text

KINDS = ("csaf", "endoflife", "eox", "osv")
MAX_INPUT_BYTES = 50 * 1024 * 1024


class ImportFormatError(LocatedError):
    """An input file that is not the format its importer reads; says where and what was expected."""


@dataclass(frozen=True)
class ImportOptions:
    retrieved: date
    vendor: str | None = None
    os: str | None = None
    vendor_names: dict[str, str] = field(default_factory=dict)
    """Lower-case vendor names and aliases of the target catalogue → vendor id."""


@dataclass(frozen=True)
class Imported:
    """One entry in our schema, ready to merge; `origin` is the input file, for messages."""

    section: str
    entry: dict[str, Any]
    origin: str
    stub: bool = False
    """Only there so a reference can be followed (a migration product): added when the
    catalogue has no entry of that key, never compared with one."""


@dataclass
class Batch:
    entries: list[Imported] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    """Records skipped or partly read, with the reason (shown to the user, never silent)."""


Converter = Callable[[Path, Any, ImportOptions], Batch]


def converter(kind: str) -> Converter:
    """The `convert` function of one importer (imported on use: the CLI starts fast)."""
    import importlib

    if kind not in KINDS:
        raise ValueError(f"unknown importer {kind!r}; expected one of {', '.join(KINDS)}")
    module = importlib.import_module(f"auditor.catalogue.importers.{kind}")
    convert: Converter = module.convert
    return convert


def read_input(path: Path) -> Any:
    """JSON or YAML (or a Markdown file's YAML front matter), with line numbers for errors.

    JSON is read through the YAML loader because it remembers lines; a file neither reads as
    is reported with the JSON parser's own line and column."""
    try:
        if path.stat().st_size > MAX_INPUT_BYTES:
            raise ImportFormatError(
                f"larger than {MAX_INPUT_BYTES // 1024 // 1024} MB", file=str(path)
            )
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ImportFormatError("file not found", file=str(path)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ImportFormatError(f"cannot read file: {exc}", file=str(path)) from None
    if text.startswith("---\n"):
        end = text.find("\n---", 4)
        if end != -1:  # Markdown front matter (endoflife.date products/*.md); keep line numbers
            text = text[: end + 1]
    try:
        return load_yaml_text(text, str(path), ImportFormatError)
    except ImportFormatError:
        import json

        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise ImportFormatError(
                f"not JSON or YAML: {exc.msg} (column {exc.colno})", file=str(path), line=exc.lineno
            ) from None


def fail(path: Path, message: str, node: Any = None, key: Any = None, where: str = "") -> NoReturn:
    raise ImportFormatError(message, file=str(path), line=line_of(node, key), key=where or None)


def mapping(path: Path, node: Any, key: str, where: str, required: bool = True) -> dict[str, Any]:
    value = node.get(key) if isinstance(node, dict) else None
    if isinstance(value, dict):
        return value
    if value is None and not required:
        return {}
    fail(path, f"expected `{key}` to be an object", node, key if value is not None else None, where)


def items(path: Path, node: Any, key: str, where: str, required: bool = False) -> list[Any]:
    value = node.get(key) if isinstance(node, dict) else None
    if isinstance(value, list):
        return value
    if value is None and not required:
        return []
    fail(path, f"expected `{key}` to be a list", node, key if value is not None else None, where)


def text(node: Any, key: str) -> str | None:
    value = node.get(key) if isinstance(node, dict) else None
    if value is None or isinstance(value, (dict, list)):
        return None
    stripped = str(value).strip()
    return stripped or None


def to_date(value: Any) -> date | None:
    """`2024-01-31`, `2024-01-31T10:00:00Z` or a YAML date → date; anything else → None."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and len(value.strip()) >= 10:
        try:
            return date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None


def provenance(source: str | None, path: Path, kind: str, options: ImportOptions) -> dict[str, Any]:
    """The three provenance fields every imported entry carries."""
    return {
        "source": source or path.name,
        "retrieved": options.retrieved,
        "imported_from": f"{kind}:{path.name}",
    }


def vendor_id(name: str | None, options: ImportOptions) -> str | None:
    """`--vendor`, else the catalogue's own vendor names and aliases (`Cisco Systems, Inc.`)."""
    if options.vendor:
        return options.vendor.lower()
    if not name:
        return None
    return options.vendor_names.get(name.strip().lower())


def compact(entry: dict[str, Any]) -> dict[str, Any]:
    """Drop empty fields: an absent fact stays absent, never `null` or `""`."""
    return {k: v for k, v in entry.items() if v not in (None, "", [], {})}


def check_version(path: Path, os: str, value: str, node: Any, key: Any, where: str) -> str:
    """A version as the OS's scheme reads it; refused here, located in the *input* file, rather
    than later in the YAML the import would write."""
    from auditor.errors import InputError
    from auditor.versions import SCHEME_FOR_OS, get_scheme

    try:
        get_scheme(SCHEME_FOR_OS[os]).parse(value)
    except InputError as exc:
        fail(path, exc.message, node, key, where)
    return value


def scored(path: Path, vector: str, node: Any, key: Any, where: str) -> dict[str, Any]:
    """`{vector, score}` with the score computed by the `cvss` library."""
    from auditor.catalogue.scoring import VectorError, score_vector

    try:
        result = score_vector(vector)
    except VectorError as exc:
        fail(path, str(exc), node, key, where)
    return {"vector": result.vector, "score": result.base}
