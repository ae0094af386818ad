"""Shared data for the NAPALM suite (a uniquely named module: no clash with other suites)."""

from __future__ import annotations

from typing import Any

from mock_devices import DeviceSpec

PASSWORD = "napalm-Test-pw"
SECRET = "napalm-En-secret"

# name: (platform, hostname, version, model, enable secret, faults, template variables)
DEVICES: dict[str, tuple[str, str, str, str, str | None, list[Any], dict[str, str]]] = {
    "ios": ("cisco_ios", "lon-acc-01", "15.2(4)E10", "WS-C3750X-48P", SECRET, [], {}),
    "xe": ("cisco_xe", "lon-core-01", "17.9.3", "C9300-48P", None, [], {}),
    "nxos": ("cisco_nxos", "lon-dc-01", "10.4(3)", "C93180YC-FX", None, [], {}),
    "vrp": ("huawei", "lon-agg-01", "V200R019C10SPC500", "S5720-28X-SI-AC", None, [], {}),
    "ne40e": ("huawei", "lon-ne-01", "V800R021C10SPC600", "NE40E-X8A", None, [], {}),
    "junos": (
        "juniper_junos",
        "lon-pe-01",
        "23.4R2-S3",
        "mx204",
        None,
        [],
        {"domain": "net.example"},
    ),
    "junos11": (
        "juniper_junos",
        "ams-pe-02",
        "22.4R3-S2",
        "mx480",
        None,
        [],
        {"netconf_framing": "1.1"},
    ),
    "eos": ("arista_eos", "lon-leaf-01", "4.33.2F", "DCS-7050SX3-48YC8", SECRET, [], {}),
    "eos-badpass": (
        "arista_eos",
        "lon-leaf-02",
        "4.31.6M",
        "DCS-7280SR3-48YC8",
        None,
        ["wrong_password"],
        {},
    ),
    "junos-badpass": (
        "juniper_junos",
        "lon-pe-02",
        "23.4R2-S3",
        "mx204",
        None,
        ["wrong_password"],
        {},
    ),
    "junos-hang": (
        "juniper_junos",
        "lon-pe-03",
        "23.4R2-S3",
        "mx204",
        None,
        ["hang_after_login"],
        {},
    ),
    "xe-refused": (
        "cisco_xe",
        "lon-core-02",
        "17.12.4",
        "C9300-24T",
        None,
        ["refuse_connection"],
        {},
    ),
}
HEALTHY = ["ios", "xe", "nxos", "vrp", "ne40e", "junos", "junos11", "eos"]

#: The NAPALM driver a user picks for each platform (what `Platform.napalm_driver` must say).
DRIVER = {
    "cisco_ios": "ios",
    "cisco_xe": "ios",
    "cisco_nxos": "nxos_ssh",
    "huawei": "huawei_vrp",
    "juniper_junos": "junos",
    "arista_eos": "eos",
}


def spec(key: str, /, **overrides: Any) -> DeviceSpec:
    platform, hostname, version, model, secret, faults, variables = DEVICES[key]
    fields: dict[str, Any] = dict(
        name=key,
        platform=platform,
        hostname=hostname,
        version=version,
        model=model,
        serial=f"SN{sum(map(ord, key)):05d}Q",
        username="audit",
        password=PASSWORD,
        enable_secret=secret,
        faults=tuple(faults),
        variables=variables,
    )
    fields.update(overrides)
    return DeviceSpec(**fields)
