"""The `auditor` command. The only place that prints errors or chooses an exit code.

Exit codes (README): 0 clean · 1 findings at or above --fail-on · 2 usage or input error ·
3 audit incomplete (devices not audited, with --strict) · 130 interrupted (results kept).
Each command group lives in its own module with a `register(subparsers)`; heavy imports
(netmiko, NAPALM, Jinja) stay inside the handlers so `parse` and `versions` start fast.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from auditor import __version__
from auditor.errors import AuditorError

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_INPUT = 2
EXIT_INCOMPLETE = 3
EXIT_INTERRUPTED = 130


def build_parser() -> argparse.ArgumentParser:
    from auditor.cli import audit, catalogue, compliance, history, parse, report, versions, worker

    parser = argparse.ArgumentParser(
        prog="auditor",
        description="Audit network devices' firmware against an advisory catalogue.",
    )
    parser.add_argument("--version", action="version", version=f"auditor {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in (audit, worker, parse, catalogue, versions, history):
        module.register(sub)
    compliance.add_compliance_parser(report.register(sub))  # `auditor report compliance`
    compliance.register(sub)  # `auditor verify`
    return parser


def quiet_libraries() -> None:
    """paramiko logs tracebacks from its transport thread (e.g. no SSH banner); the device's
    result already says what happened, so those must not reach the user's terminal."""
    import logging

    for name in ("paramiko", "netmiko", "asyncssh", "pyeapi", "ncclient", "jnpr"):
        logging.getLogger(name).setLevel(logging.CRITICAL)
        logging.getLogger(name).addHandler(logging.NullHandler())


def main(argv: Sequence[str] | None = None) -> int:
    quiet_libraries()
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_INPUT
    try:
        return int(args.func(args))
    except AuditorError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        if exc.tip:
            print(f"tip: {exc.tip}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return EXIT_OK
