"""One mock fleet for the whole mock_devices suite (start-up is paid once)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from mock_fleet_support import DEVICES, spec

from mock_devices import MockFleet


@pytest.fixture(scope="session")
def fleet() -> Iterator[MockFleet]:
    with MockFleet([spec(name) for name in DEVICES], host="127.0.0.1") as running:
        yield running
