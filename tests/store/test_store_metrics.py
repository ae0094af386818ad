"""`--metrics FILE`: a textfile node_exporter's collector accepts, with the numbers of the run."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families
from store_support import evaluated, failed, make_run

from auditor.errors import InputError
from auditor.metrics import check_metrics_path, write_metrics
from auditor.models import Cause, Facts


def _samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


def test_metrics_file_has_counts_duration_and_help(tmp_path: Path) -> None:
    run = make_run(
        [
            evaluated("a", "17.9.3"),
            evaluated("b", "17.9.3"),
            evaluated("c", "15.2(7)E4", "cisco_ios"),
            failed("d", Cause.AUTH),
            failed("e", Cause.TIMEOUT),
        ],
        interrupted=True,
    )
    path = write_metrics(run, tmp_path / "auditor.prom")
    text = path.read_text()
    got = _samples(text)
    assert got[("auditor_devices", (("status", "vulnerable"),))] == 2
    assert got[("auditor_devices", (("status", "outdated"),))] == 1
    assert got[("auditor_devices", (("status", "failed"),))] == 2
    assert got[("auditor_devices", (("status", "unsupportable"),))] == 0  # zeros are written
    assert got[("auditor_devices_by_vendor", (("status", "vulnerable"), ("vendor", "Cisco")))] == 2
    assert got[("auditor_devices_by_vendor", (("status", "failed"), ("vendor", "Cisco")))] == 2
    assert got[("auditor_devices_failed", (("cause", "auth"),))] == 1
    assert got[("auditor_devices_failed", (("cause", "timeout"),))] == 1
    assert got[("auditor_devices_failed", (("cause", "unreachable"),))] == 0
    assert got[("auditor_run_duration_seconds", ())] == 42.5
    assert got[("auditor_run_timestamp_seconds", ())] == run.finished_at.timestamp()
    assert got[("auditor_run_interrupted", ())] == 1
    for name in ("auditor_devices", "auditor_run_duration_seconds", "auditor_devices_failed"):
        assert f"# HELP {name} " in text
        assert f"# TYPE {name} gauge" in text


def test_label_values_are_escaped(tmp_path: Path) -> None:
    odd = 'we"ird\\vendor\nname'
    base = evaluated("a", "17.9.3")
    assert base.facts is not None
    # a platform this auditor no longer knows: the vendor comes from what the device said
    result = replace(
        base,
        device=replace(base.device, platform="retired_os"),
        facts=Facts(**{**base.facts.__dict__, "vendor": odd}),
    )
    text = write_metrics(make_run([result]), tmp_path / "auditor.prom").read_text()
    assert r'vendor="we\"ird\\vendor\nname"' in text
    got = _samples(text)
    assert got[("auditor_devices_by_vendor", (("status", "vulnerable"), ("vendor", odd)))] == 1


def test_rewrite_is_atomic_and_leaves_no_temp_files(tmp_path: Path) -> None:
    path = tmp_path / "auditor.prom"
    write_metrics(make_run([evaluated("a", "17.9.3")]), path)
    before = path.stat().st_ino
    write_metrics(make_run([evaluated("a", "17.12.4")]), path)
    assert path.stat().st_ino != before  # replaced by rename, never rewritten in place
    assert [p.name for p in tmp_path.iterdir()] == ["auditor.prom"]
    assert _samples(path.read_text())[("auditor_devices", (("status", "current"),))] == 1


def test_an_unwritable_metrics_path_fails_before_the_audit(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="does not exist"):
        check_metrics_path(tmp_path / "missing" / "auditor.prom")
    check_metrics_path(tmp_path / "auditor.prom")  # a writable folder is fine
