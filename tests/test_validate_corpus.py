"""validate on the shared corpus of real exports: malformed files (by the independent reference
in expected-wxr.json) give BI002 or BI004, well-formed ones never do, and nothing crashes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from importer.cli import main
from importer.validate import validate


@pytest.mark.corpus
def test_well_formedness_agrees_with_the_reference(corpus: Path) -> None:
    expected = json.loads((corpus / "expected-wxr.json").read_text(encoding="utf-8"))
    for name, facts in sorted(expected.items()):
        report = validate([str(corpus / name)])
        codes = {f.code for f in report.findings}
        assert "BI001" not in codes and "BI003" not in codes, name
        if facts["well_formed"]:
            assert not codes & {"BI002", "BI004"}, (name, codes)
        elif "facts_after_skipping_leading_bytes" in facts:
            assert "BI004" in codes and "BI002" not in codes, name
        else:
            (error,) = [f for f in report.findings if f.code == "BI002"]
            assert error.line is not None, name
            # where the reader stopped, the parser's column too (a repaired ]]> is reported by line)
            assert error.column is not None or "]]>" in facts["parse_error"], name


@pytest.mark.corpus
def test_saved_html_pages_validate_without_errors(corpus: Path) -> None:
    pages = sorted(str(p) for p in (corpus / "html").rglob("*.html"))
    report = validate(pages)
    assert report.files[: len(pages)] == pages
    assert [f for f in report.findings if f.severity.value == "error"] == []


MALFORMED = {"crazy-cdata.xml", "malformed.xml", "malformed-simple.xml"}


@pytest.mark.corpus
@pytest.mark.parametrize("preset", ["hugo", "jekyll", "eleventy"])
def test_convert_then_validate_export_exits_0_on_every_corpus_export(corpus: Path, tmp_path: Path, preset: str) -> None:
    """The README's CI recipe: what convert writes (media not downloaded, untitled and undated
    posts included) passes ``validate --export site --against export.xml``."""
    runner = CliRunner()
    failures = []
    for number, source in enumerate(sorted(p for p in (corpus / "wxr").rglob("*.xml") if p.name not in MALFORMED)):
        site = tmp_path / str(number)
        arguments = ["convert", str(source), "--to", "markdown", "--preset", preset, "-o", str(site)]
        converted = runner.invoke(main, arguments)
        assert converted.exit_code == 0, (source.name, converted.output)
        checked = runner.invoke(main, ["validate", "--export", str(site), "--against", str(source)])
        if checked.exit_code != 0:
            failures.append(f"{source.name}: {checked.output[-600:]}")
    assert not failures, "\n".join(failures)
