"""Suite-wide guards: every connection the tests make stays on loopback, no history leaks out."""

from __future__ import annotations

import os
import tempfile

import pytest

# Shared check modules: pytest explains their failing asserts as it does in test files.
pytest.register_assert_rewrite("fault_fleet")

os.environ["AUDITOR_ALLOWED_NETWORKS"] = "127.0.0.0/8,::1/128"
os.environ.pop("AUDITOR_PASSWORD", None)
# `auditor audit` keeps history by default; the suite's runs go to a throwaway store, never to
# the user's ~/.local/share/auditor.
os.environ["AUDITOR_STORE"] = os.path.join(
    tempfile.mkdtemp(prefix="auditor-test-store-"), "history.sqlite3"
)

# Throwaway PostgreSQL and Redis on loopback, for the store and distributed tests.
from live_servers import postgres_server, postgres_url, redis_server  # noqa: E402, F401
