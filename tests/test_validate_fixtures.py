"""Each fixture in fixtures/validate/ holds exactly one problem: validate must report its code
and nothing else, at the right place; clean.xml must come out clean."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FIXTURES

from importer.validate import Severity, validate

CASES = sorted((FIXTURES / "validate").glob("bi*.xml"))


def test_there_is_a_fixture_for_every_source_code() -> None:
    from importer.validate import CODES

    source_codes = {c for c in CODES if c < "BI500" and c != "BI099"}
    assert {p.name[:5].upper() for p in CASES} == source_codes


def test_clean_export_has_no_findings() -> None:
    report = validate([str(FIXTURES / "validate" / "clean.xml")])
    assert report.findings == []
    assert report.exit_code == 0


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_fixture_yields_exactly_its_code(path: Path) -> None:
    report = validate([str(path)])
    assert {f.code for f in report.findings} == {path.name[:5].upper()}, [f.message for f in report.findings]
    assert all(f.file == str(path) for f in report.findings)


def where(name: str) -> list[tuple[int | None, int | None, int | None]]:
    report = validate([str(FIXTURES / "validate" / name)])
    return [(f.line, f.post_id, f.comment_id) for f in report.findings]


@pytest.mark.parametrize(
    ("name", "location"),
    [
        ("bi101-dangling-comment-parent.xml", (69, 10, 2)),  # the <wp:comment> of comment 2
        ("bi102-comment-parent-other-post.xml", (131, 14, 3)),
        ("bi200-unparseable-date.xml", (107, 14, None)),  # the <item>
        ("bi201-zero-date-published.xml", (146, 2, None)),
        ("bi202-gmt-local-mismatch.xml", (131, 14, 3)),
        ("bi300-empty-title-published.xml", (107, 14, None)),
        ("bi302-broken-internal-link.xml", (107, 14, None)),
        ("bi303-unbalanced-shortcode.xml", (28, 10, None)),
    ],
)
def test_findings_point_at_the_item_or_comment(name: str, location: tuple[int, int, int | None]) -> None:
    assert where(name) == [location]


def test_not_well_formed_gives_line_and_column_of_the_first_error() -> None:
    path = FIXTURES / "validate" / "bi002-not-well-formed.xml"
    (f,) = validate([str(path)]).findings
    assert (f.line, f.severity) == (163, Severity.ERROR)
    assert f.column is not None and f.column > 0


def test_mojibake_message_names_the_intended_character() -> None:
    (f,) = validate([str(FIXTURES / "validate" / "bi021-mojibake.xml")]).findings
    assert "'Ã©'" in f.message and "'é'" in f.message


def test_unreadable_input_exits_2_and_errors_exit_1() -> None:
    assert validate([str(FIXTURES / "validate" / "bi001-unreadable-input.xml")]).exit_code == 2
    assert validate([str(FIXTURES / "validate" / "bi101-dangling-comment-parent.xml")]).exit_code == 1
    assert validate([str(FIXTURES / "validate" / "bi021-mojibake.xml")]).exit_code == 0  # a warning


def test_several_sources_are_checked_each_on_its_own() -> None:
    paths = [
        str(FIXTURES / "validate" / n)
        for n in ("clean.xml", "bi301-duplicate-slug.xml", "bi104-dangling-post-parent.xml")
    ]
    report = validate(paths)
    assert sorted((f.file, f.code) for f in report.findings) == sorted([(paths[1], "BI301"), (paths[2], "BI104")])
    assert report.files == paths


def test_lines_count_the_junk_before_the_xml(tmp_path: Path) -> None:
    text = (FIXTURES / "validate" / "bi101-dangling-comment-parent.xml").read_text(encoding="utf-8")
    source = tmp_path / "junk.xml"
    source.write_text("Warning: headers already sent\nin export.php on line 384\n" + text, encoding="utf-8")
    findings = validate([str(source)]).findings
    assert [(f.code, f.line) for f in findings] == [("BI004", None), ("BI101", 71)]
