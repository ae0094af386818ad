"""Golden files: the fixed run rendered to every format must match tests/report/golden/.

A report change is then a reviewed diff, not a surprise. When a change is intended, regenerate
the golden files and review them with `git diff tests/report/golden`:

    AUDITOR_UPDATE_GOLDEN=1 python -m pytest -q tests/report/test_golden.py

The run is built from saved outputs through the real evaluation (`report_fixtures.py`), so a
change in parsing or evaluation that alters a report shows up here too.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path
from typing import Any

import pytest
from report_fixtures import catalogue, demo_run

from auditor.report.render import REPORT_NAMES, render, write_reports
from auditor.report.view import build_view

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("AUDITOR_UPDATE_GOLDEN") == "1"


@pytest.mark.parametrize("fmt", sorted(REPORT_NAMES))
def test_report_matches_golden_file(view: dict[str, Any], fmt: str) -> None:
    got = render(view, fmt)
    path = GOLDEN / REPORT_NAMES[fmt]
    if UPDATE:
        GOLDEN.mkdir(exist_ok=True)
        path.write_text(got, encoding="utf-8", newline="")
    assert path.exists(), f"no golden file {path}; run with AUDITOR_UPDATE_GOLDEN=1"
    want = path.read_bytes().decode("utf-8")  # as written: CSV keeps its CRLF
    if got != want:
        diff = difflib.unified_diff(
            want.splitlines(), got.splitlines(), str(path), "rendered", lineterm="", n=2
        )
        pytest.fail(
            f"{fmt} report differs from {path.name} "
            "(if intended: AUDITOR_UPDATE_GOLDEN=1, then review git diff):\n"
            + "\n".join(list(diff)[:60])
        )


def test_json_is_byte_identical_when_rendered_again(tmp_path: Path) -> None:
    first = write_reports(build_view(demo_run(), catalogue()), tmp_path / "a")
    second = write_reports(build_view(demo_run(), catalogue()), tmp_path / "b")
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name
