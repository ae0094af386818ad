"""`auditor audit`, `auditor check` and `auditor demo`: the commands that talk to devices."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from auditor.catalogue import load_catalogue
from auditor.cli import common, history
from auditor.collect.hostkeys import add_host_key_options
from auditor.errors import InputError

if TYPE_CHECKING:
    from auditor.audit import AuditOptions
    from auditor.catalogue import Catalogue
    from auditor.collect import Collector, Timeouts
    from auditor.inventory.credentials import CredentialResolver
    from auditor.models import AuditRun, Device, DeviceResult
    from auditor.store.session import RunSession


def register(sub: argparse._SubParsersAction) -> None:
    a = sub.add_parser("audit", help="audit every device of an inventory and write reports")
    source = a.add_argument_group("what to audit (--inventory, --from-dir, or both)")
    source.add_argument(
        "--inventory", type=Path, default=None, help="inventory YAML (see device_inventories/)"
    )
    source.add_argument(
        "--from-dir",
        type=Path,
        default=None,
        metavar="DIR",
        help="audit saved outputs (one file per device) with no SSH; platform from a "
        "NAME.meta.yaml sidecar, the --inventory host of that name, or --platform",
    )
    source.add_argument(
        "--platform",
        default=None,
        help="with --from-dir: platform of captures that name none (e.g. cisco_ios)",
    )
    a.add_argument(
        "--out",
        type=Path,
        default=Path("reports"),
        help="folder for the reports (default ./reports)",
    )
    a.add_argument(
        "--username",
        default=None,
        help="username for every device (else inventory or AUDITOR_USERNAME)",
    )
    a.add_argument("--quiet", action="store_true", help="no per-device progress lines")
    common.add_evaluation_options(a)
    common.add_collection_options(a, distributed=True)
    common.add_exit_options(a)
    history.add_schedule_options(a)
    add_host_key_options(a)
    common.add_template_option(a)
    a.set_defaults(func=run_audit)

    c = sub.add_parser("check", help="audit one device now; prompts for the password")
    c.add_argument("host", help="address of the device")
    c.add_argument("--platform", required=True, help="netmiko device_type, e.g. cisco_ios")
    c.add_argument("--username", required=True)
    c.add_argument("--port", type=int, default=22)
    c.add_argument("--name", default=None, help="name to show (default: the host)")
    common.add_evaluation_options(c)
    common.add_collection_options(c, workers=1)
    add_host_key_options(c)
    common.add_exit_options(c)
    c.set_defaults(func=run_check, quiet=True)  # the answer itself is the output

    d = sub.add_parser("demo", help="start a mock fleet on 127.0.0.1, audit it, write reports")
    d.add_argument(
        "--out",
        type=Path,
        default=Path("reports"),
        help="folder for the reports (default ./reports)",
    )
    d.add_argument("--quiet", action="store_true")
    common.add_template_option(d)
    common.add_evaluation_options(d)
    d.set_defaults(func=run_demo)


def _options(args: argparse.Namespace, workers: int | None = None) -> AuditOptions:
    from auditor.audit import AuditOptions
    from auditor.collect import Timeouts

    return AuditOptions(
        as_of=args.as_of or date.today(),
        workers=workers or getattr(args, "workers", 0) or None,
        engine=getattr(args, "engine", "auto"),
        retries=getattr(args, "retries", 1),
        timeouts=Timeouts(
            connect=getattr(args, "connect_timeout", 10.0),
            command=getattr(args, "command_timeout", 30.0),
            device=getattr(args, "device_timeout", 90.0),
        ),
        run_timeout=getattr(args, "run_timeout", None),
        horizon_days=args.horizon,
    )


@dataclass(frozen=True)
class Scope:
    """What one audit covers and how it reaches the devices (live SSH or saved files)."""

    devices: list[Device]
    source: str
    sha256: str
    resolver: CredentialResolver
    collector_for: Callable[[str], Collector]


def _audit(
    args: argparse.Namespace,
    catalogue: Catalogue,
    scope: Scope,
    options: AuditOptions,
    out: Path | None,
    session: RunSession | None = None,
) -> tuple[AuditRun, list[Path]]:
    """Run and write reports; return the run and the files written."""
    from auditor.audit import Auditor
    from auditor.cli.progress import AuditProgress
    from auditor.report.render import write_reports
    from auditor.report.view import build_view

    devices = session.todo if session else scope.devices
    show = AuditProgress(
        len(devices),
        log_format=getattr(args, "log_format", "text"),
        quiet=getattr(args, "quiet", False),
    )
    with show:  # the bar (on a terminal) lives exactly as long as the pool
        if getattr(args, "engine", None) == common.DISTRIBUTED and session and session.store:
            from auditor.distributed.dispatch import run_distributed

            run = run_distributed(  # the workers record each result; the store is read back
                session.store,
                session.run_id,
                devices,
                catalogue,
                options,
                broker=args.broker,
                inventory_source=scope.source,
                inventory_sha256=scope.sha256,
                progress=show,
                warn=lambda text: show.event(text, "warning"),
            )
        else:
            auditor = Auditor(catalogue, scope.resolver, options, scope.collector_for)
            run = auditor.run(
                devices,
                inventory_source=scope.source,
                inventory_sha256=scope.sha256,
                progress=session.observer(show) if session else show,
            )
    if session:
        run = session.finish(run)  # the session's run id; a resumed run's results merged in
        if session.problem:
            show.event(f"history not saved: {session.problem}", "error")
    show.finished(run)
    template_dir = getattr(args, "template", None)
    written = (
        write_reports(build_view(run, catalogue), out, template_dir=template_dir) if out else []
    )
    return run, written


def _check_templates(args: argparse.Namespace) -> None:
    """A user's broken template fails before any device is contacted, not after the audit."""
    if getattr(args, "template", None) is not None:
        from auditor.report.render import check_template_dir

        check_template_dir(args.template)


