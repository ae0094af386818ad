"""`--engine celery` and `auditor worker` refuse bad input at once: exit 2, a clear message."""

from __future__ import annotations

from pathlib import Path

import pytest
from live_servers import free_port

from auditor.cli import main


def write_inventory(path: Path, zone: str = "north") -> Path:
    path.write_text(
        "defaults: {username: audit}\nhosts:\n"
        f"  r1: {{host: 127.0.0.1, port: 22, platform: cisco_ios, zone: '{zone}'}}\n"
    )
    return path


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(argv)
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return code, err


def test_celery_needs_a_broker_and_a_store(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("AUDITOR_BROKER", raising=False)
    inv = write_inventory(tmp_path / "inv.yaml")
    code, err = run(["audit", "--inventory", str(inv), "--engine", "celery"], capsys)
    assert code == 2 and "--engine celery needs --broker URL" in err
    code, err = run(
        ["audit", "--inventory", str(inv), "--engine", "celery", "--broker", "redis://x/0"]
        + ["--no-store"],
        capsys,
    )
    assert code == 2 and "cannot run with --no-store" in err


def test_a_zone_that_cannot_be_a_queue_name_is_located(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Checked when the inventory loads, whatever the engine: a zone is a queue name."""
    inv = write_inventory(tmp_path / "inv.yaml", zone="north pole")
    for engine in ("celery", "auto"):
        code, err = run(
            ["audit", "--inventory", str(inv), "--engine", engine, "--broker", "redis://x/0"],
            capsys,
        )
        assert code == 2, err
        assert f"{inv}:3: hosts.r1.zone: zone 'north pole' is not a valid name" in err
        assert "Traceback" not in err


def test_an_unreachable_broker_is_named_without_its_password(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    inv = write_inventory(tmp_path / "inv.yaml")
    broker = f"redis://:Br0ker-Secret@127.0.0.1:{free_port()}/0"
    code, err = run(
        ["audit", "--inventory", str(inv), "--engine", "celery", "--broker", broker],
        capsys,
    )
    assert code == 2 and "cannot reach the broker at redis://:***@127.0.0.1" in err
    assert "Br0ker-Secret" not in err


def test_a_worker_checks_its_zone_and_store_before_consuming(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = run(
        ["worker", "--zone=-x", "--broker", "redis://x/0", "--store", str(tmp_path / "h")],
        capsys,
    )
    assert code == 2 and "zone '-x' is not a valid name" in err
    code, err = run(
        ["worker", "--zone", "north", "--broker", "redis://x/0"]
        + ["--store", f"postgresql://a:Pg-Secret-1@127.0.0.1:{free_port()}/db"],
        capsys,
    )
    assert code == 2 and "cannot connect" in err and "Pg-Secret-1" not in err


def test_saved_outputs_are_never_dispatched(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = run(
        ["audit", "--from-dir", str(tmp_path), "--engine", "celery", "--broker", "redis://x/0"],
        capsys,
    )
    assert code == 2 and "--from-dir" in err
