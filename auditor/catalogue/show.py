"""`auditor catalogue show`: what the catalogue knows, as tables a person reads.

Per vendor: its supply status on the day; per OS: every release train with its milestones and
where it stands on that day, and how many advisories name the OS; then the vendor's hardware.
Functions return lines; the CLI prints them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from auditor.catalogue.model import Catalogue, HardwareModel, Milestones, SoftwareTrain, Vendor
from auditor.catalogue.writer import natural
from auditor.errors import InputError

MILESTONE_COLUMNS = ("END OF SALE", "END OF MAINT", "END OF SECURITY", "LAST SUPPORT")


def table(rows: Sequence[Sequence[str]], indent: str = "    ") -> list[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return [
        (indent + "  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row))).rstrip()
        for row in rows
    ]


def _day(value: date | None, name: str, m: Milestones) -> str:
    if value is not None:
        return value.isoformat()
    return "passed" if name in m.passed else "-"


def _milestones(m: Milestones) -> list[str]:
    return [
        _day(m.end_of_sale, "end_of_sale", m),
        _day(m.end_of_sw_maintenance, "end_of_sw_maintenance", m),
        _day(m.end_of_security_support, "end_of_security_support", m),
        _day(m.last_date_of_support, "last_date_of_support", m),
    ]


def _train_rows(trains: list[SoftwareTrain], day: date) -> list[list[str]]:
    rows = [["TRAIN", "RELEASED", *MILESTONE_COLUMNS, "LTS", "LATEST", f"ON {day}"]]
    for t in sorted(trains, key=lambda t: natural(t.branch), reverse=True):
        lts = {True: "yes", False: "no", None: "-"}[t.lts]
        rows.append(
            [
                t.train,
                t.release_date.isoformat() if t.release_date else "-",
                *_milestones(t.milestones),
                lts,
                str(t.latest) if t.latest else "-",
                t.milestones.status_on(day),
            ]
        )
    return rows


def _hardware_rows(models: list[HardwareModel], day: date) -> list[list[str]]:
    rows = [["MODEL", "KIND", *MILESTONE_COLUMNS, "REPLACEMENT", f"ON {day}"]]
    for hw in sorted(models, key=lambda h: natural(h.models[0])):
        rows.append(
            [
                hw.models[0] + (f" (+{len(hw.models) - 1} more)" if len(hw.models) > 1 else ""),
                hw.kind or "-",
                *_milestones(hw.milestones),
                hw.replacement or "-",
                hw.milestones.status_on(day),
            ]
        )
    return rows


def _supply(vendor: Vendor, day: date) -> str:
    status = vendor.supply_on(day)
    if status is None or status.status == "normal":
        return "supply normal"
    since = f" since {status.since}" if status.since else ""
    return f"supply {status.status}{since} ({status.source.url or 'no source'})"


def show(catalogue: Catalogue, day: date, vendor: str | None, os: str | None) -> list[str]:
    vendors = list(catalogue.vendors.values())
    if vendor is not None:
        found = catalogue.vendor(vendor)
        if found is None:
            raise InputError(
                f"unknown vendor {vendor!r}; the catalogue has: {', '.join(sorted(catalogue.vendors))}"
            )
        vendors = [found]
    oses = sorted(
        {t.os for t in catalogue.software}
        | {a.os for x in catalogue.advisories for a in x.affected}
    )
    if os is not None and os not in oses:
        raise InputError(f"no data for os {os!r}; the catalogue has: {', '.join(oses)}")
    lines = [
        f"catalogue: {catalogue.name} {catalogue.version} (sha256 {catalogue.sha256[:16]}), "
        f"status on {day}"
    ]
    for v in sorted(vendors, key=lambda v: v.id):
        trains = [t for t in catalogue.software if t.vendor == v.id and os in (None, t.os)]
        vendor_oses = sorted({t.os for t in trains})
        if os is not None and vendor is not None and not vendor_oses:
            vendor_oses = [os]  # asked for explicitly: say what there is (advisories, no trains)
        hardware = [h for h in catalogue.hardware if h.vendor == v.id] if os is None else []
        if not vendor_oses and not hardware and vendor is None:
            continue
        lines += ["", f"{v.name} ({v.id}): {_supply(v, day)}"]
        for name in vendor_oses:
            in_os = [t for t in trains if t.os == name]
            count = len({adv.id for adv, _ in catalogue.advisories_for(name)})
            lines.append(f"  {name}: {len(in_os)} train(s), {count} advisory(ies)")
            if in_os:
                lines += table(_train_rows(in_os, day))
        if hardware:
            lines.append(f"  hardware: {len(hardware)} model(s)")
            lines += table(_hardware_rows(hardware, day))
    return lines
