"""Compliance-pack tests share one fixed fleet (compliance_fixtures.py) and one written pack."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from compliance_fixtures import POLICY, SCENARIO, SCOPE, SPARES, catalogue, fleet_run

from auditor.report.compliance import (
    Policy,
    Spares,
    load_policy,
    load_spares,
    pack_from_run,
    write_pack,
)


@pytest.fixture(scope="session")
def policy() -> Policy:
    return load_policy(POLICY)


@pytest.fixture(scope="session")
def spares() -> Spares:
    return load_spares(SPARES)


@pytest.fixture(scope="session")
def pack(policy: Policy, spares: Spares) -> dict[str, Any]:
    return pack_from_run(fleet_run(), catalogue(), policy, spares, SCOPE, (SCENARIO,))


@pytest.fixture(scope="session")
def pack_dir(pack: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The pack written once, with its PDF (WeasyPrint takes a few seconds)."""
    out = tmp_path_factory.mktemp("pack") / "pack"
    write_pack(pack, out, POLICY, SPARES)
    return out


def _wired(parser: argparse.ArgumentParser) -> bool:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return "verify" in action.choices
    return False


@pytest.fixture
def auditor_cli(monkeypatch: pytest.MonkeyPatch) -> Callable[[list[str]], int]:
    """`auditor ...` as a user runs it (the real `main`, its error handling and exit codes).

    Until the lead wires `report compliance` and `verify` into `build_parser`, the parser is
    built here the way the wiring will do it."""
    import auditor.cli
    from auditor.cli import compliance, report

    if not _wired(auditor.cli.build_parser()):

        def build_parser() -> argparse.ArgumentParser:
            parser = argparse.ArgumentParser(prog="auditor")
            sub = parser.add_subparsers(dest="command", metavar="COMMAND")
            actions = report.register(sub)
            compliance.add_compliance_parser(actions)
            compliance.register(sub)
            return parser

        monkeypatch.setattr(auditor.cli, "build_parser", build_parser)
    return auditor.cli.main
