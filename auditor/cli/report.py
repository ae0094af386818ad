"""`auditor report --run ID`: the reports of a stored run, re-evaluated without reconnecting.

The stored raw outputs are parsed and evaluated again against a catalogue (default: the
shipped one, i.e. today's knowledge) and an as-of date (default today), and written as the
same files a live run writes. Nothing is stored and no device is contacted.

Room for more report actions: `register()` returns the `report` parser's sub-action set
(`required=False`, so plain `auditor report --run ID` still works). Another module adds one
as `compliance.register(actions)` from `build_parser`, with its own `set_defaults(func=...)`,
which wins over this module's handler whenever that action is named.
"""

from __future__ import annotations

import argparse
from dataclasses import replace
from datetime import date
from pathlib import Path

from auditor.cli import common
from auditor.cli.history import add_store_option, open_history
from auditor.errors import InputError


def register(sub: argparse._SubParsersAction) -> argparse._SubParsersAction:
    p = sub.add_parser(
        "report",
        help="write reports for a stored run, re-evaluated against a catalogue (no connection)",
    )
    p.add_argument("--run", metavar="ID", default=None, help="stored run (id, prefix or latest)")
    add_store_option(p)
    common.add_evaluation_options(p)
    p.add_argument(
        "--out",
        type=Path,
        default=Path("reports"),
        help="folder for the reports (default ./reports)",
    )
    common.add_template_option(p)
    common.add_exit_options(p)
    p.set_defaults(func=run_report)
    return p.add_subparsers(dest="report_action", metavar="ACTION", required=False)


def run_report(args: argparse.Namespace) -> int:
    from auditor.audit import AuditOptions
    from auditor.catalogue import load_catalogue
    from auditor.report.render import write_reports
    from auditor.report.view import build_view
    from auditor.store.reevaluate import reevaluate

    if not args.run:
        raise InputError(
            "auditor report: which run? give --run ID",
            tip="`auditor history` lists the stored runs; --run latest takes the newest",
        )
    catalogue = load_catalogue(args.catalogue)
    if args.template is not None:
        from auditor.report.render import check_template_dir

        check_template_dir(args.template)
    with open_history(args.store) as store:
        stored = store.load_run(store.resolve_run_id(args.run))
    options = AuditOptions(as_of=args.as_of or date.today(), horizon_days=args.horizon)
    run = reevaluate(stored, catalogue, options)
    written = write_reports(build_view(run, catalogue), args.out, template_dir=args.template)
    common.print_summary(run, written)
    # a stored run that was interrupted is partial, but re-reporting it was not interrupted
    return common.exit_code(replace(run, interrupted=False), args.fail_on, args.strict)
