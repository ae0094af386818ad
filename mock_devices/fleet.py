"""Fleet description: which mock devices to serve, as data (``DeviceSpec``) or a YAML file.

A fleet file is what a test, the demo or a benchmark hands to ``MockFleet``. Errors name the
file, line and device so a typo in a 1,000-device file is found in seconds, not by bisecting.

Example fleet file::

    defaults: {username: audit, password: demo-password}
    devices:
      - name: lon-core-01
        platform: cisco_xe
        version: 17.9.3
        model: C9300-48P
        serial: FOC2301X0AB
        faults: [slow_output: 0.01]
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from mock_devices.profile import known_platforms

# fault name -> (default parameters, name of the parameter a bare scalar sets)
FAULTS: dict[str, tuple[dict[str, Any], str | None]] = {
    "wrong_password": ({}, None),
    "hang_after_accept": ({}, None),
    "hang_after_login": ({}, None),
    "hang_mid_output": ({"after_lines": 0}, "after_lines"),
    "disconnect_mid_output": ({"after_lines": 0}, "after_lines"),
    "slow_output": ({"line_delay": 0.05}, "line_delay"),
    "ignore_paging_disable": ({}, None),
    "garbage_output": ({"size": 4096}, "size"),
    "huge_output": ({"size_mb": 50.0}, "size_mb"),
    "unexpected_prompt": ({"prompt": "[{{ username }}@{{ hostname }} ~]$ "}, "prompt"),
    "changed_host_key": ({}, None),
    "refuse_connection": ({}, None),
}


class FleetError(ValueError):
    """A fleet file or spec is invalid; the message says where and what to fix."""


@dataclass(frozen=True)
class Fault:
    """One injected misbehaviour and its parameters (defaults filled in)."""

    name: str
    params: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def parse(cls, raw: Fault | str | Mapping[str, Any]) -> Fault:
        """Accept ``"slow_output"``, ``{"slow_output": 0.1}``, ``{"slow_output": {...}}``
        or ``{"name": "slow_output", "line_delay": 0.1}``."""
        if isinstance(raw, Fault):
            return raw
        if isinstance(raw, str):
            name, given = raw, {}
        elif isinstance(raw, Mapping) and "name" in raw:
            name, given = str(raw["name"]), {k: v for k, v in raw.items() if k != "name"}
        elif isinstance(raw, Mapping) and len(raw) == 1:
            name, value = next(iter(raw.items()))
            name = str(name)
            if isinstance(value, Mapping):
                given = dict(value)
            elif value is None:
                given = {}
            else:
                scalar = FAULTS.get(name, ({}, None))[1]
                if scalar is None:
                    raise FleetError(f"fault {name!r} takes no parameter")
                given = {scalar: value}
        else:
            raise FleetError(f"a fault is a name or a one-key mapping, not {raw!r}")
        if name not in FAULTS:
            raise FleetError(f"unknown fault {name!r}; known: {', '.join(sorted(FAULTS))}")
        defaults = FAULTS[name][0]
        unknown = set(given) - set(defaults)
        if unknown:
            raise FleetError(f"fault {name!r}: unknown parameter(s) {sorted(unknown)}")
        params = dict(defaults)
        for key, value in given.items():
            default = defaults[key]
            try:
                params[key] = type(default)(value)
            except (TypeError, ValueError) as exc:
                raise FleetError(f"fault {name!r}: {key} must be {type(default).__name__}") from exc
        return cls(name, params)


@dataclass(frozen=True)
class Latency:
    """Artificial delays (seconds) that make a mock fleet feel like a WAN for benchmarks."""

    login: float = 0.0
    command: float = 0.0

    @classmethod
    def parse(cls, raw: Latency | Mapping[str, Any] | float | None) -> Latency:
        if raw is None:
            return cls()
        if isinstance(raw, Latency):
            return raw
        if isinstance(raw, (int, float)):
            return cls(command=float(raw))
        unknown = set(raw) - {"login", "command"}
        if unknown:
            raise FleetError(f"latency: unknown key(s) {sorted(unknown)}; use login, command")
        return cls(login=float(raw.get("login", 0.0)), command=float(raw.get("command", 0.0)))


def default_uptime(name: str) -> int:
    """A stable, name-derived uptime between 1 and 400 days, so outputs differ between boxes."""
    digest = int(hashlib.sha1(name.encode()).hexdigest()[:8], 16)
    return 86400 + digest % (399 * 86400)


_UPTIME_RE = re.compile(r"(\d+)\s*([ywdhms])")
_UPTIME_UNITS = {"y": 365 * 86400, "w": 7 * 86400, "d": 86400, "h": 3600, "m": 60, "s": 1}


def parse_uptime(raw: int | str | None, name: str) -> int:
    """Seconds from an int or a ``"1y 22w 6d 9h 38m"`` string."""
    if raw is None:
        return default_uptime(name)
    if isinstance(raw, int):
        return raw
    text = str(raw).strip()
    if text.isdigit():
        return int(text)
    parts = _UPTIME_RE.findall(text)
    if not parts or _UPTIME_RE.sub("", text).strip(" ,"):
        raise FleetError(f"uptime {raw!r}: use seconds or e.g. '42d 3h 10m'")
    return sum(int(n) * _UPTIME_UNITS[u] for n, u in parts)


@dataclass(frozen=True)
class DeviceSpec:
    """One mock device: identity, credentials and misbehaviour.

    ``faults`` accepts names or mappings and is normalised to ``Fault`` objects, so tests can
    write ``faults=["wrong_password"]``. ``variables`` adds or overrides template variables
    (e.g. ``image`` for an unusual IOS image name).
    """

    name: str
    platform: str
    hostname: str
    version: str
    model: str
    serial: str
    username: str
    password: str
    enable_secret: str | None = None
    port: int = 0
    faults: tuple[Fault, ...] = ()
    eapi_port: int = 0
    """HTTPS port for eAPI on platforms that serve it (Arista); 0: any free port."""
    uptime: int = -1
    latency: Latency = field(default_factory=Latency)
    variables: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.name:
            raise FleetError("device name must not be empty")
        object.__setattr__(self, "faults", tuple(Fault.parse(f) for f in self.faults))
        object.__setattr__(self, "latency", Latency.parse(self.latency))
        if self.uptime < 0:
            object.__setattr__(self, "uptime", default_uptime(self.name))
        for key in ("port", "eapi_port"):
            if not 0 <= int(getattr(self, key)) <= 65535:
                raise FleetError(f"{key} {getattr(self, key)} out of range")

    def fault(self, name: str) -> Fault | None:
        """The fault of that name if this device has it."""
        return next((f for f in self.faults if f.name == name), None)


class _LineLoader(yaml.SafeLoader):
    """SafeLoader that remembers the line of every mapping, for located error messages."""


class _LineDict(dict[Any, Any]):
    line = 0


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> _LineDict:
    mapping = _LineDict(loader.construct_mapping(node, deep=True))
    mapping.line = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)

_KEYS = {
    "name", "platform", "hostname", "version", "model", "serial", "username", "password",
    "enable_secret", "port", "faults", "uptime", "latency", "vars", "eapi_port",
}  # fmt: skip
_REQUIRED = ("name", "platform", "version")


def _fake_serial(name: str) -> str:
    digest = hashlib.sha1(name.encode()).hexdigest().upper()
    return f"FOC{digest[:4]}X{digest[4:7]}"


def spec_from_mapping(
    entry: Mapping[str, Any], defaults: Mapping[str, Any] | None = None
) -> DeviceSpec:
    """Build a spec from one ``devices:`` entry merged over ``defaults``."""
    merged: dict[str, Any] = dict(defaults or {})
    merged.update(entry)
    unknown = set(merged) - _KEYS
    if unknown:
        raise FleetError(f"unknown key(s) {sorted(unknown)}; allowed: {', '.join(sorted(_KEYS))}")
    missing = [k for k in _REQUIRED if not merged.get(k)]
    missing += [k for k in ("username", "password") if merged.get(k) is None]
    if missing:
        raise FleetError(f"missing required key(s): {', '.join(missing)}")
    platform = str(merged["platform"])
    platforms = known_platforms()
    if platform not in platforms:
        raise FleetError(f"unknown platform {platform!r}; known: {', '.join(platforms)}")
    name = str(merged["name"])
    faults = merged.get("faults") or []
    if not isinstance(faults, list):
        raise FleetError("faults must be a list")
    secret = merged.get("enable_secret")
    return DeviceSpec(
        name=name,
        platform=platform,
        hostname=str(merged.get("hostname") or name),
        version=str(merged["version"]),
        model=str(merged.get("model") or ""),
        serial=str(merged.get("serial") or _fake_serial(name)),
        username=str(merged["username"]),
        password=str(merged["password"]),
        enable_secret=None if secret is None else str(secret),
        port=int(merged.get("port") or 0),
        eapi_port=int(merged.get("eapi_port") or 0),
        faults=tuple(Fault.parse(f) for f in faults),
        uptime=parse_uptime(merged.get("uptime"), name),
        latency=Latency.parse(merged.get("latency")),
        variables={str(k): str(v) for k, v in (merged.get("vars") or {}).items()},
    )


def load_fleet(path: str | Path) -> list[DeviceSpec]:
    """Read a fleet YAML file; raise ``FleetError`` naming file, line and device on problems."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise FleetError(f"{path}: cannot read fleet file: {exc.strerror}") from exc
    try:
        data = yaml.load(text, Loader=_LineLoader)  # noqa: S506 - SafeLoader subclass
    except yaml.YAMLError as exc:
        raise FleetError(f"{path}: not valid YAML: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("devices"), list):
        raise FleetError(f"{path}: expected a mapping with a 'devices:' list")
    defaults = data.get("defaults") or {}
    if not isinstance(defaults, dict):
        raise FleetError(f"{path}: 'defaults' must be a mapping")
    return specs_from_entries(data["devices"], defaults, where=str(path))


def specs_from_entries(
    entries: Iterable[Any], defaults: Mapping[str, Any], where: str = "<fleet>"
) -> list[DeviceSpec]:
    """Validate all entries, collecting located errors; names and fixed ports must be unique."""
    specs: list[DeviceSpec] = []
    errors: list[str] = []
    seen_names: dict[str, int] = {}
    seen_ports: dict[int, str] = {}
    for index, entry in enumerate(entries):
        line = getattr(entry, "line", 0)
        loc = f"{where}:{line}" if line else where
        label = f"devices[{index}]"
        if isinstance(entry, dict) and entry.get("name"):
            label += f" ({entry['name']})"
        if not isinstance(entry, dict):
            errors.append(f"{loc}: {label}: expected a mapping")
            continue
        try:
            spec = spec_from_mapping(entry, defaults)
        except FleetError as exc:
            errors.append(f"{loc}: {label}: {exc}")
            continue
        if spec.name in seen_names:
            errors.append(f"{loc}: {label}: duplicate name (first at line {seen_names[spec.name]})")
        seen_names[spec.name] = line
        for port in (spec.port, spec.eapi_port):
            if not port:
                continue
            if port in seen_ports:
                errors.append(f"{loc}: {label}: port {port} already used by {seen_ports[port]}")
            seen_ports[port] = spec.name
        specs.append(spec)
    if errors:
        raise FleetError("\n".join(errors))
    return specs
