"""The native YAML inventory: `defaults`, `groups` and `hosts`, in the shape Nornir users know.

```yaml
defaults:            # applies to every host
  username: audit
groups:
  core:              # a host in group `core` inherits these
    role: core
    platform: cisco_xe
hosts:
  lon-core-01:
    host: 192.0.2.10 # or `hostname:`, as in Nornir's SimpleInventory
    port: 22
    platform: cisco_xe
    groups: [core]
    site: london
    tags: [pop, ipv6]
```

Precedence is Nornir's: host, then its groups in the order listed (and their parent groups),
then `defaults`. Secrets are never read from this file: a `password` or `secret` key anywhere
is refused with a message saying how to supply it (environment or prompt). `platform:
autodetect` is kept as is on the `Device`: the platform is found at connection time
(`auditor.collect.autodetect`) and the result records what was found.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from auditor.errors import InventoryError, UnknownPlatformError
from auditor.models import ZONE_NAME, ZONE_RULE, Device
from auditor.platforms import get_platform
from auditor.yamlsrc import LineDict, line_of, load_yaml

#: Keys a host, group or `defaults` may carry. Anything else is a typo worth reporting.
HOST_KEYS = {
    "host",
    "hostname",
    "port",
    "platform",
    "username",
    "groups",
    "site",
    "role",
    "tags",
    "driver",
    "data",
    "password_env",
    "secret_env",
    "zone",
    "napalm_port",
    "host_key_policy",
}
SECRET_KEYS = {"password", "secret", "enable_password", "enable_secret"}
#: The `platform:` value that asks for netmiko's SSH autodetection instead of a named platform.
AUTODETECT = "autodetect"
DRIVERS = {"netmiko", "napalm"}
TOP_KEYS = {"defaults", "groups", "hosts"}

SECRET_TIP = (
    "put credentials in the environment (AUDITOR_USERNAME / AUDITOR_PASSWORD, or a variable "
    "named by `password_env:`), or let the auditor prompt for them"
)


class _Ctx:
    """Where we are in the file, for error messages."""

    def __init__(self, path: Path) -> None:
        self.file = str(path)

    def fail(
        self, message: str, container: Any, key: Any = None, where: str = ""
    ) -> InventoryError:
        return InventoryError(
            message, file=self.file, line=line_of(container, key), key=where or None
        )


def load_inventory(path: Path) -> tuple[list[Device], str]:
    """Read an inventory file; return its devices and the SHA-256 of its bytes."""
    data = load_yaml(path, InventoryError)
    ctx = _Ctx(path)
    if not isinstance(data, dict):
        raise ctx.fail(
            "expected a mapping with `hosts:` (and optional `groups:`, `defaults:`)", data
        )
    _refuse_secrets(ctx, data, "")
    for key in data:
        if key not in TOP_KEYS:
            raise ctx.fail(
                f"unknown top-level key; expected one of {sorted(TOP_KEYS)}", data, key, str(key)
            )
    defaults = data.get("defaults") or LineDict()
    groups = data.get("groups") or LineDict()
    hosts = data.get("hosts")
    if not isinstance(defaults, dict):
        raise ctx.fail("expected a mapping", data, "defaults", "defaults")
    if not isinstance(groups, dict):
        raise ctx.fail("expected a mapping of group name to settings", data, "groups", "groups")
    if not isinstance(hosts, dict) or not hosts:
        raise ctx.fail(
            "expected `hosts:` as a non-empty mapping of name to settings", data, "hosts", "hosts"
        )
    _check_keys(ctx, defaults, "defaults")
    for name, group in groups.items():
        if not isinstance(group, dict):
            raise ctx.fail("expected a mapping of settings", groups, name, f"groups.{name}")
        _check_keys(ctx, group, f"groups.{name}")
    devices = [
        _device(ctx, str(name), spec, hosts, groups, defaults) for name, spec in hosts.items()
    ]
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    return devices, sha


def _refuse_secrets(ctx: _Ctx, node: Any, where: str) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            here = f"{where}.{key}" if where else str(key)
            if str(key).lower() in SECRET_KEYS:
                raise InventoryError(
                    "secrets are not accepted in an inventory file",
                    file=ctx.file,
                    line=line_of(node, key),
                    key=here,
                    tip=SECRET_TIP,
                )
            _refuse_secrets(ctx, value, here)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            _refuse_secrets(ctx, value, f"{where}[{i}]")


def _check_keys(ctx: _Ctx, spec: dict[str, Any], where: str) -> None:
    for key in spec:
        if key not in HOST_KEYS:
            raise ctx.fail(
                f"unknown key {key!r}; expected one of {', '.join(sorted(HOST_KEYS))}",
                spec,
                key,
                f"{where}.{key}",
            )


def _group_chain(
    ctx: _Ctx, names: list[str], groups: dict[str, Any], where: str, owner: Any
) -> list[Any]:
    """Groups in precedence order, parents after children, each once (cycles refused)."""
    chain: list[Any] = []
    seen: set[str] = set()

    def visit(name: str, stack: tuple[str, ...]) -> None:
        if name in stack:
            raise ctx.fail(f"group cycle: {' -> '.join((*stack, name))}", owner, "groups", where)
        if name in seen:
            return
        if name not in groups:
            raise ctx.fail(
                f"unknown group {name!r}; defined groups: {sorted(groups) or 'none'}",
                owner,
                "groups",
                where,
            )
        seen.add(name)
        group = groups[name]
        chain.append(group)
        for parent in _string_list(ctx, group, "groups", f"groups.{name}.groups"):
            visit(parent, (*stack, name))

    for n in names:
        visit(n, ())
    return chain


def _string_list(ctx: _Ctx, spec: dict[str, Any], key: str, where: str) -> list[str]:
    value = spec.get(key)
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list) or not all(isinstance(v, (str, int)) for v in value):
        raise ctx.fail("expected a list of names", spec, key, where)
    return [str(v) for v in value]


def _device(
    ctx: _Ctx,
    name: str,
    spec: Any,
    hosts: dict[str, Any],
    groups: dict[str, Any],
    defaults: dict[str, Any],
) -> Device:
    where = f"hosts.{name}"
    if spec is None:
        spec = LineDict()
        spec.line = line_of(hosts, name) or 0
        spec.lines = {}
    if not isinstance(spec, dict):
        raise ctx.fail("expected a mapping of settings", hosts, name, where)
    _check_keys(ctx, spec, where)
    layers = [
        spec,
        *_group_chain(
            ctx,
            _string_list(ctx, spec, "groups", where + ".groups"),
            groups,
            where + ".groups",
            spec,
        ),
        defaults,
    ]

    def pick(key: str) -> tuple[Any, Any]:
        for layer in layers:
            if key in layer and layer[key] is not None:
                return layer[key], layer
        return None, spec

    address, layer = pick("host")
    if address is None:
        address, layer = pick("hostname")
    if address is None or not str(address).strip():
        raise ctx.fail("missing `host:` (the address to connect to)", hosts, name, where)
    platform_name, layer = pick("platform")
    if platform_name is None:
        raise ctx.fail(
            "missing `platform:` (a netmiko device_type, e.g. cisco_ios)", hosts, name, where
        )
    try:
        if str(platform_name) == AUTODETECT:
            device_type = AUTODETECT
        else:
            device_type = get_platform(str(platform_name)).device_type
    except UnknownPlatformError as exc:
        message = f"{exc.message}, or {AUTODETECT!r} to detect it over SSH"
        raise ctx.fail(message, layer, "platform", f"{where}.platform") from None
    port, layer = pick("port")
    port = 22 if port is None else port
    if not isinstance(port, int) or isinstance(port, bool) or not 0 < port < 65536:
        raise ctx.fail(
            f"port {port!r} is not a TCP port number (1-65535)", layer, "port", f"{where}.port"
        )
    driver, layer = pick("driver")
    driver = driver or "netmiko"
    if driver not in DRIVERS:
        raise ctx.fail(
            f"unknown driver {driver!r}; expected one of {sorted(DRIVERS)}",
            layer,
            "driver",
            f"{where}.driver",
        )
    no_napalm = device_type != AUTODETECT and get_platform(device_type).napalm_driver is None
    if driver == "napalm" and no_napalm:
        raise ctx.fail(
            f"platform {device_type} has no NAPALM driver; use driver: netmiko",
            layer,
            "driver",
            f"{where}.driver",
        )
    napalm_port, napalm_layer = pick("napalm_port")
    if napalm_port is not None and (
        not isinstance(napalm_port, int)
        or isinstance(napalm_port, bool)
        or not 0 < napalm_port < 65536
    ):
        raise ctx.fail(
            f"napalm_port {napalm_port!r} is not a TCP port number (1-65535)",
            napalm_layer,
            "napalm_port",
            f"{where}.napalm_port",
        )
    tags: list[str] = []
    for layer in layers:
        for tag in _string_list(ctx, layer, "tags", where + ".tags"):
            if tag not in tags:
                tags.append(tag)
    data: dict[str, str] = {}
    for layer in reversed(layers):
        extra = layer.get("data") or {}
        if not isinstance(extra, dict):
            raise ctx.fail("expected a mapping", layer, "data", f"{where}.data")
        data.update({str(k): str(v) for k, v in extra.items()})
    zone, layer = pick("zone")
    if zone is not None and not ZONE_NAME.match(str(zone)):
        raise ctx.fail(
            f"zone {zone!r} is not a valid name: {ZONE_RULE}", layer, "zone", f"{where}.zone"
        )
    for env_key in ("password_env", "secret_env", "zone", "napalm_port", "host_key_policy"):
        value, _ = pick(env_key)
        if value is not None:
            data[env_key] = str(value)
    username, _ = pick("username")
    site, _ = pick("site")
    role, _ = pick("role")
    return Device(
        name=name,
        host=str(address).strip(),
        platform=device_type,
        port=port,
        site=None if site is None else str(site),
        role=None if role is None else str(role),
        tags=tuple(tags),
        groups=tuple(_string_list(ctx, spec, "groups", where + ".groups")),
        username=None if username is None else str(username),
        driver=str(driver),
        data=tuple(sorted(data.items())),
    )
