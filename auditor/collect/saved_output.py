"""Offline collection: audit text that was captured earlier (by Oxidized, RANCID, a person).

No network at all. The saved text is treated exactly like live output (bounded, hashed), so an
offline audit produces the same reports and evidence as a live one.
"""

from __future__ import annotations

from pathlib import Path

from auditor.collect.base import make_collection
from auditor.errors import InputError
from auditor.models import Collection
from auditor.platforms import Platform

MAX_FILE_BYTES = 50 * 1024 * 1024


def read_saved(path: Path, platform: Platform) -> list[Collection]:
    """One saved file holds the version command's output."""
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            raw = handle.read(min(size, MAX_FILE_BYTES))
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None
    text = raw.decode("utf-8", "replace")
    return [make_collection(platform.version_command, text)]
