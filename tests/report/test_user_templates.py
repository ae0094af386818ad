"""`--template DIR`: a user's own templates run sandboxed, and a broken one is a located exit 2."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from auditor.errors import InputError, LocatedError
from auditor.report.render import check_template_dir, render, write_reports


def _dir(tmp_path: Path, name: str, text: str) -> Path:
    """A user's template folder holding one template."""
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / name).write_text(text)
    return folder


def test_user_template_overrides_one_format_and_the_rest_stay_shipped(
    view: dict[str, Any], tmp_path: Path
) -> None:
    folder = _dir(
        tmp_path, "report.md.j2", "{% for d in report.devices %}{{ d.name | md }}\n{% endfor %}"
    )
    assert render(view, "md", folder).splitlines()[0] == "gla-pe-01"
    assert render(view, "html", folder) == render(view, "html")  # not overridden: shipped one


def test_user_html_template_is_autoescaped_and_gets_the_charts(
    view: dict[str, Any], tmp_path: Path
) -> None:
    folder = _dir(
        tmp_path,
        "report.html.j2",
        "{% for d in report.devices %}{{ d.facts.hostname if d.facts }}|{% endfor %}"
        "{{ charts.by_site }}",
    )
    page = render(view, "html", folder)
    assert "&lt;script&gt;" in page and "<script>" not in page
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in page


@pytest.mark.parametrize(
    "body",
    [
        "{{ ''.__class__.__mro__ }}",
        "{{ report.__class__.__init__.__globals__ }}",
        "{{ report.devices.append(1) }}",  # immutable: one format cannot change another's data
    ],
)
def test_python_internals_are_out_of_reach_and_the_error_names_file_and_line(
    view: dict[str, Any], tmp_path: Path, body: str
) -> None:
    folder = _dir(tmp_path, "report.md.j2", f"# title\n{body}\n")
    with pytest.raises(LocatedError) as caught:
        render(view, "md", folder)
    error = caught.value
    assert error.exit_code == 2
    assert error.file is not None and error.file.endswith("report.md.j2")
    assert error.line == 2
    assert "SecurityError" in error.message
    assert error.tip and "sandbox" in error.tip


def test_syntax_error_is_found_before_any_audit(tmp_path: Path) -> None:
    folder = _dir(tmp_path, "report.csv.j2", "ok\n{% for x in %}\n")
    with pytest.raises(LocatedError) as caught:
        check_template_dir(folder)
    assert caught.value.file and caught.value.file.endswith("report.csv.j2")
    assert caught.value.line == 2


def test_sandbox_violation_is_found_before_any_audit(tmp_path: Path) -> None:
    folder = _dir(tmp_path, "report.html.j2", "<p>\n\n{{ ''.__class__ }}</p>")
    with pytest.raises(LocatedError, match=r"report\.html\.j2:3: SecurityError"):
        check_template_dir(folder)


def test_a_good_template_dir_passes_the_check(tmp_path: Path) -> None:
    folder = _dir(tmp_path, "report.md.j2", "{{ report.summary.devices }} devices\n")
    check_template_dir(folder)


@pytest.mark.parametrize("make", ["missing", "empty"])
def test_template_dir_must_exist_and_hold_templates(tmp_path: Path, make: str) -> None:
    folder = tmp_path / "t"
    if make == "empty":
        folder.mkdir()
    with pytest.raises(InputError, match=str(folder)):
        check_template_dir(folder)


def test_json_is_kept_when_a_user_template_breaks(view: dict[str, Any], tmp_path: Path) -> None:
    folder = _dir(tmp_path, "report.md.j2", "{{ report.no_such_key }}\n")
    out = tmp_path / "out"
    with pytest.raises(LocatedError) as caught:
        write_reports(view, out, template_dir=folder)
    assert "UndefinedError" in caught.value.message
    assert caught.value.tip and "report.json" in caught.value.tip
    assert json.loads((out / "report.json").read_text())["schema"] == "auditor-report/1"
    assert not (out / "report.md").exists()


def _audit_has_template_option() -> bool:
    from auditor.cli import build_parser

    sub: Any = next(a for a in build_parser()._actions if a.dest == "command")
    return "--template" in sub.choices["audit"]._option_string_actions


@pytest.mark.skipif(
    not _audit_has_template_option(), reason="`auditor audit --template` not wired in the CLI yet"
)
def test_audit_command_exits_2_naming_the_template_file_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from auditor.cli import main

    folder = _dir(tmp_path, "report.html.j2", "<h1>x</h1>\n{{ ''.__class__.__mro__ }}\n")
    inventory = tmp_path / "inventory.yaml"
    inventory.write_text(
        "hosts:\n  r1: {host: 127.0.0.1, port: 9, platform: cisco_ios, username: audit}\n"
    )
    monkeypatch.setenv("AUDITOR_PASSWORD", "not-used")
    code = main(
        [
            "audit",
            "--inventory",
            str(inventory),
            "--template",
            str(folder),
            "--out",
            str(tmp_path / "out"),
            "--connect-timeout",
            "1",
            "--device-timeout",
            "2",
            "--quiet",
        ]  # fmt: skip
    )
    err = capsys.readouterr().err
    assert code == 2
    assert f"{folder / 'report.html.j2'}:2" in err
    assert "Traceback" not in err
