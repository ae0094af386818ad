"""The files of a pack: reproducible JSON (and golden), schema-valid, hashed in the manifest,
a real PDF, and HTML in which device output is text, never markup.

Regenerate the golden file when a change is intended, then review the diff:

    AUDITOR_UPDATE_GOLDEN=1 python -m pytest -q tests/report/compliance
"""

from __future__ import annotations

import difflib
import hashlib
import json
import os
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from compliance_fixtures import HOSTILE, POLICY, SCENARIO, SCOPE, SPARES, catalogue, fleet_run

from auditor.report.compliance import (
    load_policy,
    load_spares,
    pack_from_run,
    pack_json,
    render_html,
    write_pack,
)

SCHEMAS = Path(__file__).resolve().parents[3] / "docs" / "schemas"
GOLDEN = Path(__file__).parent / "golden" / "compliance.json"
GOLDEN_HTML = GOLDEN.with_name("compliance.html")
UPDATE = os.environ.get("AUDITOR_UPDATE_GOLDEN") == "1"


def _validator(name: str) -> jsonschema.Draft202012Validator:
    schema = json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def _fresh_pack() -> dict[str, Any]:
    """Everything rebuilt from the files: run, catalogue, policy, spares."""
    return pack_from_run(
        fleet_run(), catalogue(), load_policy(POLICY), load_spares(SPARES), SCOPE, (SCENARIO,)
    )


def test_the_same_inputs_give_byte_identical_json(tmp_path: Path) -> None:
    first = write_pack(_fresh_pack(), tmp_path / "a", POLICY, SPARES, pdf=False)
    second = write_pack(_fresh_pack(), tmp_path / "b", POLICY, SPARES, pdf=False)
    for a, b in zip(first, second, strict=True):
        assert a.name == b.name
        assert a.read_bytes() == b.read_bytes(), a.name
    text = (tmp_path / "a" / "compliance.json").read_text(encoding="utf-8")
    assert text == json.dumps(json.loads(text), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def test_the_whole_pack_pdf_included_is_reproducible(pack_dir: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    write_pack(_fresh_pack(), again, POLICY, SPARES)
    assert (again / "manifest.json").read_bytes() == (pack_dir / "manifest.json").read_bytes()


def _against_golden(got: str, golden: Path) -> None:
    if UPDATE:
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(got, encoding="utf-8", newline="")
    assert golden.exists(), f"no golden file {golden}; run with AUDITOR_UPDATE_GOLDEN=1"
    want = golden.read_text(encoding="utf-8")
    if got != want:
        diff = difflib.unified_diff(
            want.splitlines(), got.splitlines(), "golden", "built", lineterm="", n=2
        )
        pytest.fail(
            f"{golden.name} differs from the golden file (if intended: AUDITOR_UPDATE_GOLDEN=1, "
            "then review git diff):\n" + "\n".join(list(diff)[:80])
        )


def test_json_matches_the_golden_file(pack: dict[str, Any]) -> None:
    _against_golden(pack_json(pack), GOLDEN)


def test_html_matches_the_golden_file(pack: dict[str, Any]) -> None:
    """The page a compliance officer signs: a template change is a reviewed diff. (The PDF is
    laid out from this HTML; its bytes depend on the machine's fonts, so it has no golden.)"""
    _against_golden(render_html(pack), GOLDEN_HTML)


def test_export_and_manifest_are_valid_against_the_published_schemas(pack_dir: Path) -> None:
    pack = json.loads((pack_dir / "compliance.json").read_text(encoding="utf-8"))
    errors = sorted(_validator("compliance.schema.json").iter_errors(pack), key=str)
    assert not errors, "\n".join(f"{e.json_path}: {e.message}" for e in errors[:10])
    manifest = json.loads((pack_dir / "manifest.json").read_text(encoding="utf-8"))
    _validator("compliance-manifest.schema.json").validate(manifest)


def test_the_schema_refuses_a_pack_that_drifts(pack: dict[str, Any]) -> None:
    broken = json.loads(pack_json(pack))
    broken["summary"]["by_support_state"]["supported"] = "seven"
    broken["devices"][0]["unexpected"] = True
    paths = {e.json_path for e in _validator("compliance.schema.json").iter_errors(broken)}
    assert paths == {"$.summary.by_support_state.supported", "$.devices[0]"}


def test_manifest_lists_every_file_with_its_sha256(pack_dir: Path) -> None:
    manifest = json.loads((pack_dir / "manifest.json").read_text(encoding="utf-8"))
    listed = {f["name"]: f for f in manifest["files"]}
    on_disk = {p.name for p in pack_dir.iterdir()} - {"manifest.json"}
    assert (
        set(listed)
        == on_disk
        == {
            "compliance.html",
            "compliance.json",
            "compliance.pdf",
            "policy.yaml",
            "spares.yaml",
        }
    )
    for name, entry in listed.items():
        data = (pack_dir / name).read_bytes()
        assert entry["sha256"] == hashlib.sha256(data).hexdigest(), name
        assert entry["bytes"] == len(data)
    assert (pack_dir / "policy.yaml").read_bytes() == POLICY.read_bytes()
    assert manifest["run_id"] == "20260601T080000Z-c0mp1a"


def test_pdf_is_produced(pack_dir: Path) -> None:
    pdf = (pack_dir / "compliance.pdf").read_bytes()
    assert pdf.startswith(b"%PDF-")
    assert pdf.rstrip().endswith(b"%%EOF")
    assert len(pdf) > 10_000


def test_html_shows_device_output_as_text(pack_dir: Path) -> None:
    html = (pack_dir / "compliance.html").read_text(encoding="utf-8")
    assert HOSTILE not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script" not in html.lower()
    assert "Content-Security-Policy" in html
    # figures the reader signs are in the page, with their sources as links
    assert "Compliance pack: Example Telecom Ltd" in html
    assert 'href="https://www.commsupdate.com/' in html
    assert "dvd-full-fibre-cap" in html
