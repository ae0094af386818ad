"""Read typed fields from a hand-edited YAML file, collecting every located problem.

A compliance officer fixes a policy or spares file in one pass, so each reader method returns
a usable value (or None) and records what was wrong, with file, line and key path; `check()`
then raises them all at once (exit code 2). Unknown keys are problems, not warnings: a
misspelt `max_precent` silently ignored would make a cap vanish from a regulatory report.
"""

from __future__ import annotations

from datetime import date
from fractions import Fraction
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from auditor.errors import InputError, LocatedError
from auditor.yamlsrc import line_of, load_yaml, yaml_date


class FileProblems(InputError):
    """Every problem found in one input file; `problems` holds them one by one."""

    def __init__(self, what: str, problems: list[LocatedError]) -> None:
        self.problems = problems
        head = f"{len(problems)} problems in the {what}:\n" if len(problems) > 1 else ""
        super().__init__(head + "\n".join(p.message for p in problems))


class Fields:
    """Typed access to the mappings of one file; problems pile up in `problems`."""

    def __init__(self, path: Path, what: str, error: type[LocatedError]) -> None:
        self.file = str(path)
        self.what = what
        self.error = error
        self.problems: list[LocatedError] = []

    def load(self, path: Path) -> Any:
        return load_yaml(path, self.error)

    def problem(self, message: str, node: Any, key: Any = None, where: str = "") -> None:
        self.problems.append(
            self.error(message, file=self.file, line=line_of(node, key), key=where or None)
        )

    def check(self) -> None:
        if self.problems:
            raise FileProblems(self.what, self.problems)

    def mapping(self, node: Any, where: str, allowed: tuple[str, ...]) -> dict[str, Any] | None:
        """The node if it is a mapping with only `allowed` keys (unknown keys are problems)."""
        if not isinstance(node, dict):
            self.problem(f"expected a mapping with keys: {', '.join(allowed)}", node, None, where)
            return None
        for key in node:
            if key not in allowed:
                self.problem(
                    f"unknown key {key!r}; expected one of: {', '.join(allowed)}",
                    node,
                    key,
                    f"{where}.{key}",
                )
        return node

    def items(self, node: dict[str, Any], key: str, where: str) -> list[tuple[Any, str]]:
        """The entries of a list under `key`, each with its key path (`rules[2]`)."""
        value = node.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.problem("expected a list", node, key, f"{where}{key}")
            return []
        return [(entry, f"{where}{key}[{i}]") for i, entry in enumerate(value)]

    def text(
        self, node: dict[str, Any], key: str, where: str, required: bool = False
    ) -> str | None:
        value = node.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.problem(
                    f"missing `{key}`", node, key if key in node else None, f"{where}.{key}"
                )
            return None
        if isinstance(value, (dict, list, bool)):
            self.problem("expected text", node, key, f"{where}.{key}")
            return None
        return str(value).strip()

    def url(self, node: dict[str, Any], key: str, where: str, required: bool = False) -> str | None:
        """An http(s) link: every rule must cite where it comes from, as a link people open."""
        value = self.text(node, key, where, required)
        if value is None:
            return None
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            self.problem(f"expected an http(s) URL, got {value!r}", node, key, f"{where}.{key}")
            return None
        return value

    def day(
        self, node: dict[str, Any], key: str, where: str, required: bool = False
    ) -> date | None:
        value = node.get(key)
        if value is None:
            if required:
                self.problem(f"missing `{key}` (a date YYYY-MM-DD)", node, None, f"{where}.{key}")
            return None
        day = yaml_date(value)
        if day is None:
            self.problem(f"expected a date YYYY-MM-DD, got {value!r}", node, key, f"{where}.{key}")
        return day

    def percent(
        self, node: dict[str, Any], key: str, where: str, required: bool = False
    ) -> Fraction | None:
        """A percentage 0..100, kept exact (35 % of 20 devices is 7, not 6.999...)."""
        value = node.get(key)
        if value is None:
            if required:
                self.problem(
                    f"missing `{key}` (a percentage 0 to 100)", node, None, f"{where}.{key}"
                )
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 100:
            self.problem(
                f"expected a percentage 0 to 100, got {value!r}", node, key, f"{where}.{key}"
            )
            return None
        return Fraction(str(value))

    def count(self, node: dict[str, Any], key: str, where: str) -> int | None:
        value = node.get(key)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            self.problem(
                f"expected a whole number 0 or more, got {value!r}",
                node,
                key if key in node else None,
                f"{where}.{key}",
            )
            return None
        return value

    def strings(self, node: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
        value = node.get(key)
        if value is None:
            return ()
        if isinstance(value, list) and all(
            isinstance(v, (str, int)) and not isinstance(v, bool) for v in value
        ):
            return tuple(str(v) for v in value)
        self.problem("expected a list of names", node, key, f"{where}.{key}")
        return ()

    def choices(
        self, node: dict[str, Any], key: str, where: str, allowed: tuple[str, ...]
    ) -> tuple[str, ...]:
        values = self.strings(node, key, where)
        for value in values:
            if value not in allowed:
                self.problem(
                    f"unknown value {value!r}; expected some of: {', '.join(allowed)}",
                    node,
                    key,
                    f"{where}.{key}",
                )
        return tuple(v for v in values if v in allowed)
