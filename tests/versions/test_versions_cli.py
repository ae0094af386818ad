"""`auditor versions` subcommands, driven through an ArgumentParser of our own."""

from __future__ import annotations

import argparse
import subprocess
import sys
import time

import pytest

from auditor.cli import versions as cli
from auditor.errors import InputError, RangeParseError, UnknownSchemeError, VersionParseError


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    parser = argparse.ArgumentParser(prog="auditor")
    cli.register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    code = args.func(args)
    return code, capsys.readouterr().out


def test_schemes(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(["versions", "schemes"], capsys)
    assert code == 0
    lines = out.splitlines()
    assert len(lines) >= 14
    assert any(line.startswith("junos ") for line in lines)
    assert all(len(line.split(None, 1)) == 2 for line in lines)


@pytest.mark.parametrize(
    ("scheme", "a", "b", "expected"),
    [
        ("junos", "20.4R3", "20.4R3-S2", "<"),
        ("junos", "20.4R3-S2.6", "20.4R3-S2", ">"),
        ("cisco-ios-xe", "16.09.03", "16.9.3", "="),
        ("junos", "20.4R3", "15.1X49-D200", "incomparable"),
    ],
)
def test_compare(
    scheme: str, a: str, b: str, expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["versions", "compare", scheme, a, b], capsys) == (0, expected + "\n")


@pytest.mark.parametrize(
    ("version", "expected"),
    [("20.4R2", "affected"), ("20.4R3-S2", "not-affected"), ("15.1X49-D200", "not-affected")],
)
def test_match(version: str, expected: str, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["versions", "match", "junos", version, "vers:junos/>=20.4R1|<20.4R3-S2"]
    assert run(argv, capsys) == (0, expected + "\n")


@pytest.mark.parametrize(
    ("argv", "error"),
    [
        (["versions", "compare", "nosuch", "1", "2"], UnknownSchemeError),
        (["versions", "compare", "junos", "20.x", "20.4R1"], VersionParseError),
        (["versions", "match", "junos", "20.4R1", "vers:cisco-ios/*"], RangeParseError),
        (["versions", "match", "junos", "20.4R1", "junos/>=20.4R1"], RangeParseError),
        (["versions", "match", "junos", "20.4", "vers:junos/*"], VersionParseError),
    ],
)
def test_errors_are_input_errors(
    argv: list[str], error: type[InputError], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(error):
        run(argv, capsys)
    assert capsys.readouterr().out == ""


def test_scheme_mismatch_message(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(RangeParseError, match="expected vers:junos/"):
        run(["versions", "match", "junos", "20.4R1", "vers:cisco-ios/*"], capsys)


def test_import_is_light() -> None:
    code = (
        "import sys, time; t = time.perf_counter();"
        "import auditor.versions.ranges, auditor.versions as v; v.scheme_ids();"
        "heavy = {'netmiko', 'asyncssh', 'napalm', 'jinja2', 'yaml', 'paramiko'} & set(sys.modules);"
        "assert not heavy, heavy; print(time.perf_counter() - t)"
    )
    start = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    assert float(out.stdout) < 0.3
    assert time.perf_counter() - start < 5
