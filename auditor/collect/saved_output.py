"""Offline collection: audit text that was captured earlier (by Oxidized, RANCID, a person).

No network at all. The saved text is treated exactly like live output (bounded, hashed), so an
offline audit goes through the same Auditor, parsers, evaluation and reports as a live one; the
only differences are that the "collector" reads a file and that the evidence's collection time
is the file's modification time (when it was captured), not the time of the audit.

A capture folder holds one file per device; the device name is the file name without a
`.txt`/`.log`/`.out` suffix. The platform comes from, in this order:

1. a sidecar `<name>.meta.yaml` beside the file (`platform:`, optional `host`, `site`, `role`,
   `tags`) - for folders exported from a config-backup tool with a little metadata;
2. the inventory given with `--inventory` (a host of the same name);
3. `--platform`, a default for the whole folder.

A file with none of these is a located input error, reported with every other one before any
device is audited.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path

from auditor.collect.base import Collector, Timeouts, make_collection
from auditor.errors import AuditorError, CollectError, InputError, InventoryError
from auditor.inventory.credentials import CredentialResolver, Credentials
from auditor.models import Cause, Collection, Device
from auditor.platforms import Platform, get_platform
from auditor.yamlsrc import line_of, load_yaml

MAX_FILE_BYTES = 50 * 1024 * 1024
SIDECAR_SUFFIX = ".meta.yaml"
CAPTURE_SUFFIXES = (".txt", ".log", ".out")
SIDECAR_KEYS = {"platform", "host", "site", "role", "tags"}
DRIVER = "saved"


def read_saved(path: Path, platform: Platform) -> list[Collection]:
    """One saved file holds the version command's output; its mtime is when it was captured."""
    try:
        size = path.stat().st_size
        captured = datetime.fromtimestamp(path.stat().st_mtime, tz=timezone.utc)
        with path.open("rb") as handle:
            raw = handle.read(min(size, MAX_FILE_BYTES))
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None
    text = raw.decode("utf-8", "replace")
    collection = make_collection(platform.version_command, text)
    truncated = collection.truncated or size > len(raw)
    return [replace(collection, collected_at=captured, truncated=truncated)]


@dataclass(frozen=True)
class SavedCapture:
    device: Device
    path: Path


def discover(
    folder: Path,
    inventory: Sequence[Device] = (),
    default_platform: str | None = None,
) -> list[SavedCapture]:
    """Pair every capture in `folder` with a Device; raise one InputError listing every problem."""
    if not folder.is_dir():
        raise InputError(f"{folder}: not a folder of saved outputs")
    by_name = {d.name: d for d in inventory}
    captures: list[SavedCapture] = []
    problems: list[str] = []
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or not path.is_file() or path.name.endswith(SIDECAR_SUFFIX):
            continue
        name = _device_name(path)
        try:
            device = _device_for(path, name, by_name.get(name), default_platform)
        except AuditorError as exc:
            problems.append(exc.message)
            continue
        captures.append(SavedCapture(device, path))
    if problems:
        raise InputError(
            f"{len(problems)} problem(s) in {folder}:\n  " + "\n  ".join(problems),
            tip="give each capture a platform: a NAME.meta.yaml sidecar, --inventory or --platform",
        )
    if not captures:
        raise InputError(f"{folder}: no saved outputs found (one file per device expected)")
    return captures


def _device_name(path: Path) -> str:
    return path.stem if path.suffix in CAPTURE_SUFFIXES else path.name


def _device_for(
    path: Path, name: str, known: Device | None, default_platform: str | None
) -> Device:
    sidecar = path.with_name(name + SIDECAR_SUFFIX)
    meta: Mapping[str, object] = {}
    if sidecar.is_file():
        meta = _read_sidecar(sidecar)
    platform = meta.get("platform") or (known.platform if known else None) or default_platform
    if not platform:
        raise InputError(f"{path}: no platform (no {sidecar.name}, no inventory host {name!r})")
    try:
        platform_name = get_platform(str(platform)).device_type
    except AuditorError as exc:
        where = f"{sidecar}:{line_of(meta, 'platform')}" if "platform" in meta else str(path)
        raise InputError(f"{where}: {exc.message}") from None
    base = known or Device(name=name, host="", platform=platform_name)
    tags = meta.get("tags")
    return replace(
        base,
        platform=platform_name,
        host=str(meta.get("host") or base.host or "(saved output)"),
        site=str(meta["site"]) if meta.get("site") else base.site,
        role=str(meta["role"]) if meta.get("role") else base.role,
        tags=tuple(str(t) for t in tags) if isinstance(tags, list) else base.tags,
        driver=DRIVER,
    )


def _read_sidecar(path: Path) -> Mapping[str, object]:
    data = load_yaml(path, InventoryError)
    if not isinstance(data, Mapping):
        raise InputError(f"{path}:1: expected a mapping with `platform:` (and host/site/role/tags)")
    unknown = sorted(set(data) - SIDECAR_KEYS)
    if unknown:
        key = unknown[0]
        raise InputError(
            f"{path}:{line_of(data, key)}: unknown key {key!r}; "
            f"expected {', '.join(sorted(SIDECAR_KEYS))}"
        )
    tags = data.get("tags")
    if tags is not None and not isinstance(tags, list):
        raise InputError(f"{path}:{line_of(data, 'tags')}: `tags` must be a list")
    return data


class SavedOutputCollector(Collector):
    """Hands the Auditor the saved text for each device instead of connecting anywhere."""

    name = DRIVER

    def __init__(self, captures: Sequence[SavedCapture]) -> None:
        self._paths = {c.device.name: c.path for c in captures}

    def collect(
        self, device: Device, platform: Platform, credentials: Credentials, timeouts: Timeouts
    ) -> list[Collection]:
        path = self._paths.get(device.name)
        if path is None:
            raise CollectError(f"no saved output for {device.name}", Cause.UNREACHABLE.value)
        try:
            return read_saved(path, platform)
        except InputError as exc:
            raise CollectError(exc.message, Cause.UNREACHABLE.value) from None


class NoCredentials(CredentialResolver):
    """Offline audits log in nowhere: never prompt, never read a password."""

    def __init__(self) -> None:
        super().__init__(env={}, interactive=False)

    def for_device(self, device: Device) -> Credentials:
        return Credentials(username="", password="")
