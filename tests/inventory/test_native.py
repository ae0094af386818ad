"""The native YAML inventory: precedence, and located errors for every kind of mistake."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.cli import main
from auditor.errors import InventoryError
from auditor.inventory import load_inventory

GOOD = """\
defaults:
  username: audit
  tags: [managed]
groups:
  core:
    role: core
    platform: cisco_xe
    groups: [london]
  london:
    site: london
    tags: [uk]
hosts:
  lon-core-01:
    host: 127.0.0.1
    port: 2201
    groups: [core]
    tags: [pop]
  lon-edge-01:
    hostname: 127.0.0.2
    platform: juniper_junos
    site: slough
    data: {rack: r12}
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "inv.yaml"
    path.write_text(text)
    return path


def test_groups_and_defaults_resolve_in_nornir_order(tmp_path: Path) -> None:
    devices, sha = load_inventory(write(tmp_path, GOOD))
    core, edge = devices
    assert (core.name, core.host, core.port, core.platform) == (
        "lon-core-01",
        "127.0.0.1",
        2201,
        "cisco_xe",
    )
    assert (core.role, core.site, core.username) == ("core", "london", "audit")
    assert core.tags == ("pop", "uk", "managed")
    assert (edge.host, edge.port, edge.platform, edge.site) == (
        "127.0.0.2",
        22,
        "juniper_junos",
        "slough",
    )
    assert dict(edge.data)["rack"] == "r12"
    assert len(sha) == 64


@pytest.mark.parametrize(
    ("text", "line", "expected"),
    [
        (
            "hosts:\n  a:\n    host: 127.0.0.1\n    platform: cisco_ios: x\n",
            4,
            "invalid YAML: mapping values are not allowed",
        ),
        (
            "hosts:\n  a:\n    host: 127.0.0.1\n    platform: cisco_nope\n",
            4,
            "unknown platform 'cisco_nope'; expected one of",
        ),
        ("hosts:\n  a:\n    platform: cisco_ios\n", 2, "missing `host:`"),
        (
            "hosts:\n  a:\n    host: 127.0.0.1\n    platform: cisco_ios\n  a:\n    host: 127.0.0.2\n",
            5,
            "duplicate key 'a' (first at line 2)",
        ),
        (
            "hosts:\n  a:\n    host: 127.0.0.1\n    platform: cisco_ios\n    password: hunter2\n",
            5,
            "secrets are not accepted",
        ),
        (
            "hosts:\n  a:\n    host: 127.0.0.1\n    platform: cisco_ios\n    port: 70000\n",
            5,
            "not a TCP port",
        ),
        (
            "hosts:\n  a:\n    host: 127.0.0.1\n    platform: cisco_ios\n    colour: red\n",
            5,
            "unknown key 'colour'",
        ),
        (
            "hosts:\n  a:\n    host: 127.0.0.1\n    platform: cisco_ios\n    groups: [nope]\n",
            5,
            "unknown group 'nope'",
        ),
        ("hosts: []\n", 1, "expected `hosts:` as a non-empty mapping"),
        (
            "hosts:\n  a:\n    host: 127.0.0.1\n    platform: fortinet\n    driver: napalm\n",
            5,
            "platform fortinet has no NAPALM driver; use driver: netmiko",
        ),
        (
            "hosts:\n  a:\n    host: 127.0.0.1\n    platform: arista_eos\n    napalm_port: 0\n",
            5,
            "napalm_port 0 is not a TCP port number",
        ),
    ],
)
def test_bad_inventory_is_located(tmp_path: Path, text: str, line: int, expected: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(InventoryError) as info:
        load_inventory(path)
    assert info.value.file == str(path)
    assert info.value.line == line
    assert expected in info.value.message


def test_secret_error_says_how_to_supply_credentials(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "defaults:\n  password: hunter2\nhosts:\n  a: {host: 127.0.0.1, platform: cisco_ios}\n",
    )
    with pytest.raises(InventoryError) as info:
        load_inventory(path)
    assert "AUDITOR_PASSWORD" in (info.value.tip or "")
    assert "hunter2" not in info.value.message


def test_cli_exits_2_with_located_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "hosts:\n  a:\n    host: 127.0.0.1\n    platform: cisco_nope\n")
    code = main(["audit", "--inventory", str(path), "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 2
    assert f"{path}:4: hosts.a.platform: unknown platform 'cisco_nope'" in err
    assert "Traceback" not in err
    assert not (tmp_path / "out").exists()