def _audit_scheduled(args: argparse.Namespace, catalogue: Catalogue, scope: Scope) -> int:
    """An `audit` run: history store, resume, metrics, reports, summary and exit code."""
    from auditor.store import open_store
    from auditor.store.session import RunSession

    store = None if args.no_store else open_store(args.store)
    try:
        session = RunSession.start(
            store,
            devices=scope.devices,
            catalogue=catalogue,
            options=_options(args),
            inventory_source=scope.source,
            inventory_sha256=scope.sha256,
            resume=args.resume,
            secrets=scope.resolver.all_secrets,
        )
        run, written = _audit(args, catalogue, scope, session.options, args.out, session)
    finally:
        if store is not None:
            store.close()
    if args.metrics:
        from auditor.metrics import write_metrics

        write_metrics(run, args.metrics)
    common.print_summary(run, written)
    return common.exit_code(run, args.fail_on, args.strict)


def run_audit(args: argparse.Namespace) -> int:
    from auditor.collect import collectors
    from auditor.collect.hostkeys import HostKeyPolicy
    from auditor.inventory import load_inventory
    from auditor.inventory.credentials import CredentialResolver

    if args.metrics:
        from auditor.metrics import check_metrics_path

        check_metrics_path(args.metrics)
    _check_templates(args)
    if args.from_dir is not None:
        if args.engine == common.DISTRIBUTED:
            raise InputError("--from-dir audits saved files here: it takes no --engine celery")
        return run_offline(args)
    if args.inventory is None:
        raise InputError(
            "nothing to audit: give --inventory FILE (live) or --from-dir DIR (saved outputs)"
        )
    devices, sha = load_inventory(args.inventory)
    catalogue = load_catalogue(args.catalogue)  # every input checked before any prompt
    if args.engine == common.DISTRIBUTED:
        devices = _check_distributed(args, devices)
        resolver = CredentialResolver(interactive=False)  # the workers hold the passwords
        scope = Scope(devices, str(args.inventory), sha, resolver, collectors())
        return _audit_scheduled(args, catalogue, scope)
    resolver = CredentialResolver(default_username=args.username)
    for device in devices:  # ask for (or fail on) credentials once, before any connection
        resolver.for_device(device)
    host_keys = HostKeyPolicy.from_args(args)
    host_keys.validate(devices)  # a bad known_hosts file or per-device policy, before any login
    scope = Scope(devices, str(args.inventory), sha, resolver, collectors(host_keys))
    return _audit_scheduled(args, catalogue, scope)


def _check_distributed(args: argparse.Namespace, devices: list[Device]) -> list[Device]:
    """`--engine celery` needs a broker and a store the workers share; zones must be names.

    `--username` travels with each device (a name, not a secret); passwords never do.
    """
    from auditor.distributed import require_celery

    require_celery()
    args.broker = args.broker or os.environ.get(common.BROKER_ENV, "").strip() or None
    if not args.broker:
        raise InputError(
            "--engine celery needs --broker URL (or $AUDITOR_BROKER)",
            tip="e.g. --broker redis://127.0.0.1:6379/0; see docs/distributed.md",
        )
    if args.no_store:
        raise InputError(
            "--engine celery cannot run with --no-store: the workers write results to the store"
        )
    from auditor.distributed.dispatch import prepare

    prepare(args.broker, [d.zone for d in devices])  # fail fast: before the run begins
    if args.username:
        devices = [replace(d, username=args.username) for d in devices]
    return devices


