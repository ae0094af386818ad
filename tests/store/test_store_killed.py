"""A run killed mid-way (SIGKILL: no cleanup at all) keeps every device it had recorded."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from store_support import evaluated, make_run

from auditor.store import devices_to_resume, open_store

CHILD = textwrap.dedent(
    """
    import sys, time
    sys.path.insert(0, {support!r})
    from store_support import begin, evaluated, make_run
    from auditor.store import open_store

    store = open_store({path!r})
    run = make_run([evaluated(n, "17.9.3") for n in ("a", "b", "c", "d", "e")])
    begin(store, run)
    for result in run.results[:3]:
        store.record(run.run_id, result)
    print(run.run_id, flush=True)
    time.sleep(600)  # killed here, mid-run, with the store still open
    """
)


def test_sigkill_after_three_devices_leaves_three_in_the_store(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    script = CHILD.format(support=str(Path(__file__).parent), path=str(path))
    child = subprocess.Popen(
        [sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, cwd=tmp_path
    )
    try:
        run_id = child.stdout.readline().strip() if child.stdout else ""
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait(timeout=60)
    assert child.returncode == -signal.SIGKILL
    assert run_id

    with open_store(path, create=False) as store:
        (summary,) = store.runs()
        assert summary.run_id == run_id
        assert summary.state == "unfinished"
        assert summary.devices == 3
        loaded = store.load_run(run_id)
        assert [r.device.name for r in loaded.results] == ["a", "b", "c"]
        assert loaded.interrupted  # a killed run reports as partial
        again = evaluated("a", "17.9.3")  # the same output evaluated here, now
        assert loaded.results[0].facts == again.facts
        assert loaded.results[0].status is again.status
        assert [f.advisory_id for f in loaded.results[0].findings] == ["TEST-SA-XE-1"]
        inventory = make_run([evaluated(n, "17.9.3") for n in "abcde"]).results
        todo = devices_to_resume(store, run_id, [r.device for r in inventory])
        assert [d.name for d in todo] == ["d", "e"]
