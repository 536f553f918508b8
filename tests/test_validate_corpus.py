"""validate on the shared corpus of real exports: malformed files (by the independent reference
in expected-wxr.json) give BI002 or BI004, well-formed ones never do, and nothing crashes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

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
