"""Write catalogue files the way importers own them: canonical, sorted, byte-for-byte stable.

Stable output is what makes "re-importing the same file changes nothing" true: the same
entries always render to the same bytes (fields in schema order, entries in natural key
order), and a file whose rendering is unchanged is not touched at all.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from auditor.catalogue import advisories, sections
from auditor.catalogue.loader import CatalogueProblems, load_catalogue
from auditor.errors import CatalogueError

FIELD_ORDER = {
    "software": sections.SOFTWARE_FIELDS,
    "hardware": sections.HARDWARE_FIELDS,
    "advisories": advisories.ADVISORY_FIELDS,
}
HEADER = (
    "# Written by `auditor catalogue import {kind}`. Re-importing replaces an entry only when its\n"
    "# own source publishes new values; a different source that disagrees is reported as a\n"
    "# conflict. Hand edits here are lost on the next import: correct the source instead.\n"
)


def plain(value: Any) -> Any:
    """Loader containers (LineDict, LineList) → plain dict/list, for the YAML dumper."""
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


def ordered(section: str, entry: Mapping[str, Any]) -> dict[str, Any]:
    order = FIELD_ORDER.get(section, ())
    known = [k for k in order if k in entry]
    extra = sorted(k for k in entry if k not in order)
    return {k: plain(entry[k]) for k in [*known, *extra]}


def natural(key: str) -> tuple[Any, ...]:
    """`17.9` before `17.10`; numbers compare as numbers, text as text."""
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", key.lower()))


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True  # a date shared by two entries is written twice, not as `&id001`

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        # Indent list items under their key (`affected:\n  - os: ...`), as hand-written files do.
        super().increase_indent(flow, False)


def render(kind: str, section: str, entries: Mapping[str, Mapping[str, Any]]) -> str:
    body = [ordered(section, entries[k]) for k in sorted(entries, key=natural)]
    text = yaml.dump(
        {section: body},
        Dumper=_Dumper,
        sort_keys=False,
        default_flow_style=False,
        allow_unicode=True,
        width=100,
    )
    return HEADER.format(kind=kind) + text


def check_result(root: Path, writes: dict[Path, str]) -> None:
    """Load the catalogue as it would be after writing, in a scratch copy; problems are
    reported with the real paths, and nothing is written."""
    with tempfile.TemporaryDirectory(prefix="auditor-import-") as tmp:
        scratch = Path(tmp) / "catalogue"
        shutil.copytree(root, scratch)
        for path, text in writes.items():
            target = scratch / path.relative_to(root)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        try:
            load_catalogue(scratch)
        except CatalogueProblems as exc:
            raise CatalogueProblems(
                [
                    CatalogueError(
                        p.bare_message,
                        file=(p.file or "").replace(str(scratch), str(root)),
                        line=p.line,
                        key=p.key,
                    )
                    for p in exc.problems
                ]
            ) from None


def write_atomically(path: Path, text: str) -> None:
    """Write beside the target and rename, so a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