def run_offline(args: argparse.Namespace) -> int:
    """`audit --from-dir`: the same Auditor, history and reports, fed from captured text."""
    import hashlib

    from auditor.collect.saved_output import NoCredentials, SavedOutputCollector, discover
    from auditor.inventory import load_inventory

    known: list[Device] = []
    if args.inventory is not None:
        known, _ = load_inventory(args.inventory)
    captures = discover(args.from_dir, known, args.platform)
    catalogue = load_catalogue(args.catalogue)
    digest = hashlib.sha256()
    for capture in captures:  # the "inventory" of an offline audit is the captures themselves
        digest.update(f"{capture.path.name}\0{capture.device.platform}\n".encode())
        digest.update(hashlib.sha256(capture.path.read_bytes()).digest())
    collector = SavedOutputCollector(captures)
    scope = Scope(
        [c.device for c in captures],
        f"saved outputs in {args.from_dir}",
        digest.hexdigest(),
        NoCredentials(),
        lambda _driver: collector,
    )
    return _audit_scheduled(args, catalogue, scope)


def run_check(args: argparse.Namespace) -> int:
    import hashlib

    from auditor.collect import collectors
    from auditor.collect.hostkeys import HostKeyPolicy
    from auditor.inventory.credentials import CredentialResolver
    from auditor.models import Device
    from auditor.platforms import get_platform

    platform = get_platform(args.platform)
    catalogue = load_catalogue(args.catalogue)
    device = Device(
        name=args.name or args.host,
        host=args.host,
        port=args.port,
        platform=platform.device_type,
        username=args.username,
    )
    resolver = CredentialResolver(default_username=args.username)
    resolver.for_device(device)
    options = _options(args, workers=1)
    sha = hashlib.sha256(repr(device).encode()).hexdigest()
    host_keys = HostKeyPolicy.from_args(args)
    host_keys.validate([device])
    scope = Scope([device], "command line", sha, resolver, collectors(host_keys))
    run, _ = _audit(args, catalogue, scope, options, None)
    _print_device(run.results[0], catalogue)
    return common.exit_code(run, args.fail_on, args.strict)


def _print_device(result: DeviceResult, catalogue: Catalogue) -> None:
    from auditor.report.render import render_device

    sys.stdout.write(render_device(result, catalogue))


def run_demo(args: argparse.Namespace) -> int:
    """Serve the demo fleet on loopback, audit it with the demo password, write reports."""
    from auditor.collect import collectors
    from auditor.inventory import load_inventory
    from auditor.inventory.credentials import PASSWORD_ENV, CredentialResolver
    from mock_devices import MockFleet, load_fleet

    fleet_file = common.REPO / "mock_devices" / "demo_fleet.yaml"
    inventory_file = common.REPO / "device_inventories" / "demo.yaml"
    # free ports: the demo must run beside anything else on this machine
    specs = [replace(spec, port=0) for spec in load_fleet(fleet_file)]
    devices, sha = load_inventory(inventory_file)
    catalogue = load_catalogue(args.catalogue)
    _check_templates(args)
    known = {s.name for s in specs}
    missing = [d.name for d in devices if d.name not in known]
    if missing:
        raise InputError(f"{inventory_file}: hosts not in {fleet_file.name}: {', '.join(missing)}")
    env = dict(os.environ)
    env[PASSWORD_ENV] = "demo-password"
    resolver = CredentialResolver(env=env, interactive=False)
    options = replace(_options(args), timeouts=_demo_timeouts())
    print(f"demo: starting {len(specs)} mock devices on 127.0.0.1 ...", file=sys.stderr)
    with MockFleet(specs, host="127.0.0.1") as fleet:
        devices = [replace(d, host="127.0.0.1", port=fleet.ports[d.name]) for d in devices]
        source = str(inventory_file.relative_to(common.REPO))
        scope = Scope(devices, source, sha, resolver, collectors())
        run, written = _audit(args, catalogue, scope, options, args.out)
    common.print_summary(run, written)
    return 130 if run.interrupted else 0


def _demo_timeouts() -> Timeouts:
    from auditor.collect import Timeouts

    return Timeouts(connect=5.0, command=15.0, device=25.0)
