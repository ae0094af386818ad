"""Every platform parser against our own fixtures: `tests/platforms/<device_type>/<case>.yaml`.

Each case is `<case>.txt` (the version command's output) beside `<case>.yaml` with the expected
`version`, `model`, `hostname`, `serial` (null = must not be found), optionally `modules` (how
many) and `extra` (other allow-listed command -> fixture file). The fixtures are written for
this project (own hostnames, serials, versions), modelled on the structure of real outputs.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from auditor.errors import ParseError
from auditor.models import Facts
from auditor.platforms import all_platforms, get_platform

HERE = Path(__file__).resolve().parent
ALL_CASES = sorted(HERE.glob("*/*.yaml"))
#: Cases that must parse (the others expect a ParseError: `error: <text in its message>`).
CASES = [c for c in ALL_CASES if "error" not in yaml.safe_load(c.read_text("utf-8"))]


def load_case(case: Path) -> tuple[dict[str, str], dict[str, Any]]:
    """The outputs mapping a collector would produce for this case, and the expectations."""
    expected = yaml.safe_load(case.read_text("utf-8"))
    platform = get_platform(case.parent.name)
    outputs = {platform.version_command: case.with_suffix(".txt").read_bytes().decode("utf-8")}
    for command, filename in (expected.get("extra") or {}).items():
        assert command in platform.commands, f"{command!r} is not on the allow-list"
        outputs[command] = (case.parent / filename).read_text("utf-8")
    return outputs, expected


def check(facts: Facts, expected: dict[str, Any]) -> None:
    for key in ("version", "model", "hostname", "serial"):
        if key in expected:
            assert getattr(facts, key) == expected[key], (key, facts)
    if "modules" in expected:
        assert len(facts.modules) == expected["modules"], facts.modules
    for fragment in expected.get("warnings_contain") or []:
        assert any(fragment in w for w in facts.warnings), facts.warnings


@pytest.mark.parametrize("case", ALL_CASES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_fixture(case: Path) -> None:
    outputs, expected = load_case(case)
    platform = get_platform(case.parent.name)
    if "error" in expected:
        with pytest.raises(ParseError, match=re.escape(expected["error"])):
            platform.parse(outputs)
        return
    facts = platform.parse(outputs)
    assert facts.vendor == platform.vendor
    assert facts.os == platform.os
    check(facts, expected)


def test_every_platform_has_fixtures() -> None:
    folders = {p.parent.name for p in CASES}
    missing = [p.device_type for p in all_platforms() if p.device_type not in folders]
    assert not missing, f"platforms without fixtures: {missing}"


@pytest.mark.parametrize("platform", all_platforms(), ids=lambda p: p.device_type)
def test_platform_record_is_consistent(platform: Any) -> None:
    assert platform.commands and platform.version_command == platform.commands[0]
    assert len(set(platform.commands)) == len(platform.commands)
    assert platform.vendor and platform.os and platform.scheme
    assert platform.description
