"""A fixed fleet for the compliance-pack tests: same input, same bytes, every time.

Eleven devices, evaluated by the real `auditor.evaluate` against the small catalogue in
`data/catalogue/` as of 2026-06-01: Huawei in the core (forbidden), in full-fibre access
(over the 35 % cap), in 5G (due by end 2027), one Huawei device that did not answer; Cisco and
Juniper elsewhere, with every support state (supported, unsupportable by software and by
hardware, no catalogue data, not audited), a vulnerable release and a hostile hostname.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache
from pathlib import Path

from auditor.catalogue import load_catalogue
from auditor.catalogue.model import Catalogue
from auditor.evaluate import evaluate
from auditor.models import AuditRun, Cause, Collection, Device, DeviceResult, Facts, Module, Status
from auditor.platforms import get_platform
from auditor.report.compliance import Scenario, Scope

DATA = Path(__file__).parent / "data"
CATALOGUE = DATA / "catalogue"
POLICY = DATA / "uk-default.yaml"
SPARES = DATA / "spares.yaml"
AS_OF = date(2026, 6, 1)
STARTED = datetime(2026, 6, 1, 8, 0, 0, tzinfo=timezone.utc)
RUN_ID = "20260601T080000Z-c0mp1a"
HOSTILE = "<script>alert(1)</script>"
SCOPE = Scope("Example Telecom Ltd", ("fixed access", "mobile"))
SCENARIO = Scenario("huawei", date(2026, 9, 1))

# name: (platform, site, role, tags, vendor, os, version, model, modules)
FLEET: dict[str, tuple[str, str, str, tuple[str, ...], str, str, str, str, tuple[str, ...]]] = {
    "lon-core-01": (
        "cisco_xe",
        "london",
        "core",
        (),
        "Cisco",
        "ios-xe",
        "17.12.4",
        "C8500-12X",
        (),
    ),
    "lon-core-02": (
        "huawei",
        "london",
        "core",
        (),
        "Huawei",
        "vrp",
        "V800R021C10SPC600",
        "NE40E-X8",
        ("CR5D00E4XF90", "CR5D00E4XF90"),
    ),
    "man-acc-01": (
        "huawei",
        "manchester",
        "access",
        ("full-fibre",),
        "Huawei",
        "vrp",
        "V200R021C00SPC100",
        "S5735-L24T4S-A",
        (),
    ),
    "man-acc-02": (
        "huawei",
        "manchester",
        "access",
        ("full-fibre",),
        "Huawei",
        "vrp",
        "V200R019C00SPC500",
        "S5735-L24T4S-A",
        (),
    ),
    "man-acc-03": (
        "cisco_xe",
        "manchester",
        "access",
        ("full-fibre",),
        "Cisco",
        "ios-xe",
        "17.9.3",
        "C9300-48P",
        (),
    ),
    "gla-acc-01": (
        "juniper_junos",
        "glasgow",
        "access",
        ("full-fibre",),
        "Juniper",
        "junos",
        "21.4R3-S5",
        "EX4300-48T",
        (),
    ),
    "lon-pe-01": (
        "juniper_junos",
        "london",
        "edge",
        (),
        "Juniper",
        "junos",
        "23.4R2-S4",
        "MX204",
        (),
    ),
    "lon-5g-01": (
        "huawei",
        "london",
        "aggregation",
        ("5g",),
        "Huawei",
        "vrp",
        "V800R021C10SPC600",
        "ATN910C-B",
        (),
    ),
    "edi-acc-01": (
        "cisco_xe",
        "edinburgh",
        "access",
        ("full-fibre",),
        "Cisco",
        "ios-xe",
        "17.15.1",
        "C9200L-24T-4G",
        (),
    ),
    "edi-dist-01": (
        "cisco_ios",
        "edinburgh",
        "aggregation",
        (),
        "Cisco",
        "ios",
        "15.2(4)E10",
        "WS-C3750X-48P",
        (),
    ),
}
FAILED = {
    "gla-acc-02": (
        "huawei",
        "glasgow",
        "access",
        ("full-fibre",),
        Cause.TIMEOUT,
        "no answer within 25 s",
    )
}


@lru_cache(maxsize=1)
def catalogue() -> Catalogue:
    return load_catalogue(CATALOGUE)


def fleet_run() -> AuditRun:
    """The run every compliance test builds its pack from."""
    cat = catalogue()
    results = []
    for i, (name, (platform, site, role, tags, vendor, os, version, model, modules)) in enumerate(
        sorted(FLEET.items())
    ):
        device = Device(name, "127.0.0.1", platform, 10100 + i, site, role, tags)
        at = STARTED + timedelta(seconds=2 + i)
        output = f"{name} {version} {model}\n"
        command = get_platform(platform).version_command
        collection = Collection(command, output, at, hashlib.sha256(output.encode()).hexdigest())
        hostname = HOSTILE if name == "edi-acc-01" else name
        facts = Facts(
            vendor,
            os,
            version,
            model,
            hostname,
            f"SN{i:04d}",
            tuple(
                Module(f"slot {j + 1}", m, version, f"SN{i:04d}-{j}") for j, m in enumerate(modules)
            ),
        )
        verdict = evaluate(device, facts, cat, AS_OF, 180, collection)
        results.append(
            DeviceResult(
                device,
                verdict.status,
                facts=facts,
                findings=verdict.findings,
                collections=(collection,),
                target_version=verdict.target_version,
                target_note=verdict.target_note,
                started_at=at,
                judged=verdict.judged,
            )
        )
    for i, (name, (platform, site, role, tags, cause, error)) in enumerate(FAILED.items()):
        device = Device(name, "127.0.0.1", platform, 10200 + i, site, role, tags)
        results.append(DeviceResult(device, Status.FAILED, cause=cause, error=error))
    return AuditRun(
        run_id=RUN_ID,
        started_at=STARTED,
        finished_at=STARTED + timedelta(seconds=40),
        as_of=AS_OF,
        tool_version="0.1.0",
        inventory_source="device_inventories/compliance-test.yaml",
        inventory_sha256=hashlib.sha256(b"compliance test inventory").hexdigest(),
        catalogue_version=cat.version,
        catalogue_sha256=cat.sha256,
        results=tuple(results),
        horizon_days=180,
    )


def keypair(folder: Path) -> tuple[Path, Path]:
    """A fresh Ed25519 key pair as PEM files (private PKCS#8, public SubjectPublicKeyInfo)."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    key = Ed25519PrivateKey.generate()
    private = folder / "signer.pem"
    public = folder / "signer.pub.pem"
    private.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    public.write_bytes(
        key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    )
    return private, public
