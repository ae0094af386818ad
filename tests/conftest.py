"""Suite-wide guards: every connection the tests make stays on loopback."""

from __future__ import annotations

import os

os.environ["AUDITOR_ALLOWED_NETWORKS"] = "127.0.0.0/8,::1/128"
os.environ.pop("AUDITOR_PASSWORD", None)
