"""`auditor parse --platform P FILE`: the facts of a saved output as JSON, for every platform.

Each platform's own fixtures (tests/platforms/<device_type>/) go through the command a user
types; the JSON must hold exactly the six facts (null when absent), plus modules and warnings
only when there are some. A file that is not a version output is exit code 2, not a traceback.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from auditor.cli import main

from .test_fixtures import CASES

FACTS = ("vendor", "os", "version", "model", "hostname", "serial")
#: One case per platform, without extra outputs: what `parse` reads is one file.
ONE_FILE = {c.parent.name: c for c in CASES if "extra" not in yaml.safe_load(c.read_text())}


def _parse(capsys: pytest.CaptureFixture[str], platform: str, path: Path) -> tuple[int, str, str]:
    code = main(["parse", "--platform", platform, str(path)])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("case", sorted(ONE_FILE.values()), ids=lambda c: c.parent.name)
def test_parse_prints_the_facts_as_json(case: Path, capsys: pytest.CaptureFixture[str]) -> None:
    expected: dict[str, Any] = yaml.safe_load(case.read_text("utf-8"))
    code, out, _ = _parse(capsys, case.parent.name, case.with_suffix(".txt"))
    assert code == 0
    facts = json.loads(out)
    assert list(facts)[: len(FACTS)] == list(FACTS)
    assert set(facts) - set(FACTS) <= {"modules", "warnings"}
    for key in ("version", "model", "hostname", "serial"):
        if key in expected:
            assert facts[key] == expected[key], key  # None in the fixture is JSON null


def test_parse_refuses_what_is_not_a_version_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    junk = tmp_path / "junk.txt"
    junk.write_bytes(b"\x00\xff" * 100 + b"\nrouter#\n")
    code, out, err = _parse(capsys, "cisco_ios", junk)
    assert (code, out) == (2, "")
    assert "no ios version found" in err and "Traceback" not in err
    code, _, err = _parse(capsys, "no_such_os", junk)
    assert code == 2 and "unknown platform 'no_such_os'" in err
    code, _, err = _parse(capsys, "cisco_ios", tmp_path / "missing.txt")
    assert code == 2 and "missing.txt" in err
