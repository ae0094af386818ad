"""Report tests share one fixed, demo-like run (see report_fixtures.py)."""

from __future__ import annotations

from typing import Any

import pytest
from report_fixtures import catalogue, demo_run

from auditor.report.view import build_view


@pytest.fixture(scope="session")
def view() -> dict[str, Any]:
    """The view of the fixed run, dated from the catalogue (as `auditor audit` builds it)."""
    return build_view(demo_run(), catalogue())
