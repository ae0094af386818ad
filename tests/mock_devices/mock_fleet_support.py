"""Shared data for the mock_devices tests (a uniquely named module: no clash with other suites)."""

from __future__ import annotations

from typing import Any

from mock_devices import DeviceSpec

PASSWORD = "mock-Test-pw"
SECRET = "en-Secret"

# name: (platform, hostname, version, model, enable_secret, faults)
DEVICES: dict[str, tuple[str, str, str, str, str | None, list[Any]]] = {
    "ios": ("cisco_ios", "lon-acc-01", "15.2(4)E10", "WS-C3750X-48P", SECRET, []),
    "xe": ("cisco_xe", "lon-core-01", "17.9.3", "C9300-48P", None, []),
    "nxos": ("cisco_nxos", "lon-dc-01", "10.4(3)", "C93180YC-FX", None, []),
    "junos": ("juniper_junos", "lon-pe-01", "23.4R2-S3", "mx204", None, []),
    "eos": ("arista_eos", "lon-leaf-01", "4.33.2F", "DCS-7050SX3-48YC8", SECRET, []),
    "vrp": ("huawei", "lon-ne-01", "V800R021C10SPC600", "NE40E-X8A", None, []),
    "badpass": (
        "cisco_ios",
        "lon-acc-02",
        "15.2(7)E10",
        "WS-C2960X-48FPD-L",
        None,
        ["wrong_password"],
    ),
    "silent": ("cisco_xe", "lon-core-02", "17.12.4", "C9300-24T", None, ["hang_after_accept"]),
}


def spec(name: str, **overrides: Any) -> DeviceSpec:
    platform, hostname, version, model, secret, faults = DEVICES[name]
    fields: dict[str, Any] = dict(
        name=name,
        platform=platform,
        hostname=hostname,
        version=version,
        model=model,
        serial=f"FOC{sum(map(ord, name)):04d}X0AB",
        username="audit",
        password=PASSWORD,
        enable_secret=secret,
        faults=tuple(faults),
    )
    fields.update(overrides)
    return DeviceSpec(**fields)
