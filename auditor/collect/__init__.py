"""Collectors: how raw text gets from a device (or a saved file) to the parsers."""

from auditor.collect.base import Collector, Timeouts

__all__ = ["Collector", "Timeouts", "get_collector"]


def get_collector(driver: str) -> Collector:
    """The collector for an inventory `driver:` value (imports are deferred to collect time)."""
    from auditor.collect.netmiko_cli import NetmikoCollector

    if driver == "netmiko":
        return NetmikoCollector()
    raise ValueError(f"unknown driver {driver!r}")
