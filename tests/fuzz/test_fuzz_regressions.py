"""Crashes the fuzz found, kept as plain regression tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from harness import exercise

from importer.transforms.html_to_markdown import to_markdown

CLEAN = Path(__file__).resolve().parents[2] / "fixtures" / "validate" / "clean.xml"


def test_a_prefix_never_declared_does_not_crash_validate(tmp_path: Path) -> None:
    data = CLEAN.read_bytes().replace(b'\txmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"\n', b"")
    assert exercise(data, tmp_path / "run") in ("ok", "refused")


@pytest.mark.parametrize("html", ["a\x0bb", "<p>a\x01b</p>", "<p>x &#1; y</p>", "<pre>a\x02b</pre>"])
def test_control_characters_do_not_crash_the_markdown_conversion(html: str) -> None:
    markdown = to_markdown(html)
    assert not any(c in markdown for c in "\x00\x01\x02\x0b")


@pytest.mark.parametrize("field", [b"wp:post_parent", b"wp:post_id", b"wp:comment_id", b"wp:menu_order"])
def test_numbers_too_big_for_a_database_do_not_crash_the_sql_writer(field: bytes, tmp_path: Path) -> None:
    data = CLEAN.read_bytes()
    start = data.index(b"<" + field + b">") + len(field) + 2
    end = data.index(b"<", start)
    data = data[:start] + b"99999999999999999999" + data[end:]
    assert exercise(data, tmp_path / "run") == "ok"
