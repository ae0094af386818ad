"""Build `advisories:` entries: ids, CVEs, a CVSS vector scored by the `cvss` library, and
per-OS affected ranges (`vers:`, OSV events, per-branch fixes) parsed once with the OS's scheme.
"""

from __future__ import annotations

import re
from typing import Any

from auditor.catalogue.model import SEVERITIES, Advisory, Affected
from auditor.catalogue.reader import Reader
from auditor.catalogue.scoring import VectorError, matches, score_vector
from auditor.catalogue.sections import PROVENANCE
from auditor.errors import InputError
from auditor.versions import SCHEME_FOR_OS
from auditor.versions.ranges import EventRange, VersRange

ADVISORY_FIELDS = (
    "id", "title", "vendor", "published", "updated", "cves", "aliases", "cwes", "cvss",
    "severity", "known_exploited", "affected", "workarounds", *PROVENANCE,
)  # fmt: skip
AFFECTED_FIELDS = ("os", "models", "ranges", "events", "fixed")
CVE = re.compile(r"^CVE-\d{4}-\d{4,}$")


def advisory(reader: Reader, entry: Any, i: int) -> Advisory | None:
    node, where = reader.entry(entry, i, "advisories")
    if node is None:
        return None
    reader.known_keys(node, ADVISORY_FIELDS, where)
    aid = reader.text(node, "id", where, required=True)
    vector, score, cvss_severity = _cvss(reader, node, where)
    severity = reader.choice(node, "severity", where, SEVERITIES)
    if severity is None and "severity" not in node:
        severity = cvss_severity if cvss_severity in SEVERITIES else None
    cves = reader.strings(node, "cves", where)
    for j, cve in enumerate(cves):
        if not CVE.match(cve):
            reader.problem(
                f"{cve!r} is not a CVE id; expected CVE-YYYY-NNNN",
                node.get("cves"),
                j,
                f"{where}.cves[{j}]",
            )
    published, updated = reader.day(node, "published", where), reader.day(node, "updated", where)
    if published and updated and updated < published:
        reader.problem(
            f"updated ({updated}) is before published ({published})",
            node,
            "updated",
            f"{where}.updated",
        )
    exploited = node.get("known_exploited", False)
    if not isinstance(exploited, bool):
        reader.problem(
            f"expected true or false, got {exploited!r}",
            node,
            "known_exploited",
            f"{where}.known_exploited",
        )
    affected = _affected_list(reader, node, where)
    source = reader.source(node, where, required=True)
    vendor_id = reader.text(node, "vendor", where)
    if aid is None:
        return None
    return Advisory(
        id=aid,
        title=reader.text(node, "title", where) or aid,
        published=published,
        updated=updated,
        cves=cves,
        severity=severity or "medium",
        cvss_vector=vector,
        cvss_score=score,
        known_exploited=exploited is True,
        affected=tuple(affected),
        workarounds=reader.text(node, "workarounds", where) or "",
        source=source,
        vendor=vendor_id.lower() if vendor_id else None,
        aliases=reader.strings(node, "aliases", where),
        cwes=reader.strings(node, "cwes", where),
    )


def _cvss(
    reader: Reader, node: dict[str, Any], where: str
) -> tuple[str | None, float | None, str | None]:
    """(vector, base score, CVSS severity): the score computed from the vector when there is one."""
    cvss = node.get("cvss")
    if cvss is None:
        return None, None, None
    here = f"{where}.cvss"
    if not isinstance(cvss, dict):
        reader.problem("expected a mapping with `vector` and `score`", node, "cvss", here)
        return None, None, None
    reader.known_keys(cvss, ("vector", "score"), here)
    vector = reader.text(cvss, "vector", here)
    stated = reader.number(cvss, "score", here)
    if vector is None:
        return None, stated, None
    try:
        scored = score_vector(vector)
    except VectorError as exc:
        reader.problem(str(exc), cvss, "vector", f"{here}.vector")
        return None, stated, None
    if stated is not None and not matches(stated, scored):
        reader.problem(
            f"score {stated} does not match the vector's CVSS {scored.version} base score "
            f"{scored.base}",
            cvss,
            "score",
            f"{here}.score",
        )
    return scored.vector, scored.base, scored.severity


def _affected_list(reader: Reader, node: dict[str, Any], where: str) -> list[Affected]:
    affected: list[Affected] = []
    raw = node.get("affected")
    if not isinstance(raw, list) or not raw:
        reader.problem(
            "expected `affected:` as a non-empty list", node, "affected", f"{where}.affected"
        )
        return affected
    for j, item in enumerate(raw):
        here = f"{where}.affected[{j}]"
        if not isinstance(item, dict):
            reader.problem("expected a mapping", raw, j, here)
            continue
        parsed = _affected(reader, item, here)
        if parsed:
            affected.append(parsed)
    return affected


def _affected(reader: Reader, item: dict[str, Any], here: str) -> Affected | None:
    reader.known_keys(item, AFFECTED_FIELDS, here)
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
                f"range scheme {parsed.scheme!r} does not match os {os!r} "
                f"(expected vers:{scheme}/...)",
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
    models = _models(reader, item, here)
    if not ranges and not fixed:
        if "ranges" not in item and "events" not in item and "fixed" not in item:
            reader.problem("needs `ranges`, `events` or `fixed`", item, None, here)
        return None
    return Affected(os, tuple(ranges), tuple(fixed), models)


def _models(reader: Reader, item: dict[str, Any], here: str) -> tuple[str, ...]:
    """Model globs (`EX*`, `SRX3??`, `MX204`), upper-cased: device models are matched
    case-insensitively (Junos reports `ex4300-48t`, its chassis label says `EX4300-48T`)."""
    raw = item.get("models")
    patterns = tuple(p.strip().upper() for p in reader.strings(item, "models", here) if p.strip())
    if isinstance(raw, (str, list)) and not patterns:
        reader.problem(
            "expected at least one model pattern (leave `models` out for every model)",
            item,
            "models",
            f"{here}.models",
        )
    return patterns
