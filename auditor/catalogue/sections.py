"""Build catalogue entries from the YAML of each section, checking what one entry can check.

Checks that need the whole catalogue (duplicates, references between entries) live in
`auditor.catalogue.checks`; advisories, the biggest section, in `auditor.catalogue.advisories`. Versions and ranges are parsed here, once, with the scheme of the
entry's OS, so a bad range is a load-time error and evaluation stays fast.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from auditor.catalogue.model import (
    HARDWARE_KINDS,
    MILESTONES,
    SUPPLY_STATUSES,
    Baseline,
    HardwareModel,
    Milestones,
    SoftwareTrain,
    SupplyStatus,
    Vendor,
)
from auditor.catalogue.reader import Reader
from auditor.errors import InputError
from auditor.versions import SCHEME_FOR_OS, compare, get_scheme

PROVENANCE = ("source", "retrieved", "imported_from")
VENDOR_FIELDS = ("id", "name", "aliases", "supply", *PROVENANCE)
SUPPLY_FIELDS = ("status", "since", "until", "summary", *PROVENANCE)
SOFTWARE_FIELDS = (
    "vendor", "os", "train", "label", "release_date", *MILESTONES, "lts", "latest",
    "latest_release_date", *PROVENANCE,
)  # fmt: skip
HARDWARE_FIELDS = (
    "vendor", "model", "models", "kind", "description", "announced", *MILESTONES,
    "replacement", "bulletin", *PROVENANCE,
)  # fmt: skip
BASELINE_FIELDS = (
    "os", "vendor", "minimum", "recommended", "match", "valid_from", "valid_until", "rationale",
    *PROVENANCE,
)  # fmt: skip
MATCH_KEYS = ("model", "site", "role", "tag")
#: Milestones in the order they must happen (a date may equal the next one, never follow it).
ORDER = ("release_date", "announced", *MILESTONES)


def vendor(reader: Reader, entry: Any, i: int) -> Vendor | None:
    node, where = reader.entry(entry, i, "vendors")
    if node is None:
        return None
    reader.known_keys(node, VENDOR_FIELDS, where)
    vid = reader.text(node, "id", where, required=True)
    supply = []
    raw_supply = node.get("supply") or []
    if not isinstance(raw_supply, list):
        reader.problem("expected a list of supply statuses", node, "supply", f"{where}.supply")
        raw_supply = []
    for j, item in enumerate(raw_supply):
        here = f"{where}.supply[{j}]"
        if not isinstance(item, dict):
            reader.problem("expected a mapping", raw_supply, j, here)
            continue
        supply.append(_supply(reader, item, here))
    if vid is None:
        return None
    return Vendor(
        vid.lower(),
        reader.text(node, "name", where) or vid,
        reader.strings(node, "aliases", where),
        tuple(supply),
        reader.source(node, where),
    )


def _supply(reader: Reader, item: dict[str, Any], here: str) -> SupplyStatus:
    reader.known_keys(item, SUPPLY_FIELDS, here)
    status = reader.text(item, "status", here, required=True)
    if status and status not in SUPPLY_STATUSES:
        reader.problem(
            f"unknown status {status!r}; expected one of {', '.join(SUPPLY_STATUSES)}",
            item,
            "status",
            f"{here}.status",
        )
    since, until = reader.day(item, "since", here), reader.day(item, "until", here)
    if since and until and until < since:
        reader.problem(f"until ({until}) is before since ({since})", item, "until", f"{here}.until")
    # A designation or sanction is a claim about a company: it needs its source.
    needs_source = status not in (None, "normal")
    return SupplyStatus(
        status or "normal",
        since,
        until,
        reader.text(item, "summary", here) or "",
        reader.source(item, here, required=needs_source),
    )


def _milestones(reader: Reader, node: dict[str, Any], where: str) -> Milestones:
    values = {k: reader.milestone(node, k, where) for k in MILESTONES}
    passed = frozenset(k for k, v in values.items() if v is True)
    dated = {k: v for k, v in values.items() if isinstance(v, date)}
    _check_order(reader, node, where, dated)
    return Milestones(**dated, passed=passed)


def _check_order(reader: Reader, node: dict[str, Any], where: str, dated: dict[str, date]) -> None:
    """Impossible orders: support ending before sale ends, a release after its end of life..."""
    known = dict(dated)
    for key in ("release_date", "announced"):
        if isinstance(node.get(key), date):
            known[key] = node[key]
    reported: set[str] = set()
    for i, earlier in enumerate(ORDER):
        for later in ORDER[i + 1 :]:
            a, b = known.get(earlier), known.get(later)
            if a and b and b < a and later not in reported:
                reported.add(later)
                reader.problem(
                    f"{later} is before {earlier} ({b} < {a}); expected "
                    + " <= ".join(k for k in ORDER if k in known),
                    node,
                    later,
                    f"{where}.{later}",
                )


def software(reader: Reader, entry: Any, i: int) -> SoftwareTrain | None:
    node, where = reader.entry(entry, i, "software")
    if node is None:
        return None
    reader.known_keys(node, SOFTWARE_FIELDS, where)
    os = reader.os(node, where)
    train = reader.text(node, "train", where, required=True)
    vendor_id = reader.text(node, "vendor", where, required=True)
    branch = None
    if os and train:
        try:
            branch = get_scheme(SCHEME_FOR_OS[os]).parse_branch(train)
        except InputError as exc:
            reader.problem(exc.message, node, "train", f"{where}.train")
    milestones = _milestones(reader, node, where)
    latest = reader.version(os, node.get("latest"), node, "latest", f"{where}.latest")
    if latest and branch and branch not in (latest.branch, latest.train):
        reader.warn(
            f"latest {latest.raw!r} is not a release of train {train!r} (its branch is "
            f"{latest.branch!r})",
            node,
            "latest",
            f"{where}.latest",
        )
    lts = reader.flag(node, "lts", where)
    source = reader.source(node, where, required=True)
    if not (os and train and vendor_id and branch):
        return None
    return SoftwareTrain(
        vendor_id.lower(),
        os,
        train,
        branch,
        milestones,
        reader.day(node, "release_date", where),
        lts,
        latest,
        source,
        latest_release_date=reader.day(node, "latest_release_date", where),
        label=reader.text(node, "label", where),
    )


def hardware(reader: Reader, entry: Any, i: int) -> HardwareModel | None:
    node, where = reader.entry(entry, i, "hardware")
    if node is None:
        return None
    reader.known_keys(node, HARDWARE_FIELDS, where)
    vendor_id = reader.text(node, "vendor", where, required=True)
    models = tuple(
        dict.fromkeys(
            [*reader.strings(node, "model", where), *reader.strings(node, "models", where)]
        )
    )
    if not models:
        reader.problem("missing `model` (or `models`)", node, None, where)
    kind = reader.choice(node, "kind", where, HARDWARE_KINDS)
    milestones = _milestones(reader, node, where)
    announced = reader.day(node, "announced", where)
    source = reader.source(node, where, required=True)
    if not (vendor_id and models):
        return None
    return HardwareModel(
        vendor_id.lower(),
        models,
        milestones,
        reader.text(node, "replacement", where),
        source,
        kind=kind,
        description=reader.text(node, "description", where) or "",
        announced=announced,
        bulletin=reader.text(node, "bulletin", where),
    )


def baseline(reader: Reader, entry: Any, i: int) -> Baseline | None:
    node, where = reader.entry(entry, i, "baselines")
    if node is None:
        return None
    reader.known_keys(node, BASELINE_FIELDS, where)
    os = reader.os(node, where)
    minimum = reader.version(os, node.get("minimum"), node, "minimum", f"{where}.minimum")
    recommended = reader.version(
        os, node.get("recommended"), node, "recommended", f"{where}.recommended"
    )
    if minimum and recommended and compare(recommended, minimum).value == "<":
        reader.problem(
            f"recommended {recommended.raw!r} is below minimum {minimum.raw!r}",
            node,
            "recommended",
            f"{where}.recommended",
        )
    match = _match(reader, node, where)
    valid_from = reader.day(node, "valid_from", where)
    valid_until = reader.day(node, "valid_until", where)
    if valid_from and valid_until and valid_until < valid_from:
        reader.problem(
            f"valid_until ({valid_until}) is before valid_from ({valid_from})",
            node,
            "valid_until",
            f"{where}.valid_until",
        )
    source = reader.source(node, where, required=True, dated=False)
    if os is None or (minimum is None and recommended is None):
        if os is not None and "minimum" not in node and "recommended" not in node:
            reader.problem("a baseline needs `minimum` or `recommended`", node, None, where)
        return None
    vendor_id = reader.text(node, "vendor", where)
    return Baseline(
        os,
        minimum,
        recommended,
        match,
        valid_from,
        valid_until,
        reader.text(node, "rationale", where) or "",
        source,
        vendor=vendor_id.lower() if vendor_id else None,
    )


def _match(reader: Reader, node: dict[str, Any], where: str) -> dict[str, tuple[str, ...]]:
    match: dict[str, tuple[str, ...]] = {}
    raw = node.get("match") or {}
    if not isinstance(raw, dict):
        reader.problem(
            "expected a mapping of model/site/role/tag to lists", node, "match", f"{where}.match"
        )
        return match
    for key in raw:
        if key not in MATCH_KEYS:
            reader.problem(
                "unknown match key; expected model, site, role or tag",
                raw,
                key,
                f"{where}.match.{key}",
            )
        else:
            match[key] = reader.strings(raw, key, f"{where}.match")
    return match
