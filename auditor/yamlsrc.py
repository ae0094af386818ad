"""YAML loading that remembers where each value came from.

Users edit inventories and catalogues by hand; an error must name the file and line. PyYAML's
plain `safe_load` forgets positions and silently keeps the last of two duplicate keys (a
duplicated host would vanish). This loader returns ordinary dicts and lists that also carry the
1-based line of each key or item, and rejects duplicate keys.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from auditor.errors import LocatedError


class LineDict(dict):
    """A dict that knows the line of each key (`lines[key]`) and its own (`line`)."""

    line: int = 0
    lines: dict[Any, int]


class LineList(list):
    """A list that knows the line of each item (`lines[i]`) and its own (`line`)."""

    line: int = 0
    lines: list[int]


def line_of(container: Any, key: Any = None) -> int | None:
    """Line of `key` inside `container` (or of the container itself); None if unknown."""
    if key is not None:
        lines = getattr(container, "lines", None)
        if isinstance(lines, dict):
            return lines.get(key)
        if isinstance(lines, list) and isinstance(key, int) and 0 <= key < len(lines):
            return lines[key]
    return getattr(container, "line", None) or None


class _Loader(yaml.SafeLoader):
    """SafeLoader whose mappings and sequences carry line numbers (pure Python: its error
    messages and marks are the ones users know, so it words every error)."""


class _FastLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """The same loader on libyaml's C parser when present: a 10,000-advisory catalogue is
    ~150,000 lines, which the pure-Python parser alone takes seconds to read."""


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    result = LineDict()
    result.line = node.start_mark.line + 1
    result.lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            raise yaml.constructor.ConstructorError(
                None, None, "found an unhashable key", key_node.start_mark
            ) from None
        if key in result:
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"duplicate key {key!r} (first at line {result.lines[key]})",
                key_node.start_mark,
            )
        result[key] = loader.construct_object(value_node, deep=True)
        result.lines[key] = key_node.start_mark.line + 1
    return result


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode) -> LineList:
    result = LineList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.lines = [child.start_mark.line + 1 for child in node.value]
    return result


for _loader in (_Loader, _FastLoader):
    _loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
    _loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


def load_yaml(path: Path, error: type[LocatedError] = LocatedError) -> Any:
    """Load one YAML file; any problem becomes `error` located at file and line."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise error("file not found", file=str(path)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise error(f"cannot read file: {exc}", file=str(path)) from None
    return load_yaml_text(text, str(path), error)


def load_yaml_text(text: str, name: str, error: type[LocatedError] = LocatedError) -> Any:
    try:
        return yaml.load(text, Loader=_FastLoader)  # noqa: S506 - SafeLoader subclass
    except yaml.YAMLError:
        pass  # read it again with the pure-Python parser, which words the error
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = exc.problem or str(exc)
        raise error(f"invalid YAML: {problem}", file=name, line=line) from None
    except yaml.YAMLError as exc:
        raise error(f"invalid YAML: {exc}", file=name) from None
