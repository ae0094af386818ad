"""A cache of parsed YAML for big catalogue files, keyed by the file's exact bytes.

Parsing YAML is most of the time it takes to load a catalogue of thousands of advisories
(libyaml still builds every node in Python). A file whose bytes did not change parses to the
same tree, so the tree - with its line numbers, so later problems are still located - is kept
in `marshal` form (plain values only: reading it back cannot run code, unlike pickle) under
`$AUDITOR_CACHE_DIR`, else `$XDG_CACHE_HOME/auditor`, else `~/.cache/auditor`. Validation is
never cached: every load still checks every entry. `AUDITOR_CACHE_DIR=off` turns it off; small
files (most hand-written ones) are never cached. Any cache trouble means "parse the file".
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import tempfile
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

from auditor.yamlsrc import LineDict, LineList

MIN_BYTES = 256 * 1024
KEEP = 64
"""Cached files kept; the oldest go first."""
_FORMAT = b"auditor-yaml-tree-1"
_DICT, _LIST, _DATE, _DATETIME = 0, 1, 2, 3


def cache_dir() -> Path | None:
    configured = os.environ.get("AUDITOR_CACHE_DIR")
    if configured is not None:
        return None if configured.strip().lower() in ("", "off", "0", "no") else Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "auditor"


def _freeze(value: Any) -> Any:
    """LineDict/LineList/dates → tuples marshal can store (YAML's safe loader makes no tuples)."""
    if isinstance(value, dict):
        lines = getattr(value, "lines", {})
        items = [(_freeze(k), _freeze(v), lines.get(k, 0)) for k, v in value.items()]
        return (_DICT, getattr(value, "line", 0), items)
    if isinstance(value, list):
        return (_LIST, getattr(value, "line", 0), [_freeze(v) for v in value],
                list(getattr(value, "lines", [])))  # fmt: skip
    if isinstance(value, datetime):
        return (_DATETIME, value.isoformat())
    if isinstance(value, date):
        return (_DATE, value.isoformat())
    return value


def _thaw(value: Any) -> Any:
    """The reverse of `_freeze` (scalars are tested inline: most of a tree is scalars)."""
    kind = value[0]
    if kind == _DICT:
        d = LineDict()
        lines: dict[Any, int] = {}
        for k, v, line in value[2]:
            if type(k) is tuple:
                k = _thaw(k)
            d[k] = _thaw(v) if type(v) is tuple else v
            lines[k] = line
        d.line, d.lines = value[1], lines
        return d
    if kind == _LIST:
        out = LineList([_thaw(v) if type(v) is tuple else v for v in value[2]])
        out.line, out.lines = value[1], value[3]
        return out
    if kind == _DATETIME:
        return datetime.fromisoformat(value[1])
    return date.fromisoformat(value[1])


def cached_parse(data: bytes, parse: Callable[[], Any]) -> Any:
    """`parse()`, or the tree it gave last time for these exact bytes."""
    folder = cache_dir()
    if folder is None or len(data) < MIN_BYTES:
        return parse()
    key = hashlib.sha256(_FORMAT + yaml.__version__.encode() + b"\0" + data).hexdigest()
    path = folder / "yaml" / f"{key}.marshal"
    with contextlib.suppress(OSError, ValueError, EOFError, TypeError, IndexError, KeyError):
        tree = marshal.loads(path.read_bytes())
        return _thaw(tree) if type(tree) is tuple else tree
    tree = parse()
    with contextlib.suppress(OSError, ValueError):
        _store(path, marshal.dumps(_freeze(tree)))
    return tree


def _store(path: Path, blob: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(blob)
        os.replace(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)
    entries = sorted(path.parent.glob("*.marshal"), key=lambda p: p.stat().st_mtime)
    for old in entries[:-KEEP]:
        old.unlink(missing_ok=True)
