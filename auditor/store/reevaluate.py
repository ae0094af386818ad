"""Judge a stored run again, against another catalogue or date, without reconnecting.

The raw outputs a run collected are in the store, so "what would today's catalogue say about
what the estate ran on 1 June?" is a parse and an evaluation, not a new audit. The run keeps
its identity and collection times; its as-of date, horizon and catalogue become the new ones.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from auditor import __version__
from auditor.errors import AuditorError
from auditor.models import AuditRun, Cause, DeviceResult, Status
from auditor.yamlsrc import gc_paused

if TYPE_CHECKING:
    from auditor.audit import AuditOptions
    from auditor.catalogue import Catalogue


def reevaluate(run: AuditRun, catalogue: Catalogue, options: AuditOptions) -> AuditRun:
    """Every device with stored outputs is parsed and evaluated again; the others stay as
    they were (a device that never answered has nothing to re-read)."""
    with gc_paused():  # thousands of findings built at once: no cycle collection meanwhile
        results = tuple(_again(r, catalogue, options) for r in run.results)
    return replace(
        run,
        as_of=options.as_of,
        horizon_days=options.horizon_days,
        catalogue_version=catalogue.version,
        catalogue_sha256=catalogue.sha256,
        tool_version=__version__,
        results=results,
    )


def _again(result: DeviceResult, catalogue: Catalogue, options: AuditOptions) -> DeviceResult:
    from auditor.audit import evaluate_collections

    if not result.collections:
        return result
    try:
        fresh = evaluate_collections(result.device, result.collections, catalogue, options)
    except AuditorError as exc:  # e.g. a platform this version of the auditor no longer has
        fresh = DeviceResult(
            result.device,
            Status.FAILED,
            cause=Cause.INTERNAL,
            error=f"cannot re-evaluate: {exc.message}"[:300],
            collections=result.collections,
        )
    return replace(
        fresh,
        started_at=result.started_at,
        duration_s=result.duration_s,
        attempts=result.attempts,
    )
