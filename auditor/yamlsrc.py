"""YAML loading that remembers where each value came from.

Users edit inventories and catalogues by hand; an error must name the file and line. PyYAML's
plain `safe_load` forgets positions and silently keeps the last of two duplicate keys (a
duplicated host would vanish). This loader returns ordinary dicts and lists that also carry the
1-based line of each key or item, and rejects duplicate keys.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
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
    ~200,000 lines, which the pure-Python parser alone takes seconds to read."""


_STR = "tag:yaml.org,2002:str"
_MERGE_TAGS = frozenset(("tag:yaml.org,2002:merge", "tag:yaml.org,2002:value"))


def _child(loader: _Loader, node: yaml.Node) -> Any:
    """A child value. Most of a catalogue is plain strings: those skip PyYAML's generic
    `construct_object` bookkeeping (a third of the load time of a big file); everything else
    (numbers, dates, booleans, aliases, nested mappings) goes the ordinary way."""
    if type(node) is yaml.ScalarNode and node.tag == _STR:
        return node.value
    return loader.construct_object(node, deep=True)


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> LineDict:
    if any(key_node.tag in _MERGE_TAGS for key_node, _ in node.value):
        loader.flatten_mapping(node)  # `<<: *defaults` merge keys
    result = LineDict()
    result.line = node.start_mark.line + 1
    lines: dict[Any, int] = {}
    result.lines = lines
    for key_node, value_node in node.value:
        key = _child(loader, key_node)
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
                f"duplicate key {key!r} (first at line {lines[key]})",
                key_node.start_mark,
            )
        result[key] = _child(loader, value_node)
        lines[key] = key_node.start_mark.line + 1
    return result


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode) -> LineList:
    result = LineList([_child(loader, child) for child in node.value])
    result.line = node.start_mark.line + 1
    result.lines = [child.start_mark.line + 1 for child in node.value]
    return result


for _loader in (_Loader, _FastLoader):
    _loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
    _loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


@contextmanager
def gc_paused() -> Iterator[None]:
    """Hold off Python's cycle collector while building a large tree of fresh objects.

    Loading YAML (or building a catalogue from it) allocates hundreds of thousands of dicts,
    lists and dataclasses that all stay alive; each allocation burst makes the collector walk
    every object built so far, finding nothing to free. On a 10,000-advisory catalogue that
    walking is more than half of the load time. Reference counting still frees everything
    that is dropped; the collector runs again as soon as the block ends (nested blocks leave
    it to the outermost)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


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
        with gc_paused():
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


def yaml_date(value: Any) -> date | None:
    """A date as YAML gives it: a `date` (unquoted 2024-01-31) or the same text quoted, as
    JSON-born files have it. None when it is neither; the caller says where, and what it
    expected."""
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None
