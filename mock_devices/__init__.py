"""Mock network devices: SSH servers on loopback that behave like real device CLIs.

Used by the auditor's tests, demo and benchmarks in place of real routers::

    from mock_devices import MockFleet, load_fleet

    with MockFleet(load_fleet("mock_devices/demo_fleet.yaml")) as fleet:
        port = fleet.ports["lon-core-01"]   # ssh audit@127.0.0.1 -p <port>
"""

from mock_devices.fleet import DeviceSpec, Fault, FleetError, Latency, load_fleet
from mock_devices.server import MockFleet

__all__ = ["DeviceSpec", "Fault", "FleetError", "Latency", "MockFleet", "load_fleet"]
