"""Host-key policy: OpenSSH's strict / accept-new / off, on a standard known_hosts file.

No connections here: keys are generated with asyncssh and handed to the policy as a collector
would after the SSH key exchange. The end-to-end proof against a mock device whose key changed
is in tests/e2e/test_faults.py.
"""

from __future__ import annotations

import argparse
import threading
from pathlib import Path

import asyncssh
import paramiko
import pytest

from auditor.collect.hostkeys import (
    HostKeyError,
    HostKeyMode,
    HostKeyPolicy,
    add_host_key_options,
    fingerprint,
    known_hosts_name,
)
from auditor.errors import InputError
from auditor.models import Cause, Device

OLD = asyncssh.generate_private_key("ssh-ed25519")
NEW = asyncssh.generate_private_key("ssh-ed25519")
RSA = asyncssh.generate_private_key("ssh-rsa", key_size=2048)


def _device(port: int = 2222, host: str = "127.0.0.9", **data: str) -> Device:
    return Device(
        name=f"r{port}", host=host, port=port, platform="cisco_xe", data=tuple(data.items())
    )


def _blob(key: asyncssh.SSHKey) -> bytes:
    return bytes(key.public_data)


def _line(name: str, key: asyncssh.SSHKey) -> str:
    """A known_hosts line as OpenSSH writes it."""
    key_type, data = key.export_public_key("openssh").decode().split()[:2]
    return f"{name} {key_type} {data}"


def _known(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "known_hosts"
    path.write_text("".join(line + "\n" for line in lines))
    return path


def _present(policy: HostKeyPolicy, device: Device, key: asyncssh.SSHKey) -> None:
    policy.verify(device, key.get_algorithm(), _blob(key))


def test_fingerprint_is_the_one_openssh_prints() -> None:
    assert fingerprint(_blob(OLD)) == OLD.get_fingerprint("sha256")
    assert fingerprint(_blob(RSA)) == RSA.get_fingerprint("sha256")


def test_known_hosts_names_follow_openssh() -> None:
    assert known_hosts_name("127.0.0.9", 22) == "127.0.0.9"
    assert known_hosts_name("127.0.0.9", 2222) == "[127.0.0.9]:2222"
    assert known_hosts_name("::1", 830) == "[::1]:830"


def test_accept_new_learns_an_unknown_device_in_openssh_format(tmp_path: Path) -> None:
    path = _known(tmp_path, "# team file", _line("[127.0.0.9]:1", OLD))
    policy = HostKeyPolicy("accept-new", path)
    device = _device(2222)
    _present(policy, device, NEW)
    _present(policy, device, NEW)  # the second session finds it known
    lines = path.read_text().splitlines()
    assert lines[:2] == ["# team file", _line("[127.0.0.9]:1", OLD)]
    assert lines[2:] == [_line("[127.0.0.9]:2222", NEW)]
    # another SSH implementation reads what we wrote
    recorded = paramiko.HostKeys(str(path)).lookup("[127.0.0.9]:2222")
    assert recorded is not None and recorded["ssh-ed25519"].asbytes() == _blob(NEW)


def test_a_changed_key_is_refused_with_both_fingerprints(tmp_path: Path) -> None:
    path = _known(tmp_path, _line("[127.0.0.9]:2222", OLD))
    before = path.read_text()
    policy = HostKeyPolicy("accept-new", path)
    with pytest.raises(HostKeyError) as caught:
        _present(policy, _device(2222), NEW)
    error = caught.value
    assert error.cause == Cause.HOSTKEY.value == "host-key"
    assert not Cause(error.cause).transient
    for part in ("[127.0.0.9]:2222", "CHANGED", str(path)):
        assert part in error.message
    assert OLD.get_fingerprint("sha256") in error.message
    assert NEW.get_fingerprint("sha256") in error.message
    assert path.read_text() == before  # never "corrected" behind the operator's back


def test_a_known_host_with_another_key_type_is_a_change(tmp_path: Path) -> None:
    policy = HostKeyPolicy("accept-new", _known(tmp_path, _line("[127.0.0.9]:2222", OLD)))
    with pytest.raises(HostKeyError, match="CHANGED"):
        _present(policy, _device(2222), RSA)


def test_strict_refuses_an_unknown_device_before_connecting(tmp_path: Path) -> None:
    path = _known(tmp_path, _line("[127.0.0.9]:2222", OLD))
    policy = HostKeyPolicy("strict", path)
    assert policy.before_connect(_device(2222)) is HostKeyMode.STRICT
    _present(policy, _device(2222), OLD)
    with pytest.raises(HostKeyError, match=r"\[127.0.0.9\]:2223 is not in .* strict"):
        policy.before_connect(_device(2223))
    with pytest.raises(HostKeyError, match="strict"):
        _present(policy, _device(2223), OLD)
    assert "2223" not in path.read_text()


def test_strict_needs_the_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="known_hosts file not found"):
        HostKeyPolicy("strict", tmp_path / "missing")


