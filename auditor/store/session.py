"""One audit's link to the history store: begin (or resume), record each result, finish.

The CLI builds a `RunSession` before the first connection and hands `observer()` to the
Auditor as its progress callback, which the pool calls in the main thread as each device ends:
so every result is committed the moment it exists. If the store fails mid-run (disk full),
the audit goes on and reports are still written; `problem` says what was not saved.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime, timezone
from typing import TYPE_CHECKING

from auditor import __version__
from auditor.errors import InputError
from auditor.inventory.credentials import redact
from auditor.models import AuditRun, Device, DeviceResult, new_run_id
from auditor.store.base import Store, StoreError
from auditor.store.resume import check_resumable, devices_to_resume, merge_resumed

if TYPE_CHECKING:
    from auditor.audit import AuditOptions
    from auditor.catalogue import Catalogue

ProgressFn = Callable[[DeviceResult, int, int], None]


@dataclass
class RunSession:
    store: Store | None
    run_id: str
    devices: list[Device]
    """The whole inventory, in order."""
    todo: list[Device]
    """What to audit now: every device, or on resume only the unfinished ones."""
    options: AuditOptions
    """The options to audit with (on resume: the stored run's as-of date and horizon)."""
    previous: AuditRun | None = None
    secrets: Callable[[], Iterable[str]] | None = None
    """The passwords in use (`CredentialResolver.all_secrets`), scrubbed from every result."""
    problem: str | None = field(default=None)
    """Why the history is incomplete (store write failed), for the CLI to warn about."""

    @classmethod
    def start(
        cls,
        store: Store | None,
        *,
        devices: Sequence[Device],
        catalogue: Catalogue,
        options: AuditOptions,
        inventory_source: str,
        inventory_sha256: str,
        resume: str | None = None,
        secrets: Callable[[], Iterable[str]] | None = None,
    ) -> RunSession:
        """Begin a new run in the store, or pick up `resume` (an id, a prefix or `latest`).

        `secrets` returns the passwords in use: any that a device echoed into its output or an
        error message is replaced by `***` before the result is stored, logged or reported.
        """
        devices = list(devices)
        if resume:
            if store is None:
                raise InputError("--resume needs the history store", tip="drop --no-store")
            run_id = store.resolve_run_id(resume)
            previous = store.load_run(run_id)
            check_resumable(previous, catalogue.sha256)
            options = replace(options, as_of=previous.as_of, horizon_days=previous.horizon_days)
            todo = devices_to_resume(store, run_id, devices)
            return cls(store, run_id, devices, todo, options, previous, secrets)
        started = datetime.now(timezone.utc)
        run_id = new_run_id(started)
        if store is not None:
            store.begin_run(
                run_id=run_id,
                started_at=started,
                as_of=options.as_of,
                tool_version=__version__,
                inventory_source=inventory_source,
                inventory_sha256=inventory_sha256,
                catalogue_version=catalogue.version,
                catalogue_sha256=catalogue.sha256,
                horizon_days=options.horizon_days,
                options=_options_record(options),
            )
        return cls(store, run_id, devices, list(devices), options, None, secrets)

    def observer(self, then: ProgressFn | None = None) -> ProgressFn:
        """The Auditor's progress callback: commit the result, then tell `then` (the display)."""

        def seen(result: DeviceResult, done: int, total: int) -> None:
            result = self.scrub(result)
            self.record(result)
            if then is not None:
                then(result, done, total)

        return seen

    def record(self, result: DeviceResult) -> None:
        if self.store is None or self.problem:
            return
        try:
            self.store.record(self.run_id, result)
        except StoreError as exc:
            self.problem = exc.message

    def finish(self, run: AuditRun) -> AuditRun:
        """The run to report: under this session's id, merged with the resumed run's results."""
        run = replace(run, run_id=self.run_id, results=tuple(map(self.scrub, run.results)))
        if self.previous is not None:
            run = merge_resumed(self.previous, run, self.devices)
        if self.store is not None and not self.problem:
            try:
                run = self.store.finish_run(self.run_id, run)
            except StoreError as exc:
                self.problem = exc.message
        return run

    def scrub(self, result: DeviceResult) -> DeviceResult:
        """The result with every secret in use replaced by `***` (defence in depth: a device
        that echoes a mistyped password must not put it in the history). Collections keep the
        SHA-256 of what the device sent, so evidence still names the original output."""
        return scrub_result(result, self.secrets() if self.secrets else ())


def scrub_result(result: DeviceResult, secrets: Iterable[str]) -> DeviceResult:
    """`result` with every secret of 3+ characters replaced by `***` wherever device text went:
    its error, outputs and prompts, and the host name, model and serial read from them (a
    prompt that shows an echoed password must not become the device's name in the history).

    Shared by a local run's session and a distributed worker, which knows its own secrets."""
    found = [s for s in secrets if s and len(s) >= 3]
    facts = result.facts
    named = (facts.hostname, facts.model, facts.serial) if facts else ()
    outputs = (t for c in result.collections for t in (c.output, c.prompt))
    if not any(s in text for text in (result.error, *named, *outputs) if text for s in found):
        return result

    def hide(text: str | None) -> str | None:
        return redact(text, found) if text else text

    if facts is not None:
        hidden = hide(facts.hostname), hide(facts.model), hide(facts.serial)
        facts = replace(facts, hostname=hidden[0], model=hidden[1], serial=hidden[2])
    return replace(
        result,
        error=hide(result.error),
        facts=facts,
        collections=tuple(
            replace(c, output=redact(c.output, found), prompt=hide(c.prompt))
            for c in result.collections
        ),
    )


def _options_record(options: AuditOptions) -> dict[str, object]:
    """The run's settings as plain JSON values (dates as text), for the record."""
    record: dict[str, object] = json.loads(json.dumps(asdict(options), default=str))
    return record
