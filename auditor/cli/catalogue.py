"""`auditor catalogue validate|import|show|diff`: check, feed, read and compare catalogues.

Exit codes: 0 fine; 2 a problem the user must fix (every catalogue problem, with file and line;
an import that conflicts with what the catalogue holds, naming both sources; bad input files).
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from auditor.cli.common import DEFAULT_CATALOGUE, as_of_date

IMPORT_KINDS = ("csaf", "endoflife", "eox", "osv")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("catalogue", help="work with the advisory catalogue")
    csub = p.add_subparsers(dest="catalogue_command", metavar="SUBCOMMAND", required=True)

    v = csub.add_parser(
        "validate", help="check a catalogue folder; list every problem with file and line"
    )
    v.add_argument("dir", type=Path, nargs="?", default=DEFAULT_CATALOGUE)
    v.add_argument(
        "--strict", action="store_true", help="warnings (doubtful entries) are problems too"
    )
    v.set_defaults(func=validate)

    i = csub.add_parser(
        "import", help="convert CSAF, endoflife.date, Cisco EoX or OSV files into a catalogue"
    )
    i.add_argument("kind", choices=IMPORT_KINDS)
    i.add_argument("files", type=Path, nargs="+", metavar="FILE")
    i.add_argument("--into", type=Path, required=True, metavar="DIR", help="catalogue folder")
    i.add_argument("--vendor", help="vendor id for every entry (overrides the mapping table)")
    i.add_argument("--os", help="OS id for every entry (overrides the mapping table)")
    i.add_argument(
        "--retrieved",
        type=as_of_date,
        default=None,
        metavar="DATE",
        help="date the files were fetched (default: today)",
    )
    i.add_argument("--dry-run", action="store_true", help="report, write nothing")
    i.set_defaults(func=import_)

    s = csub.add_parser("show", help="trains, milestones and status per vendor and OS")
    s.add_argument("--catalogue", type=Path, default=DEFAULT_CATALOGUE, metavar="DIR")
    s.add_argument("--vendor", help="only this vendor (id, name or alias)")
    s.add_argument("--os", help="only this OS (ios-xe, junos, ...)")
    s.add_argument("--as-of", type=as_of_date, default=None, help="status on this date")
    s.set_defaults(func=show)

    d = csub.add_parser("diff", help="entries added, removed and changed between two catalogues")
    d.add_argument("old", type=Path)
    d.add_argument("new", type=Path)
    d.set_defaults(func=diff)


def _print_problems(problems: list, label: str = "error") -> None:
    for problem in problems:
        print(f"{label}: {problem.message}", file=sys.stderr)


def validate(args: argparse.Namespace) -> int:
    from auditor.catalogue import CatalogueProblems, load_catalogue

    try:
        cat = load_catalogue(args.dir)
    except CatalogueProblems as exc:
        _print_problems(exc.problems)
        print(f"{len(exc.problems)} problem(s) found", file=sys.stderr)
        return 2
    _print_problems(list(cat.warnings), "error" if args.strict else "warning")
    if args.strict and cat.warnings:
        print(f"{len(cat.warnings)} problem(s) found (--strict)", file=sys.stderr)
        return 2
    print(
        f"ok: {cat.name} {cat.version} (sha256 {cat.sha256[:16]}): {len(cat.vendors)} vendors, "
        f"{len(cat.software)} software trains, {len(cat.hardware)} hardware models, "
        f"{len(cat.baselines)} baselines, {len(cat.advisories)} advisories"
        + (f"; {len(cat.warnings)} warning(s)" if cat.warnings else "")
    )
    return 0


def import_(args: argparse.Namespace) -> int:
    from auditor.catalogue import CatalogueProblems
    from auditor.catalogue.merge import import_files

    try:
        report = import_files(
            args.kind,
            args.files,
            args.into,
            retrieved=args.retrieved or date.today(),
            vendor=args.vendor,
            os=args.os,
            dry_run=args.dry_run,
        )
    except CatalogueProblems as exc:
        _print_problems(exc.problems)
        print(f"{len(exc.problems)} problem(s); nothing was written", file=sys.stderr)
        return 2
    for note in report.notes:
        print(f"note: {note}", file=sys.stderr)
    for conflict in report.conflicts:
        print(f"error: {conflict.message()}", file=sys.stderr)
    if report.conflicts:
        print(f"{len(report.conflicts)} conflict(s); nothing was written", file=sys.stderr)
        return 2
    for line in report.added:
        print(f"added {line}")
    for line in report.updated:
        print(f"updated {line}")
    verb = "would write" if args.dry_run else "wrote"
    print(
        f"{len(report.added)} added, {len(report.updated)} updated, {report.unchanged} unchanged; "
        f"{verb} {len(report.writes)} file(s)"
    )
    return 0


def show(args: argparse.Namespace) -> int:
    from auditor.catalogue import load_catalogue
    from auditor.catalogue.show import show as render

    catalogue = load_catalogue(args.catalogue)
    for line in render(catalogue, args.as_of or date.today(), args.vendor, args.os):
        print(line)
    return 0


def diff(args: argparse.Namespace) -> int:
    from auditor.catalogue import load_catalogue
    from auditor.catalogue.diff import diff as compare

    for line in compare(load_catalogue(args.old), load_catalogue(args.new)).lines():
        print(line)
    return 0
