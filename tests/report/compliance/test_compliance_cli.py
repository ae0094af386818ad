"""`auditor report compliance` and `auditor verify` as a user runs them: exit codes, messages,
and what ends up on disk."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from compliance_fixtures import CATALOGUE, POLICY, SPARES, fleet_run, keypair

from auditor.report.render import render
from auditor.report.view import build_view

Cli = Callable[[list[str]], int]
REPORT_TESTS = Path(__file__).resolve().parents[1]


def _report_json(folder: Path, run: Any = None) -> Path:
    """report.json as `auditor audit` writes it. (Built without the catalogue, so its lifecycle
    dates come from findings only: the pack must not lean on them, it dates support itself.)"""
    path = folder / "report.json"
    path.write_text(render(build_view(run or fleet_run()), "json"), encoding="utf-8")
    return path


def _pack(cli: Cli, folder: Path, *extra: str) -> int:
    return cli(
        [
            "report",
            "compliance",
            "--results",
            str(_report_json(folder)),
            "--catalogue",
            str(CATALOGUE),
            "--policy",
            str(POLICY),
            "--spares",
            str(SPARES),
            "--operator",
            "Example Telecom Ltd",
            "--network",
            "fixed access",
            "mobile",
            "--scenario",
            "huawei:2026-09-01",
            "--out",
            str(folder / "pack"),
            "--no-pdf",  # the PDF is tested once, in test_compliance_output.py
            *extra,
        ]
    )


def test_pack_from_report_json_has_the_same_figures_as_from_the_run(
    auditor_cli: Cli, tmp_path: Path, pack: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    assert _pack(auditor_cli, tmp_path) == 0
    out = capsys.readouterr().out
    assert "rule dvd-core: breach" in out
    built = json.loads((tmp_path / "pack" / "compliance.json").read_text(encoding="utf-8"))
    for key in (
        "summary",
        "devices",
        "domains",
        "rules",
        "deadlines",
        "scenarios",
        "spares",
        "remediation",
        "annex",
    ):
        assert built[key] == pack[key], key
    assert built["scope"]["networks"] == ["fixed access", "mobile"]
    assert not (tmp_path / "pack" / "compliance.pdf").exists()


def test_signed_pack_verifies_and_openssl_agrees(
    auditor_cli: Cli, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    private, public = keypair(tmp_path)
    assert _pack(auditor_cli, tmp_path, "--sign", str(private)) == 0
    pack = tmp_path / "pack"
    assert len((pack / "manifest.json.sig").read_bytes()) == 64
    capsys.readouterr()
    assert auditor_cli(["verify", str(pack), "--key", str(public)]) == 0
    assert "signature valid" in capsys.readouterr().out
    if shutil.which("openssl"):
        done = subprocess.run(
            ["openssl", "pkeyutl", "-verify", "-pubin", "-inkey", str(public), "-rawin",
             "-in", str(pack / "manifest.json"), "-sigfile", str(pack / "manifest.json.sig")],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        assert done.returncode == 0, done.stdout + done.stderr


def test_a_tampered_file_fails_verification_naming_it(
    auditor_cli: Cli, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    private, public = keypair(tmp_path)
    assert _pack(auditor_cli, tmp_path, "--sign", str(private)) == 0
    pack = tmp_path / "pack"
    html = pack / "compliance.html"
    html.write_text(
        html.read_text(encoding="utf-8").replace("breach", "compliant"), encoding="utf-8"
    )
    (pack / "erratum.txt").write_text("all fine\n", encoding="utf-8")
    capsys.readouterr()
    assert auditor_cli(["verify", str(pack), "--key", str(public)]) == 1
    err = capsys.readouterr().err
    assert "mismatch: compliance.html: SHA-256 differs" in err
    assert "mismatch: erratum.txt: not listed in the manifest" in err
    assert "compliance.json" not in err  # untouched files are not blamed


def test_a_rewritten_manifest_fails_the_signature(
    auditor_cli: Cli, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    private, public = keypair(tmp_path)
    assert _pack(auditor_cli, tmp_path, "--sign", str(private)) == 0
    pack = tmp_path / "pack"
    # a forger edits a file AND its hash in the manifest: only the signature can tell
    html = pack / "compliance.html"
    html.write_text(html.read_text(encoding="utf-8") + "<!-- edited -->", encoding="utf-8")
    manifest = json.loads((pack / "manifest.json").read_text(encoding="utf-8"))
    for f in manifest["files"]:
        if f["name"] == "compliance.html":
            f["sha256"] = hashlib.sha256(html.read_bytes()).hexdigest()
            f["bytes"] = html.stat().st_size
    (pack / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    capsys.readouterr()
    assert auditor_cli(["verify", str(pack)]) == 0  # hashes agree; signature not checked
    assert "not checked" in capsys.readouterr().out
    assert auditor_cli(["verify", str(pack), "--key", str(public)]) == 1
    assert "mismatch: manifest.json: signature does not match" in capsys.readouterr().err
    _, other_public = keypair(_mk(tmp_path / "other"))
    assert _pack(auditor_cli, tmp_path, "--sign", str(private)) == 0  # a genuine pack again
    assert auditor_cli(["verify", str(pack), "--key", str(other_public)]) == 1
    assert "another key signed it" in capsys.readouterr().err


def test_a_signed_manifest_mangled_beyond_reading_is_a_failed_check_not_bad_input(
    auditor_cli: Cli, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    private, public = keypair(tmp_path)
    assert _pack(auditor_cli, tmp_path, "--sign", str(private)) == 0
    manifest = tmp_path / "pack" / "manifest.json"
    manifest.write_text(manifest.read_text(encoding="utf-8")[:40], encoding="utf-8")
    capsys.readouterr()
    # with the signer's key: the manifest was altered after signing -> verification fails (1)
    assert auditor_cli(["verify", str(tmp_path / "pack"), "--key", str(public)]) == 1
    err = capsys.readouterr().err
    assert "signature does not match" in err and "manifest.json: unreadable" in err
    # without a key nothing proves tampering: an unreadable manifest is bad input (2)
    assert auditor_cli(["verify", str(tmp_path / "pack")]) == 2
    assert "not valid JSON" in capsys.readouterr().err


def _mk(folder: Path) -> Path:
    folder.mkdir()
    return folder


BAD_MANIFESTS = {
    "not a folder": None,
    "no manifest": "",
    "must be a plain file name": json.dumps(
        {
            "schema": "auditor-compliance-manifest/1",
            "run_id": None,
            "files": [{"name": "../x", "sha256": "0" * 64, "bytes": 1}],
        }
    ),
    "not valid JSON": "{not json",
    "expected schema": json.dumps({"schema": "something-else/1", "files": []}),
}


@pytest.mark.parametrize("message", sorted(BAD_MANIFESTS))
def test_verify_bad_input_exits_2(
    auditor_cli: Cli, tmp_path: Path, capsys: pytest.CaptureFixture[str], message: str
) -> None:
    folder = tmp_path / "pack"
    manifest = BAD_MANIFESTS[message]
    if manifest is None:
        folder.write_text("a file, not a pack folder\n")
    else:
        folder.mkdir()
        if manifest:
            (folder / "manifest.json").write_text(manifest)
    assert auditor_cli(["verify", str(folder)]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_verify_with_a_key_that_is_not_a_key_exits_2(
    auditor_cli: Cli, pack_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "key.pem"
    bad.write_text("not a key\n")
    assert auditor_cli(["verify", str(pack_dir), "--key", str(bad)]) == 2
    assert "not a PEM public key" in capsys.readouterr().err


BAD_POLICY = """\
policy:
  id: broken
  name: broken policy
  version: "1"
  supported_until: [end_of_security_support, end_of_lunch]
