"""Read a catalogue folder (any number of YAML files, merged) and validate every entry.

Validation collects *every* problem, each located by file and line with what was expected,
so a catalogue maintainer fixes a file in one pass. Version strings and ranges are parsed here,
once, with their scheme, so a bad range is a load-time error and evaluation stays fast.
"""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path
from typing import Any

from auditor.catalogue.model import (
    SEVERITIES,
    SUPPLY_STATUSES,
    Advisory,
    Affected,
    Baseline,
    Catalogue,
    HardwareModel,
    Milestones,
    SoftwareTrain,
    Source,
    SupplyStatus,
    Vendor,
)
from auditor.errors import CatalogueError, InputError
from auditor.versions import SCHEME_FOR_OS, Version, get_scheme
from auditor.versions.ranges import EventRange, VersRange
from auditor.yamlsrc import line_of, load_yaml

SECTIONS = ("catalogue", "vendors", "software", "hardware", "baselines", "advisories")
MILESTONES = (
    "end_of_sale",
    "end_of_sw_maintenance",
    "end_of_security_support",
    "last_date_of_support",
)


class CatalogueProblems(InputError):
    """Every problem found in a catalogue; `problems` holds them one by one."""

    def __init__(self, problems: list[CatalogueError]) -> None:
        self.problems = problems
        head = f"{len(problems)} problem(s) in the catalogue:\n" if len(problems) > 1 else ""
        super().__init__(head + "\n".join(p.message for p in problems))


