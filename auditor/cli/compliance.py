"""`auditor report compliance` (write a compliance pack) and `auditor verify` (check one).

Wiring (auditor/cli/__init__.py, build_parser):

    actions = report.register(sub)            # the `report` command's sub-actions
    compliance.add_compliance_parser(actions)
    compliance.register(sub)                  # `auditor verify`

The pack is built from a `report.json` that `auditor audit` wrote (`--results`), or from a run in
the history store (`--run ID`, re-evaluated against `--catalogue` on the run's own as-of date
unless `--as-of` says otherwise). Options shared with `auditor report` (--run, --store,
--catalogue, --as-of) may be given before or after `compliance`.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from auditor.cli import common
from auditor.errors import InputError

if TYPE_CHECKING:
    from auditor.catalogue.model import Catalogue

DEFAULT_POLICY = common.REPO / "catalogue" / "policy" / "uk-default.yaml"
EXIT_MISMATCH = 1


def add_compliance_parser(actions: argparse._SubParsersAction) -> argparse.ArgumentParser:
    p = actions.add_parser(
        "compliance",
        help="write a compliance pack (HTML, PDF, JSON, manifest; optionally signed)",
        description="Measure an audited estate against a compliance policy (default: the UK "
        "rules on high-risk vendors) and write a pack a regulator's submission can attach.",
    )
    source = p.add_argument_group("which audit (one of)")
    source.add_argument(
        "--results",
        type=Path,
        metavar="REPORT.json",
        default=None,
        help="report.json written by `auditor audit`",
    )
    # Options `auditor report` also has: SUPPRESS keeps a value given before `compliance`.
    source.add_argument(
        "--run",
        metavar="ID",
        default=argparse.SUPPRESS,
        help="a stored run (id, unique prefix or latest)",
    )
    source.add_argument(
        "--store",
        type=Path,
        metavar="PATH",
        default=argparse.SUPPRESS,
        help="history database for --run (default: as `auditor history`)",
    )
    p.add_argument(
        "--catalogue",
        type=Path,
        metavar="DIR",
        default=argparse.SUPPRESS,
        help="the catalogue the run used (default: the shipped one)",
    )
    p.add_argument(
        "--as-of",
        type=common.as_of_date,
        default=argparse.SUPPRESS,
        metavar="YYYY-MM-DD",
        help="with --run: re-evaluate as of this date (default: the run's own)",
    )
    p.add_argument(
        "--policy",
        type=Path,
        metavar="FILE",
        default=DEFAULT_POLICY,
        help="compliance policy YAML (default: catalogue/policy/uk-default.yaml)",
    )
    p.add_argument(
        "--spares",
        type=Path,
        metavar="FILE",
        default=None,
        help="spares inventory YAML (model, held, site)",
    )
    p.add_argument("--operator", metavar="NAME", default=None, help="operator named in the pack")
    p.add_argument(
        "--network",
        metavar="NAME",
        nargs="+",
        action="extend",
        default=[],
        help="network(s) the pack covers (repeatable)",
    )
    p.add_argument(
        "--scenario",
        metavar="VENDOR:DATE",
        action="append",
        default=[],
        help="supply-risk scenario: VENDOR ships no updates from DATE (repeatable; "
        "default: each high-risk vendor of the policy from the as-of date)",
    )
    p.add_argument(
        "--out",
        type=Path,
        metavar="DIR",
        dest="pack_out",
        required=True,
        help="folder for the pack (new or empty, or an earlier pack)",
    )
    p.add_argument(
        "--sign",
        type=Path,
        metavar="KEY",
        default=None,
        help="Ed25519 private key (PEM) to sign manifest.json with "
        "(passphrase from $AUDITOR_SIGNING_PASSPHRASE)",
    )
    p.add_argument(
        "--no-pdf",
        action="store_true",
        help="skip compliance.pdf (WeasyPrint lays out ~25 devices a second)",
    )
    p.set_defaults(func=run_compliance)
    return p


def register(sub: argparse._SubParsersAction) -> None:
    v = sub.add_parser(
        "verify",
        help="check a compliance pack: every file's SHA-256 and, with --key, its signature",
    )
    v.add_argument("pack", type=Path, metavar="PACK", help="the pack folder")
    v.add_argument(
        "--key",
        type=Path,
        metavar="PUB",
        default=None,
        help="the signer's Ed25519 public key (PEM)",
    )
    v.set_defaults(func=run_verify)


def run_compliance(args: argparse.Namespace) -> int:
    from auditor.catalogue import load_catalogue
    from auditor.report.compliance import (
        Scope,
        build_pack,
        load_policy,
        load_spares,
        pack_from_run,
        parse_scenario,
        write_pack,
    )

    results: Path | None = args.results
    run_id: str | None = getattr(args, "run", None)
    if (results is None) == (run_id is None):
        raise InputError(
            "auditor report compliance: give either --results REPORT.json or --run ID",
            tip="--results takes the report.json of `auditor audit`; `auditor history` lists stored runs",
        )
    scenarios = tuple(parse_scenario(s) for s in args.scenario)
    policy = load_policy(args.policy)
    spares = load_spares(args.spares) if args.spares else None
    catalogue = load_catalogue(getattr(args, "catalogue", None) or common.DEFAULT_CATALOGUE)
    scope = Scope(args.operator, tuple(args.network))
    if results is not None:
        pack = build_pack(_read_report(results), catalogue, policy, spares, scope, scenarios)
    else:
        run = _stored_run(args, str(run_id), catalogue)
        pack = pack_from_run(run, catalogue, policy, spares, scope, scenarios)
    written = write_pack(
        pack, args.pack_out, args.policy, args.spares, args.sign, pdf=not args.no_pdf
    )
    _print_summary(pack, written)
    return 0


def run_verify(args: argparse.Namespace) -> int:
    from auditor.report.compliance import verify_pack

    result = verify_pack(args.pack, args.key)
    for problem in result.problems:
        print(f"mismatch: {problem}", file=sys.stderr)
    signature = {
        "valid": f"signature valid (key sha256 {result.fingerprint})",
        "invalid": "signature INVALID",
        "absent": "not signed" if args.key is None else "signature missing",
        "unchecked": "signed, but the signature was not checked (give --key PUB)",
    }[result.signature]
    if result.ok:
        print(f"ok: {len(result.checked)} files match manifest.json; {signature}")
        return 0
    print(f"FAILED: {len(result.problems)} problem(s); {signature}", file=sys.stderr)
    return EXIT_MISMATCH


def _read_report(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"{path}: file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read: {exc}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}:{exc.lineno}: not valid JSON: {exc.msg}") from None
    if not isinstance(data, dict):
        raise InputError(f"{path}: expected a JSON object (an auditor report)")
    return data


def _stored_run(args: argparse.Namespace, run_id: str, catalogue: Catalogue) -> Any:
    from auditor.audit import AuditOptions
    from auditor.cli.history import open_history
    from auditor.store.reevaluate import reevaluate

    with open_history(getattr(args, "store", None)) as store:
        stored = store.load_run(store.resolve_run_id(run_id))
    as_of = getattr(args, "as_of", None) or stored.as_of
    return reevaluate(
        stored, catalogue, AuditOptions(as_of=as_of, horizon_days=stored.horizon_days)
    )


def _print_summary(pack: dict[str, Any], written: list[Path]) -> None:
    s = pack["summary"]
    states = s["by_support_state"]
    print(
        f"{s['devices']} devices as of {pack['scope']['run']['as_of']}: "
        + ", ".join(f"{n} {state}" for state, n in states.items() if n)
    )
    for r in pack["rules"]:
        if r["state"] != "compliant":
            print(
                f"rule {r['id']}: {r['state']} ({r['present_count']} high-risk device(s) in {r['domain']})"
            )
    print("pack: " + ", ".join(str(p) for p in written))