high_risk_vendors:
  - vendor: huawei
    text: designated
    source: https://example.invalid/designation
domains:
  - id: access
    roles: [access]
rules:
  - id: cap
    kind: cap
    domain: access
    max_precent: 35
    text: a cap with a typo
    source: https://example.invalid/cap
  - id: gone
    kind: exclusion
    domain: core
    by: 31/12/2023
    text: no source and an unknown domain
"""


def test_a_bad_policy_is_a_located_error_exit_2(
    auditor_cli: Cli, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    policy = tmp_path / "policy.yaml"
    policy.write_text(BAD_POLICY, encoding="utf-8")
    code = auditor_cli(
        ["report", "compliance", "--results", str(_report_json(tmp_path)), "--catalogue",
         str(CATALOGUE), "--policy", str(policy), "--out", str(tmp_path / "pack")]
    )  # fmt: skip
    err = capsys.readouterr().err
    assert code == 2, err
    assert "Traceback" not in err
    assert f"{policy}:5: policy.supported_until: unknown value 'end_of_lunch'" in err
    assert f"{policy}:17: rules[0].max_precent: unknown key 'max_precent'" in err
    assert f"{policy}:14: rules[0].max_percent: missing `max_percent`" in err
    assert f"{policy}:23: rules[1].by: expected a date YYYY-MM-DD, got '31/12/2023'" in err
    assert "rules[1].source: missing `source`" in err
    assert f"{policy}:22: rules[1].domain: unknown domain 'core'; expected one of: access" in err
    assert not (tmp_path / "pack").exists()  # nothing written


def test_a_policy_vendor_the_catalogue_does_not_know_is_located(
    auditor_cli: Cli, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    policy = tmp_path / "policy.yaml"
    policy.write_text(
        POLICY.read_text(encoding="utf-8").replace("- vendor: huawei", "- vendor: huawie"),
        encoding="utf-8",
    )
    assert _pack_with(auditor_cli, tmp_path, "--policy", str(policy)) == 2
    err = capsys.readouterr().err
    assert f"{policy}:25: high_risk_vendors: vendor 'huawie' is not in the catalogue" in err


def test_a_bad_spares_file_is_a_located_error_exit_2(
    auditor_cli: Cli, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spares = tmp_path / "spares.yaml"
    spares.write_text(
        "spares:\n  - {model: NE40E-X8, held: -1}\n  - {model: NE40E-X8, held: 1}\n  - {model: NE40E-X8, held: 2}\n"
    )
    assert _pack_with(auditor_cli, tmp_path, "--spares", str(spares)) == 2
    err = capsys.readouterr().err
    assert f"{spares}:2: spares[0].held: expected a whole number 0 or more, got -1" in err
    assert f"{spares}:4: spares[2].model: duplicate model 'NE40E-X8' (first in spares[1])" in err


def test_a_report_from_another_catalogue_is_refused(
    auditor_cli: Cli, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = REPORT_TESTS / "data" / "catalogue"
    assert _pack_with(auditor_cli, tmp_path, "--catalogue", str(other)) == 2
    err = capsys.readouterr().err
    assert "the run was evaluated with catalogue 'compliance-test-1'" in err
    assert "tip:" in err


def test_out_folder_holding_other_files_is_refused(
    auditor_cli: Cli, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "pack"
    out.mkdir()
    (out / "notes.txt").write_text("mine\n")
    assert _pack(auditor_cli, tmp_path) == 2
    assert "holds files that are not part of a pack: notes.txt" in capsys.readouterr().err
    assert (out / "notes.txt").read_text() == "mine\n"


def test_results_or_run_is_required(
    auditor_cli: Cli, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert auditor_cli(["report", "compliance", "--out", str(tmp_path / "p")]) == 2
    assert "give either --results REPORT.json or --run ID" in capsys.readouterr().err
    missing = ["--results", str(tmp_path / "nope.json"), "--policy", str(POLICY)]
    assert auditor_cli(["report", "compliance", *missing, "--out", str(tmp_path / "p")]) == 2
    assert "nope.json: file not found" in capsys.readouterr().err
    assert _pack_with(auditor_cli, tmp_path, "--scenario", "huawei") == 2
    assert "expected VENDOR:YYYY-MM-DD" in capsys.readouterr().err


def test_pack_from_a_stored_run_matches_the_pack_from_its_report(
    auditor_cli: Cli, tmp_path: Path
) -> None:
    """A stored run is re-parsed and re-evaluated from its raw outputs: same figures."""
    from report_fixtures import catalogue as report_catalogue
    from report_fixtures import demo_run

    from auditor.store import open_store

    run = demo_run()
    store_path = tmp_path / "history.sqlite3"
    with open_store(store_path) as store:
        run_id = store.begin_run(
            run_id=run.run_id, started_at=run.started_at, as_of=run.as_of,
            tool_version=run.tool_version, inventory_source=run.inventory_source,
            inventory_sha256=run.inventory_sha256, catalogue_version=run.catalogue_version,
            catalogue_sha256=run.catalogue_sha256, horizon_days=run.horizon_days,
        )  # fmt: skip
        for result in run.results:
            store.record(run_id, result)
        store.finish_run(run_id, run)
    catalogue = Path(report_catalogue().root)
    common = [
        "--catalogue",
        str(catalogue),
        "--policy",
        str(POLICY),
        "--scenario",
        "huawei:2026-09-01",
        "--no-pdf",
    ]
    assert (
        auditor_cli(
            [
                "report",
                "compliance",
                "--run",
                "latest",
                "--store",
                str(store_path),
                *common,
                "--out",
                str(tmp_path / "a"),
            ]
        )
        == 0
    )
    report = _report_json(tmp_path, run)
    assert (
        auditor_cli(
            [
                "report",
                "compliance",
                "--results",
                str(report),
                *common,
                "--out",
                str(tmp_path / "b"),
            ]
        )
        == 0
    )
    a = json.loads((tmp_path / "a" / "compliance.json").read_text(encoding="utf-8"))
    b = json.loads((tmp_path / "b" / "compliance.json").read_text(encoding="utf-8"))
    for key in ("summary", "devices", "rules", "scenarios", "spares", "remediation"):
        assert a[key] == b[key], key
    assert a["summary"]["devices"] == 15
    assert a["summary"]["high_risk_devices"] == 2  # the demo's two Huawei boxes


def _pack_with(cli: Cli, folder: Path, *override: str) -> int:
    """The standard pack command with some options replaced (argparse: the last one wins)."""
    return _pack(cli, folder, *override)


def test_a_report_missing_what_the_pack_needs_is_refused(
    auditor_cli: Cli, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = _report_json(tmp_path)
    data = json.loads(report.read_text(encoding="utf-8"))
    del data["devices"][3]["status"]
    report.write_text(json.dumps(data), encoding="utf-8")
    code = auditor_cli(
        ["report", "compliance", "--results", str(report), "--catalogue", str(CATALOGUE),
         "--policy", str(POLICY), "--out", str(tmp_path / "pack")]
    )  # fmt: skip
    err = capsys.readouterr().err
    assert code == 2 and "report: devices[3].status: expected one of" in err
    assert "Traceback" not in err
