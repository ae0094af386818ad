"""The pack's "Method" section and its caveats, written from the pack's own data.

A compliance officer signs what the pack says, so the method states exactly what was done
and how each figure is counted, and the caveats say where the figures are weaker (devices not
audited, partial runs, vendors or domains the policy could not map). Text only; no figures
here that are not also in the pack's data.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from auditor.catalogue.model import Catalogue

_MILESTONE_WORDS = {
    "end_of_sale": "end of sale",
    "end_of_sw_maintenance": "end of software maintenance",
    "end_of_security_support": "end of security (vulnerability) support",
    "last_date_of_support": "last date of support",
}


def method(pack: dict[str, Any], catalogue: Catalogue) -> list[dict[str, str]]:
    run = pack["scope"]["run"]
    policy = pack["policy"]
    milestones = ", ".join(_MILESTONE_WORDS.get(m, m) for m in policy["supported_until"])
    steps = [
        (
            "collection",
            "Collection",
            "Each device's vendor, model and software version were read from the output of "
            "read-only commands on its platform's allow-list (over SSH, or from saved output for "
            "an offline audit). The output of every command was hashed with SHA-256; the annex "
            "gives, per device, each command, when its output was collected and the hash.",
        ),
        (
            "evaluation",
            "Evaluation",
            f"The facts were evaluated as of {run['as_of']} (horizon {run['horizon_days']} days) "
            f"against the advisory catalogue {catalogue.name!r} version {catalogue.version} "
            f"(SHA-256 {catalogue.sha256}): software and hardware support milestones, vendor "
            "supply status, security advisories (affected ranges and fixed releases) and "
            "baselines. Each finding cites its catalogue entry, the entry's public source and "
            "the catalogue file and line.",
        ),
        (
            "support",
            "Supported estate",
            f"Under policy {policy['id']!r} a device is supported until the earliest of: "
            f"{milestones}, over its software train, chassis and modules. It is unsupportable "
            "if the audit found it so or one of those dates has passed; 'no data' if the "
            "catalogue has no lifecycle entry for its software; 'not audited' if it could not "
            "be read.",
        ),
        (
            "domains",
            "High-risk vendors per domain",
            "Devices are placed in the policy's network domains by their inventory role, tags "
            "or site (the mapping is printed with each domain). Shares are counted in devices, "
            "audited or not. A cap is met when high-risk devices × 100 ≤ cap × devices in the "
            "domain; an exclusion when no high-risk device is in the domain. A rule whose date "
            "has passed and is not met is a breach; one whose date is ahead is due.",
        ),
        (
            "scenario",
            "Supply-risk scenario",
            "For each scenario the catalogue is copied with the vendor's supply set to 'ceased' "
            "from the given date and each of the vendor's devices is evaluated again by the same "
            "code; a device becomes unsupportable on that date, or earlier if its own support "
            "ends first.",
        ),
        (
            "spares",
            "Spares cover",
            "Installed base per hardware model (chassis and modules) of vendors at risk is "
            "compared with the spares inventory; the spares required are the installed base "
            "times the policy's minimum cover, rounded up.",
        ),
        (
            "reproducibility",
            "Reproducibility",
            "The same run, catalogue, policy and spares inventory give a byte-identical "
            "compliance.json (no clock times other than the run's). manifest.json lists the "
            "SHA-256 of every file of the pack; `auditor verify` checks them and, when the pack "
            "is signed, the Ed25519 signature of the manifest.",
        ),
    ]
    return [{"id": i, "title": t, "text": x} for i, t, x in steps]


def caveats(pack: dict[str, Any], run: dict[str, Any]) -> list[str]:
    notes = []
    if run.get("interrupted"):
        notes.append("The audit run was interrupted: the results are partial.")
    missing = [d["name"] for d in pack["devices"] if not d["audited"]]
    if missing:
        notes.append(
            f"{len(missing)} device(s) could not be audited and are counted as 'not audited': "
            + ", ".join(missing)
        )
    unknown_vendor = [d["name"] for d in pack["devices"] if d["vendor_id"] is None]
    if unknown_vendor:
        notes.append(
            "The catalogue does not know the vendor of: "
            + ", ".join(unknown_vendor)
            + " (never counted as high-risk)."
        )
    empty = [d["id"] for d in pack["domains"] if not d["total"]]
    if empty:
        notes.append(
            "No device of the inventory maps to the domain(s) "
            + ", ".join(empty)
            + ": check the policy's role/tag/site mapping against the inventory."
        )
    if pack["unmapped_devices"]:
        notes.append(
            f"{len(pack['unmapped_devices'])} device(s) are in no policy domain: "
            + ", ".join(pack["unmapped_devices"])
        )
    if pack["spares"]["inventory"] is None:
        notes.append("No spares inventory was given: spares held are not assessed.")
    if pack["spares"]["unknown_model"]:
        notes.append(
            "Installed base is a lower bound: the model of "
            + ", ".join(pack["spares"]["unknown_model"])
            + " is unknown."
        )
    return notes
