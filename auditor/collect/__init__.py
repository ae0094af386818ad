"""Collectors: how raw text gets from a device (or a saved file) to the parsers."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from auditor.collect.base import Collector, Timeouts

if TYPE_CHECKING:
    from auditor.collect.hostkeys import HostKeyPolicy

__all__ = ["Collector", "Timeouts", "collectors", "get_collector"]


def get_collector(driver: str, host_keys: HostKeyPolicy | None = None) -> Collector:
    """The collector for an inventory `driver:` value (imports are deferred to collect time)."""
    if driver == "netmiko":
        from auditor.collect.netmiko_cli import NetmikoCollector

        return NetmikoCollector(host_keys=host_keys)
    if driver == "napalm":
        from auditor.collect.napalm_facts import NapalmCollector

        return NapalmCollector(host_keys=host_keys)
    raise ValueError(f"unknown driver {driver!r}")


def collectors(host_keys: HostKeyPolicy | None = None) -> Callable[[str], Collector]:
    """One collector per driver for a whole run, all honouring the run's host-key policy (the
    Auditor hands the netmiko collector's policy on to its asyncssh sessions; the NAPALM
    collector checks the SSH drivers' keys itself)."""
    made: dict[str, Collector] = {}

    def collector_for(driver: str) -> Collector:
        if driver not in made:
            made[driver] = get_collector(driver, host_keys)
        return made[driver]

    return collector_for
