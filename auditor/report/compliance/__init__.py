"""The compliance pack: what a regulator's submission attaches, with every figure traceable.

`build_pack` (from a report view) or `pack_from_run` computes the pack as data; `write_pack`
writes compliance.json/.html/.pdf and manifest.json (optionally signed); `verify_pack` checks a
pack folder. Policy and spares inventories are YAML files (`load_policy`, `load_spares`).
See docs/compliance.md.
"""

from __future__ import annotations

from auditor.report.compliance.output import pack_json, render_html, write_pack
from auditor.report.compliance.pack import SCHEMA, Scope, build_pack, pack_from_run
from auditor.report.compliance.policy import Policy, PolicyError, load_policy
from auditor.report.compliance.scenario import Scenario, parse_scenario
from auditor.report.compliance.spares import Spares, SparesError, load_spares
from auditor.report.compliance.verify import Verification, verify_pack

__all__ = [
    "SCHEMA",
    "Policy",
    "PolicyError",
    "Scenario",
    "Scope",
    "Spares",
    "SparesError",
    "Verification",
    "build_pack",
    "load_policy",
    "load_spares",
    "pack_from_run",
    "pack_json",
    "parse_scenario",
    "render_html",
    "verify_pack",
    "write_pack",
]