def test_accept_new_needs_a_folder_to_write_in(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="does not exist"):
        HostKeyPolicy("accept-new", tmp_path / "no-such-dir" / "known_hosts")


def test_accept_new_creates_the_file(tmp_path: Path) -> None:
    path = tmp_path / "known_hosts"
    _present(HostKeyPolicy("accept-new", path), _device(22), OLD)
    assert path.read_text() == _line("127.0.0.9", OLD) + "\n"


def test_off_accepts_anything_and_writes_nothing(tmp_path: Path) -> None:
    path = _known(tmp_path, _line("[127.0.0.9]:2222", OLD))
    policy = HostKeyPolicy("off", path)
    _present(policy, _device(2222), NEW)
    _present(policy, _device(2223), NEW)
    assert path.read_text() == _line("[127.0.0.9]:2222", OLD) + "\n"
    assert HostKeyPolicy().mode is HostKeyMode.OFF


def test_hashed_names_are_matched(tmp_path: Path) -> None:
    hashed = paramiko.HostKeys.hash_host("[127.0.0.9]:2222")
    policy = HostKeyPolicy("strict", _known(tmp_path, _line(hashed, OLD)))
    assert policy.known_keys(_device(2222)) == {"ssh-ed25519": _blob(OLD)}
    assert policy.known_keys(_device(2223)) == {}
    with pytest.raises(HostKeyError, match="CHANGED"):
        _present(policy, _device(2222), NEW)


def test_lines_it_cannot_use_are_skipped_and_revoked_keys_refused(tmp_path: Path) -> None:
    path = _known(
        tmp_path,
        "@cert-authority *.example.net ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPd",
        _line("*.example.net", OLD),
        "garbage",
        "127.0.0.9 ssh-ed25519 not-base64!",
        "@revoked " + _line("*", NEW),
        _line("127.0.0.8,[127.0.0.9]:2222", OLD),
    )
    policy = HostKeyPolicy("accept-new", path)
    assert policy.known_keys(_device(2222)) == {"ssh-ed25519": _blob(OLD)}
    assert policy.known_keys(_device(22, host="127.0.0.8")) == {"ssh-ed25519": _blob(OLD)}
    with pytest.raises(HostKeyError, match="@revoked"):
        _present(policy, _device(3000), NEW)


def test_a_device_can_override_the_run_policy(tmp_path: Path) -> None:
    policy = HostKeyPolicy("strict", _known(tmp_path))
    lab = _device(2222, host_key_policy="off")
    assert policy.before_connect(lab) is HostKeyMode.OFF
    _present(policy, lab, NEW)
    with pytest.raises(InputError, match=r"r2223: data.host_key_policy: 'yes' is not"):
        policy.validate([lab, _device(2223, host_key_policy="yes")])


def test_a_file_without_final_newline_gets_a_line_of_its_own(tmp_path: Path) -> None:
    path = tmp_path / "known_hosts"
    path.write_text(_line("[127.0.0.9]:1", OLD))
    _present(HostKeyPolicy("accept-new", path), _device(2222), NEW)
    assert path.read_text().splitlines() == [
        _line("[127.0.0.9]:1", OLD),
        _line("[127.0.0.9]:2222", NEW),
    ]


def test_sessions_learning_at_once_each_write_one_line(tmp_path: Path) -> None:
    path = tmp_path / "known_hosts"
    policy = HostKeyPolicy("accept-new", path)
    devices = [_device(3000 + i) for i in range(24)]
    threads = [
        threading.Thread(target=_present, args=(policy, d, OLD)) for d in devices for _ in (1, 2)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    lines = path.read_text().splitlines()
    assert sorted(lines) == sorted(_line(f"[127.0.0.9]:{d.port}", OLD) for d in devices)


@pytest.mark.parametrize(
    ("argv", "mode"),
    [
        ([], HostKeyMode.OFF),
        (["--known-hosts", "{file}"], HostKeyMode.ACCEPT_NEW),
        (["--known-hosts", "{file}", "--host-key-policy", "strict"], HostKeyMode.STRICT),
        (["--known-hosts", "{file}", "--host-key-policy", "off"], HostKeyMode.OFF),
    ],
)
def test_cli_options(tmp_path: Path, argv: list[str], mode: HostKeyMode) -> None:
    path = _known(tmp_path, _line("[127.0.0.9]:2222", OLD))
    parser = argparse.ArgumentParser()
    add_host_key_options(parser)
    args = parser.parse_args([a.format(file=path) for a in argv])
    policy = HostKeyPolicy.from_args(args)
    assert policy.mode is mode
    if argv:
        assert policy.known_hosts == path


def test_cli_refuses_an_unknown_policy(capsys: pytest.CaptureFixture[str]) -> None:
    parser = argparse.ArgumentParser()
    add_host_key_options(parser)
    with pytest.raises(SystemExit) as exited:
        parser.parse_args(["--host-key-policy", "yes"])
    assert exited.value.code == 2
    assert "accept-new" in capsys.readouterr().err
