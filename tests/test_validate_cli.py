"""`blogimport validate` on the command line: exit codes, formats, --strict, --ignore, config, -o."""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from click.testing import CliRunner
from conftest import FIXTURES

from importer.cli import main

V = FIXTURES / "validate"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["validate", *args])
    assert "Traceback" not in result.output
    return result.exit_code, result.stdout


def test_clean_source_exits_0() -> None:
    code, out = run(str(V / "clean.xml"))
    assert code == 0 and out == "ok: 1 file checked, no problems\n"


def test_error_exits_1_with_a_readable_report() -> None:
    code, out = run(str(V / "bi101-dangling-comment-parent.xml"))
    assert code == 1
    assert "BI101 dangling-comment-parent" in out and "comment 2 replies to comment 41" in out
    assert out.endswith("1 error, 0 warnings in 1 file\n")


def test_warnings_exit_0_unless_strict() -> None:
    assert run(str(V / "bi021-mojibake.xml"))[0] == 0
    assert run(str(V / "bi021-mojibake.xml"), "--strict")[0] == 1


def test_ignore_by_code_or_name() -> None:
    path = str(V / "bi101-dangling-comment-parent.xml")
    assert run(path, "--ignore", "BI101")[0] == 0
    assert run(path, "--ignore", "mojibake,dangling-comment-parent")[0] == 0


def test_unknown_ignore_code_is_a_usage_error() -> None:
    result = CliRunner().invoke(main, ["validate", str(V / "clean.xml"), "--ignore", "BI999"])
    assert result.exit_code == 2
    assert "unknown finding code 'BI999'" in result.stderr


def test_no_source_is_a_usage_error() -> None:
    assert CliRunner().invoke(main, ["validate"]).exit_code == 2
    result = CliRunner().invoke(main, ["validate", str(V / "clean.xml"), "--against", str(V / "clean.xml")])
    assert result.exit_code == 2 and "--against needs --export" in result.stderr


def test_missing_file_exits_2() -> None:
    code, out = run("no-such-export.xml")
    assert code == 2 and "BI001 unreadable-input" in out


def test_github_format() -> None:
    path = V / "bi104-dangling-post-parent.xml"
    code, out = run(str(path), "--format", "github")
    assert code == 0
    assert out.splitlines()[0] == (
        f"::warning file={path},line=84,title=BI104 dangling-post-parent::"
        "attachment has parent 99, which is not in the export (post 12)"
    )


def test_json_format() -> None:
    code, out = run(str(V / "bi103-duplicate-comment-id.xml"), "--format", "json")
    document = json.loads(out)
    assert code == 1 and document["exit_code"] == 1
    assert [(f["code"], f["post_id"], f["comment_id"]) for f in document["findings"]] == [("BI103", 14, 2)]


def test_junit_to_a_file(tmp_path: Path) -> None:
    report = tmp_path / "validate.xml"
    sources = [str(V / "clean.xml"), str(V / "bi100-duplicate-post-id.xml")]
    code, out = run(*sources, "--format", "junit", "-o", str(report))
    assert code == 1 and out == ""
    suites = ET.parse(report).getroot().findall("testsuite")
    assert [(s.get("name"), s.get("failures")) for s in suites] == [(sources[0], "0"), (sources[1], "1")]


def test_config_file_in_the_working_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pyproject.toml").write_text('[tool.blogimport.validate]\nstrict = true\nformat = "github"\n')
    code, out = run(str(V / "bi021-mojibake.xml"))
    assert code == 1 and out.startswith("::error ")
    (tmp_path / ".blogimport.toml").write_text('[validate]\nignore = ["mojibake"]\n')
    assert run(str(V / "bi021-mojibake.xml")) == (0, "ok: 1 file checked, no problems\n")


def test_list_codes() -> None:
    code, out = run("--list-codes")
    assert code == 0
    assert "BI101 dangling-comment-parent" in out and "BI508 missing-from-export" in out


def test_readme_documents_every_code_and_the_ci_examples() -> None:
    from conftest import ROOT

    from importer.validate import CODES

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for code in CODES.values():
        assert f"| `{code.code}` | `{code.name}` |" in readme
    assert "GitHub Actions" in readme and "GitLab CI" in readme and "--format junit" in readme