class _Reader:
    """Reads entries of one file, recording problems instead of stopping at the first."""

    def __init__(self, file: str, problems: list[CatalogueError]) -> None:
        self.file = file
        self.problems = problems

    def problem(self, message: str, node: Any, key: Any = None, where: str = "") -> None:
        self.problems.append(
            CatalogueError(message, file=self.file, line=line_of(node, key), key=where or None)
        )

    def text(
        self, node: dict[str, Any], key: str, where: str, required: bool = False
    ) -> str | None:
        value = node.get(key)
        if value is None:
            if required:
                self.problem(f"missing `{key}`", node, None, f"{where}.{key}")
            return None
        if isinstance(value, (dict, list)):
            self.problem("expected text", node, key, f"{where}.{key}")
            return None
        return str(value)

    def day(self, node: dict[str, Any], key: str, where: str) -> date | None:
        value = node.get(key)
        if value is None or value is False:
            return None
        if isinstance(value, date):
            return value
        self.problem(f"expected a date YYYY-MM-DD, got {value!r}", node, key, f"{where}.{key}")
        return None

    def strings(self, node: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
        value = node.get(key)
        if value is None:
            return ()
        if isinstance(value, str):
            return (value,)
        if isinstance(value, list) and all(isinstance(v, (str, int, float)) for v in value):
            return tuple(str(v) for v in value)
        self.problem("expected a list of strings", node, key, f"{where}.{key}")
        return ()

    def source(self, node: dict[str, Any], where: str) -> Source:
        return Source(
            url=self.text(node, "source", where),
            retrieved=self.day(node, "retrieved", where),
            file=self.file,
            line=line_of(node) or 0,
        )

    def version(self, os: str | None, text: Any, node: Any, key: Any, where: str) -> Version | None:
        if text is None or os is None or os not in SCHEME_FOR_OS:
            return None
        try:
            return get_scheme(SCHEME_FOR_OS[os]).parse(str(text))
        except InputError as exc:
            self.problem(exc.message, node, key, where)
            return None

    def os(self, node: dict[str, Any], where: str) -> str | None:
        os = self.text(node, "os", where, required=True)
        if os is not None and os not in SCHEME_FOR_OS:
            self.problem(
                f"unknown os {os!r}; expected one of {', '.join(sorted(SCHEME_FOR_OS))}",
                node,
                "os",
                f"{where}.os",
            )
            return None
        return os


def catalogue_files(root: Path) -> list[Path]:
    if root.is_file():
        return [root]
    if not root.is_dir():
        raise InputError(f"{root}: catalogue folder not found")
    return sorted(p for p in root.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())


def load_catalogue(root: Path) -> Catalogue:
    """Load and validate; raise CatalogueProblems listing every problem found."""
    files = catalogue_files(root)
    if not files:
        raise InputError(f"{root}: no catalogue files (*.yaml) found")
    problems: list[CatalogueError] = []
    digest = hashlib.sha256()
    sections: dict[str, list[tuple[_Reader, Any, int]]] = {s: [] for s in SECTIONS}
    for path in files:
        rel = path.relative_to(root).as_posix() if root.is_dir() else path.name
        digest.update(rel.encode() + b"\0" + path.read_bytes() + b"\0")
        try:
            data = load_yaml(path, CatalogueError)
        except CatalogueError as exc:
            problems.append(exc)
            continue
        reader = _Reader(str(path), problems)
        if data is None:
            continue
        if not isinstance(data, dict):
            reader.problem(f"expected a mapping with one of: {', '.join(SECTIONS)}", data)
            continue
        for key, value in data.items():
            if key not in SECTIONS:
                reader.problem(
                    f"unknown section; expected one of: {', '.join(SECTIONS)}", data, key, str(key)
                )
            elif key == "catalogue":
                sections[key].append((reader, value, 0))
            elif not isinstance(value, list):
                reader.problem("expected a list of entries", data, key, str(key))
            else:
                sections[key].extend((reader, entry, i) for i, entry in enumerate(value))
    meta = _meta(sections["catalogue"])
    vendors = _unique(
        problems, "vendor id", [_vendor(r, e, i) for r, e, i in sections["vendors"]], lambda v: v.id
    )
    software = [_software(r, e, i) for r, e, i in sections["software"]]
    _unique(problems, "software train", software, lambda t: f"{t.os} {t.branch}")
    hardware = [_hardware(r, e, i) for r, e, i in sections["hardware"]]
    baselines = [_baseline(r, e, i) for r, e, i in sections["baselines"]]
    advisories = [_advisory(r, e, i) for r, e, i in sections["advisories"]]
    _unique(problems, "advisory id", advisories, lambda a: a.id)
    vendor_ids = {v.id for v in vendors if v}
    for entry in [*software, *hardware]:
        if entry is not None and entry.vendor not in vendor_ids:
            problems.append(
                CatalogueError(
                    f"vendor {entry.vendor!r} is not defined in any `vendors:` list",
                    file=entry.source.file,
                    line=entry.source.line,
                    key="vendor",
                )
            )
    if problems:
        raise CatalogueProblems(problems)
    return Catalogue(
        name=meta.get("name", "catalogue"),
        version=str(meta.get("version", "unversioned")),
        sha256=digest.hexdigest(),
        root=str(root),
        vendors={v.id: v for v in vendors if v},
        software=tuple(t for t in software if t),
        hardware=tuple(h for h in hardware if h),
        baselines=tuple(b for b in baselines if b),
        advisories=tuple(a for a in advisories if a),
    )


def _unique(problems: list[CatalogueError], what: str, entries: list[Any], key: Any) -> list[Any]:
    seen: dict[str, Any] = {}
    for entry in entries:
        if entry is None:
            continue
        k = key(entry)
        if k in seen:
            first = seen[k].source
            problems.append(
                CatalogueError(
                    f"duplicate {what} {k!r} (first at {first.where})",
                    file=entry.source.file,
                    line=entry.source.line,
                )
            )
        else:
            seen[k] = entry
    return entries


def _meta(entries: list[tuple[_Reader, Any, int]]) -> dict[str, Any]:
    meta: dict[str, Any] = {}
    for reader, value, _ in entries:
        if not isinstance(value, dict):
            reader.problem("expected a mapping with name and version", value, None, "catalogue")
            continue
        meta.update(value)
    return meta


def _entry(reader: _Reader, entry: Any, i: int, section: str) -> tuple[dict[str, Any] | None, str]:
    where = f"{section}[{i}]"
    if not isinstance(entry, dict):
        reader.problem("expected a mapping", entry, None, where)
        return None, where
    return entry, where


def _vendor(reader: _Reader, entry: Any, i: int) -> Vendor | None:
    node, where = _entry(reader, entry, i, "vendors")
    if node is None:
        return None
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
        status = reader.text(item, "status", here, required=True)
        if status and status not in SUPPLY_STATUSES:
            reader.problem(
                f"unknown status {status!r}; expected one of {', '.join(SUPPLY_STATUSES)}",
                item,
                "status",
                f"{here}.status",
            )
        supply.append(
            SupplyStatus(
                status or "normal",
                reader.day(item, "since", here),
                reader.day(item, "until", here),
                reader.text(item, "summary", here) or "",
                reader.source(item, here),
            )
        )
    if vid is None:
        return None
    return Vendor(
        vid.lower(),
        reader.text(node, "name", where) or vid,
        reader.strings(node, "aliases", where),
        tuple(supply),
        reader.source(node, where),
    )


def _milestones(reader: _Reader, node: dict[str, Any], where: str) -> Milestones:
    m = Milestones(**{k: reader.day(node, k, where) for k in MILESTONES})
    if m.end_of_sale and m.last_date_of_support and m.last_date_of_support < m.end_of_sale:
        reader.problem(
            "last_date_of_support is before end_of_sale",
            node,
            "last_date_of_support",
            f"{where}.last_date_of_support",
        )
    if m.end_of_sale and m.end_of_security_support and m.end_of_security_support < m.end_of_sale:
        reader.problem(
            "end_of_security_support is before end_of_sale",
            node,
            "end_of_security_support",
            f"{where}.end_of_security_support",
        )
    return m


def _software(reader: _Reader, entry: Any, i: int) -> SoftwareTrain | None:
    node, where = _entry(reader, entry, i, "software")
    if node is None:
        return None
    os = reader.os(node, where)
    train = reader.text(node, "train", where, required=True)
    vendor = reader.text(node, "vendor", where, required=True)
    branch = None
    if os and train:
        try:
            branch = get_scheme(SCHEME_FOR_OS[os]).parse_branch(train)
        except InputError as exc:
            reader.problem(exc.message, node, "train", f"{where}.train")
    milestones = _milestones(reader, node, where)
    latest = reader.version(os, node.get("latest"), node, "latest", f"{where}.latest")
    lts = node.get("lts")
    if not (os and train and vendor and branch):
        return None
    return SoftwareTrain(
        vendor.lower(),
        os,
        train,
        branch,
        milestones,
        reader.day(node, "release_date", where),
        bool(lts) if lts is not None else None,
        latest,
        reader.source(node, where),
    )


def _hardware(reader: _Reader, entry: Any, i: int) -> HardwareModel | None:
    node, where = _entry(reader, entry, i, "hardware")
    if node is None:
        return None
    vendor = reader.text(node, "vendor", where, required=True)
    models = tuple(
        dict.fromkeys(
            [*reader.strings(node, "model", where), *reader.strings(node, "models", where)]
        )
    )
    if not models:
        reader.problem("missing `model` (or `models`)", node, None, where)
    milestones = _milestones(reader, node, where)
    if not (vendor and models):
        return None
    return HardwareModel(
        vendor.lower(),
        models,
        milestones,
        reader.text(node, "replacement", where),
        reader.source(node, where),
    )


def _baseline(reader: _Reader, entry: Any, i: int) -> Baseline | None:
    node, where = _entry(reader, entry, i, "baselines")
    if node is None:
        return None
    os = reader.os(node, where)
    minimum = reader.version(os, node.get("minimum"), node, "minimum", f"{where}.minimum")
    recommended = reader.version(
        os, node.get("recommended"), node, "recommended", f"{where}.recommended"
    )
    match: dict[str, tuple[str, ...]] = {}
    raw = node.get("match") or {}
    if not isinstance(raw, dict):
        reader.problem(
            "expected a mapping of model/site/role/tag to lists", node, "match", f"{where}.match"
        )
        raw = {}
    for key in raw:
        if key not in ("model", "site", "role", "tag"):
            reader.problem(
                "unknown match key; expected model, site, role or tag",
                raw,
                key,
                f"{where}.match.{key}",
            )
        else:
            match[key] = reader.strings(raw, key, f"{where}.match")
    if os is None or (minimum is None and recommended is None):
        if os is not None:
            reader.problem("a baseline needs `minimum` or `recommended`", node, None, where)
        return None
    return Baseline(
        os,
        minimum,
        recommended,
        match,
        reader.day(node, "valid_from", where),
        reader.day(node, "valid_until", where),
        reader.text(node, "rationale", where) or "",
        reader.source(node, where),
    )


def _advisory(reader: _Reader, entry: Any, i: int) -> Advisory | None:
    node, where = _entry(reader, entry, i, "advisories")
    if node is None:
        return None
    aid = reader.text(node, "id", where, required=True)
    severity = (reader.text(node, "severity", where) or "medium").lower()
    if severity not in SEVERITIES:
        reader.problem(
            f"unknown severity {severity!r}; expected one of {', '.join(SEVERITIES)}",
            node,
            "severity",
            f"{where}.severity",
        )
    cvss = node.get("cvss") or {}
    score = cvss.get("score") if isinstance(cvss, dict) else None
    if score is not None and not isinstance(score, (int, float)):
        reader.problem("expected a number", cvss, "score", f"{where}.cvss.score")
        score = None
    affected = []
    raw_affected = node.get("affected")
    if not isinstance(raw_affected, list) or not raw_affected:
        reader.problem(
            "expected `affected:` as a non-empty list", node, "affected", f"{where}.affected"
        )
        raw_affected = []
    for j, item in enumerate(raw_affected):
        here = f"{where}.affected[{j}]"
        if not isinstance(item, dict):
            reader.problem("expected a mapping", raw_affected, j, here)
            continue
        parsed = _affected(reader, item, here)
        if parsed:
            affected.append(parsed)
    if aid is None:
        return None
    return Advisory(
        id=aid,
        title=reader.text(node, "title", where) or aid,
        published=reader.day(node, "published", where),
        updated=reader.day(node, "updated", where),
        cves=reader.strings(node, "cves", where),
        severity=severity,
        cvss_vector=cvss.get("vector") if isinstance(cvss, dict) else None,
        cvss_score=float(score) if score is not None else None,
        known_exploited=bool(node.get("known_exploited", False)),
        affected=tuple(affected),
        workarounds=reader.text(node, "workarounds", where) or "",
        source=reader.source(node, where),
    )


def _affected(reader: _Reader, item: dict[str, Any], here: str) -> Affected | None:
    os = reader.os(item, here)
    if os is None:
        return None
    scheme = SCHEME_FOR_OS[os]
    ranges: list[Any] = []
    for j, text in enumerate(reader.strings(item, "ranges", here)):
        try:
            parsed = VersRange.parse(text)
        except InputError as exc:
            reader.problem(exc.message, item.get("ranges"), j, f"{here}.ranges[{j}]")
            continue
        if parsed.scheme != scheme:
            reader.problem(
                f"range scheme {parsed.scheme!r} does not match os {os!r} (expected vers:{scheme}/...)",
                item.get("ranges"),
                j,
                f"{here}.ranges[{j}]",
            )
            continue
        ranges.append(parsed)
    events = item.get("events")
    if events is not None:
        try:
            ranges.append(EventRange(scheme, [dict(e) for e in events]))
        except (InputError, TypeError, ValueError) as exc:
            message = exc.message if isinstance(exc, InputError) else str(exc)
            reader.problem(f"bad OSV events: {message}", item, "events", f"{here}.events")
    fixed = []
    for j, text in enumerate(reader.strings(item, "fixed", here)):
        v = reader.version(os, text, item.get("fixed"), j, f"{here}.fixed[{j}]")
        if v:
            fixed.append(v)
    if not ranges and not fixed:
        reader.problem("needs `ranges`, `events` or `fixed`", item, None, here)
        return None
    return Affected(os, tuple(ranges), tuple(fixed))
