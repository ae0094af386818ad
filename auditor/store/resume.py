"""`--resume RUN_ID`: audit only what a run did not finish, then make it one run again.

A device is *finished* when the run got an answer from it, good or bad: a status, or a failure
of its own (wrong password, its own deadline, unparseable output). It is *unfinished* when the
run stopped before it could know: cause `interrupted` (Ctrl-C, SIGTERM, or the whole-run
deadline, running or not yet started), or never recorded at all (the process was killed).
A wrong password is finished on purpose: retrying it on every resume would lock the audit
account out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from auditor.errors import InputError
from auditor.models import AuditRun, Cause, Device, DeviceResult, Status
from auditor.store.base import Store


def is_finished(result: DeviceResult) -> bool:
    """True if a resume should keep this result rather than audit the device again."""
    if result.cause is Cause.INTERRUPTED:
        return False
    # a failure with no start time was never attempted (stores written before devices cut by
    # the whole-run deadline were marked `interrupted` hold those): nothing to keep either
    return not (result.status is Status.FAILED and result.started_at is None)


def devices_to_resume(store: Store, run_id: str, devices: Sequence[Device]) -> list[Device]:
    """The inventory's devices (in inventory order) that the stored run has not finished."""
    todo = set(store.unfinished_devices(run_id, [d.name for d in devices]))
    return [d for d in devices if d.name in todo]


def check_resumable(previous: AuditRun, catalogue_sha256: str) -> None:
    """One run is judged against one catalogue; refuse to mix two in one resumed run."""
    if previous.catalogue_sha256 != catalogue_sha256:
        raise InputError(
            f"run {previous.run_id} was evaluated with catalogue {previous.catalogue_version} "
            f"(sha256 {previous.catalogue_sha256[:12]}…), not the one given now "
            f"(sha256 {catalogue_sha256[:12]}…)",
            tip="resume with the same --catalogue, or start a new run; "
            "`auditor report --run ID --catalogue DIR` re-evaluates a stored run",
        )


def merge_resumed(previous: AuditRun, fresh: AuditRun, devices: Sequence[Device]) -> AuditRun:
    """The resumed run: the old run's identity and finished results, plus the fresh results.

    Results follow the inventory's order; a device that is no longer in the inventory leaves
    the run. The run keeps its id, start time, as-of date and catalogue; it ends now, and it is
    interrupted only if this resumption was.
    """
    kept = {r.device.name: r for r in previous.results if is_finished(r)}
    new = {r.device.name: r for r in fresh.results}
    results = tuple(
        new.get(d.name) or kept[d.name] for d in devices if d.name in new or d.name in kept
    )
    return replace(
        previous,
        finished_at=fresh.finished_at,
        tool_version=fresh.tool_version,
        inventory_source=fresh.inventory_source,
        inventory_sha256=fresh.inventory_sha256,
        results=results,
        interrupted=fresh.interrupted,
    )
