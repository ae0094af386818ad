"""Read typed fields out of one catalogue file, recording located problems instead of stopping.

A catalogue maintainer should fix a file in one pass, so every reader method returns a usable
value (or None) and appends a `CatalogueError` (file, line, key path, what was expected) to the
shared problem list. `warn` records doubtful but usable entries the same way.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from auditor.catalogue.model import Source
from auditor.errors import CatalogueError, InputError
from auditor.versions import SCHEME_FOR_OS, Version, get_scheme
from auditor.yamlsrc import line_of, yaml_date


class Reader:
    """Reads entries of one file; `problems` and `warnings` are shared by every file."""

    def __init__(
        self, file: str, problems: list[CatalogueError], warnings: list[CatalogueError]
    ) -> None:
        self.file = file
        self.problems = problems
        self.warnings = warnings

    def problem(self, message: str, node: Any, key: Any = None, where: str = "") -> None:
        self.problems.append(
            CatalogueError(message, file=self.file, line=line_of(node, key), key=where or None)
        )

    def warn(self, message: str, node: Any, key: Any = None, where: str = "") -> None:
        self.warnings.append(
            CatalogueError(message, file=self.file, line=line_of(node, key), key=where or None)
        )

    def text(
        self, node: dict[str, Any], key: str, where: str, required: bool = False
    ) -> str | None:
        value = node.get(key)
        if value is None:
            if required:
                self.problem(f"missing `{key}`", node, None, f"{where}.{key}")
            return None
        if isinstance(value, (dict, list)):
            self.problem("expected text", node, key, f"{where}.{key}")
            return None
        return str(value)

    def choice(
        self, node: dict[str, Any], key: str, where: str, allowed: tuple[str, ...]
    ) -> str | None:
        value = self.text(node, key, where)
        if value is not None and value.lower() not in allowed:
            self.problem(
                f"unknown {key} {value!r}; expected one of {', '.join(allowed)}",
                node,
                key,
                f"{where}.{key}",
            )
            return None
        return value.lower() if value is not None else None

    def day(self, node: dict[str, Any], key: str, where: str) -> date | None:
        """A date: YAML `2024-01-31` or the same text quoted (JSON-born files quote dates)."""
        value = node.get(key)
        if value is None or value is False:
            return None
        day = yaml_date(value)
        if day is None:
            self.problem(f"expected a date YYYY-MM-DD, got {value!r}", node, key, f"{where}.{key}")
        return day

    def milestone(self, node: dict[str, Any], key: str, where: str) -> date | bool | None:
        """A milestone: a date, or `true` for "passed, no date published" (endoflife.date)."""
        value = node.get(key)
        if value is True:
            return True
        if value is not None and value is not False and not isinstance(value, (date, str)):
            self.problem(
                f"expected a date YYYY-MM-DD (or true: passed, date unknown), got {value!r}",
                node,
                key,
                f"{where}.{key}",
            )
            return None
        return self.day(node, key, where)

    def flag(self, node: dict[str, Any], key: str, where: str) -> bool | None:
        value = node.get(key)
        if value is None:
            return None
        if isinstance(value, bool):
            return value
        if isinstance(value, date):
            return True  # endoflife.date: `lts: 2023-01-01` = an LTS release from that date
        self.problem(f"expected true or false, got {value!r}", node, key, f"{where}.{key}")
        return None

    def number(self, node: dict[str, Any], key: str, where: str) -> float | None:
        value = node.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.problem(f"expected a number, got {value!r}", node, key, f"{where}.{key}")
            return None
        return float(value)

    def strings(self, node: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
        value = node.get(key)
        if value is None:
            return ()
        if isinstance(value, str):
            return (value,)
        if isinstance(value, list) and all(isinstance(v, (str, int, float)) for v in value):
            return tuple(str(v) for v in value)
        self.problem("expected a list of strings", node, key, f"{where}.{key}")
        return ()

    def source(
        self, node: dict[str, Any], where: str, required: bool = False, dated: bool | None = None
    ) -> Source:
        """`source` (URL or document), `retrieved` (date), `imported_from` (importer:file).

        `required`: facts need a source. `dated` (default: as required): a fact read from a
        page needs the date it was read; an operator's own policy does not."""
        url = self.text(node, "source", where)
        if url is None and required:
            self.problem(
                "missing `source` (the URL or document these facts come from)",
                node,
                None,
                f"{where}.source",
            )
        retrieved = self.day(node, "retrieved", where)
        dated = required if dated is None else dated
        if dated and url is not None and retrieved is None and "retrieved" not in node:
            self.warn("no `retrieved` date for this source", node, "source", f"{where}.retrieved")
        return Source(
            url=url,
            retrieved=retrieved,
            file=self.file,
            line=line_of(node) or 0,
            imported_from=self.text(node, "imported_from", where),
        )

    def version(self, os: str | None, text: Any, node: Any, key: Any, where: str) -> Version | None:
        if text is None or os is None or os not in SCHEME_FOR_OS:
            return None
        try:
            return get_scheme(SCHEME_FOR_OS[os]).parse(str(text))
        except InputError as exc:
            self.problem(exc.message, node, key, where)
            return None

    def os(self, node: dict[str, Any], where: str) -> str | None:
        os = self.text(node, "os", where, required=True)
        if os is not None and os not in SCHEME_FOR_OS:
            self.problem(
                f"unknown os {os!r}; expected one of {', '.join(sorted(SCHEME_FOR_OS))}",
                node,
                "os",
                f"{where}.os",
            )
            return None
        return os

    def entry(self, entry: Any, i: int, section: str) -> tuple[dict[str, Any] | None, str]:
        where = f"{section}[{i}]"
        if not isinstance(entry, dict):
            self.problem("expected a mapping", entry, None, where)
            return None, where
        return entry, where

    def known_keys(self, node: dict[str, Any], allowed: tuple[str, ...], where: str) -> None:
        """A misspelt key (`end_of_sale_date`) would silently drop a fact: say so (a warning,
        so a catalogue with extra notes still loads; `validate --strict` refuses it)."""
        for key in node:
            if key not in allowed:
                self.warn(
                    f"unknown field {key!r}; expected one of: {', '.join(allowed)}",
                    node,
                    key,
                    f"{where}.{key}",
                )
