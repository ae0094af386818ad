"""What one task carries: a device to audit, for which run, and how. Never a secret.

The device is its inventory entry as the store keeps it (`codec.device_columns`): host, port,
platform, username, and in `data` the *names* of the environment variables that hold its
password (`password_env`), resolved on the worker. The options are plain JSON (dates as text).
The catalogue travels as its SHA-256: a worker must have the same catalogue to evaluate.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from auditor.audit import AuditOptions
from auditor.collect import Timeouts
from auditor.models import Device
from auditor.store import codec

VERSION = 1


@dataclass(frozen=True)
class Task:
    run_id: str
    zone: str
    device: Device
    options: AuditOptions
    catalogue_sha256: str
    catalogue_version: str

    def encode(self) -> dict[str, Any]:
        o = self.options
        return {
            "v": VERSION,
            "run_id": self.run_id,
            "zone": self.zone,
            "device": codec.device_columns(self.device),
            "options": {
                "as_of": o.as_of.isoformat(),
                "horizon_days": o.horizon_days,
                "retries": o.retries,
                "connect": o.timeouts.connect,
                "command": o.timeouts.command,
                "device": o.timeouts.device,
            },
            "catalogue": {"sha256": self.catalogue_sha256, "version": self.catalogue_version},
        }

    @classmethod
    def decode(cls, raw: dict[str, Any]) -> Task:
        if raw.get("v") != VERSION:
            raise ValueError(f"task payload version {raw.get('v')!r}, this worker reads {VERSION}")
        o = raw["options"]
        options = AuditOptions(
            as_of=date.fromisoformat(o["as_of"]),
            horizon_days=int(o["horizon_days"]),
            retries=int(o["retries"]),
            workers=1,
            engine="auto",
            timeouts=Timeouts(
                connect=float(o["connect"]), command=float(o["command"]), device=float(o["device"])
            ),
        )
        return cls(
            run_id=str(raw["run_id"]),
            zone=str(raw["zone"]),
            device=codec.device_from(raw["device"]),
            options=options,
            catalogue_sha256=str(raw["catalogue"]["sha256"]),
            catalogue_version=str(raw["catalogue"]["version"]),
        )
